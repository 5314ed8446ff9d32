package org.paceline.api.ra;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One operation for an agent to run.
 *
 * @param resourceId the resource instance ({@code OCF_RESOURCE_INSTANCE}), e.g. {@code web} or
 *     {@code db:1}
 * @param action what to do
 * @param parameters instance parameters ({@code OCF_RESKEY_<name>})
 * @param meta meta attributes ({@code OCF_RESKEY_CRM_meta_<name>}), e.g. {@code clone_max}
 * @param timeout how long the agent may take
 * @param interval the recurrence interval; {@link Duration#ZERO} for one-time operations and probes
 */
public record OperationRequest(
    String resourceId,
    AgentAction action,
    Map<String, String> parameters,
    Map<String, String> meta,
    Duration timeout,
    Duration interval) {

  public OperationRequest {
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(timeout, "timeout");
    parameters = Map.copyOf(parameters);
    meta = Map.copyOf(meta);
    interval = interval == null ? Duration.ZERO : interval;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative, got " + interval);
    }
  }

  /** A one-time operation with parameters only. */
  public static OperationRequest of(
      String resourceId, AgentAction action, Map<String, String> parameters, Duration timeout) {
    return new OperationRequest(resourceId, action, parameters, Map.of(), timeout, Duration.ZERO);
  }

  /** Whether this is a probe: a monitor with interval 0. */
  public boolean isProbe() {
    return action == AgentAction.MONITOR && interval.isZero();
  }
}
