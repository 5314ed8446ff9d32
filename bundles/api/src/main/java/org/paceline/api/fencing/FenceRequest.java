package org.paceline.api.fencing;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One request to a fence device.
 *
 * @param deviceId the configured fence device (stonith resource) id
 * @param action what to do
 * @param target the cluster node to act on, or {@code null} for device actions (list, monitor)
 * @param port the device's port for {@code target} (see {@link HostMap}), or {@code null}
 * @param parameters the device's configured parameters, passed to the agent as {@code key=value}
 * @param timeout how long the agent may take
 */
public record FenceRequest(
    String deviceId,
    FenceAction action,
    String target,
    String port,
    Map<String, String> parameters,
    Duration timeout) {

  public FenceRequest {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(timeout, "timeout");
    parameters = Map.copyOf(parameters);
    if (action.hasTarget() && target == null) {
      throw new IllegalArgumentException("fence action '" + action + "' needs a target node");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }
}
