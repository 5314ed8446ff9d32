package org.paceline.fencer;

import java.time.Duration;
import java.util.Objects;
import org.paceline.api.fencing.FenceAction;

/**
 * A request to fence one node.
 *
 * @param target the node to fence
 * @param action {@code reboot}, {@code off} or {@code on} (unfencing)
 * @param requester the node that asked (Pacemaker's "origin")
 * @param client who asked on that node, e.g. {@code controller} or {@code paceline node fence}
 * @param delay a delay before the first device is tried, on top of the devices' own delays (e.g.
 *     the controller's {@code priority-fencing-delay}); zero for none
 * @param timeout the most the whole operation may take, or {@code null} for the default (see {@link
 *     Fencer})
 */
public record FencingRequest(
    String target,
    FenceAction action,
    String requester,
    String client,
    Duration delay,
    Duration timeout) {

  public FencingRequest {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("a fencing request needs a target node");
    }
    Objects.requireNonNull(action, "action");
    FencingPlan.checkAction(action);
    if (requester == null || requester.isBlank()) {
      throw new IllegalArgumentException("a fencing request needs the requesting node");
    }
    client = client == null || client.isBlank() ? "unknown" : client;
    delay = delay == null ? Duration.ZERO : delay;
    if (delay.isNegative()) {
      throw new IllegalArgumentException("fencing delay must not be negative, got " + delay);
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("fencing timeout must be positive, got " + timeout);
    }
  }

  /** A request with no extra delay and the default timeout. */
  public static FencingRequest of(
      String target, FenceAction action, String requester, String client) {
    return new FencingRequest(target, action, requester, client, Duration.ZERO, null);
  }

  /** This request with another overall timeout. */
  public FencingRequest withTimeout(Duration t) {
    return new FencingRequest(target, action, requester, client, delay, t);
  }

  /** This request with another extra delay. */
  public FencingRequest withDelay(Duration d) {
    return new FencingRequest(target, action, requester, client, d, timeout);
  }
}
