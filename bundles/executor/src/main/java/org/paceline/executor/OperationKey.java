package org.paceline.executor;

import java.time.Duration;
import java.util.Objects;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.OperationRequest;

/**
 * What identifies an operation of a resource: the resource, the action and the interval, as
 * Pacemaker's operation keys do ({@code web_monitor_10000}). At most one recurring operation per
 * key runs at a time.
 *
 * @param resourceId the resource instance
 * @param action the action
 * @param interval the recurrence interval, {@link Duration#ZERO} for one-time operations
 */
public record OperationKey(String resourceId, AgentAction action, Duration interval) {

  public OperationKey {
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(interval, "interval");
  }

  /** The key of {@code request}. */
  public static OperationKey of(OperationRequest request) {
    return new OperationKey(request.resourceId(), request.action(), request.interval());
  }

  /** Pacemaker's spelling: {@code <resource>_<action>_<interval in ms>}. */
  @Override
  public String toString() {
    return resourceId + "_" + action.ocfName() + "_" + interval.toMillis();
  }
}
