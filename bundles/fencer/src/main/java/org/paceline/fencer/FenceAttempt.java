package org.paceline.fencer;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.paceline.api.fencing.FenceAction;

/**
 * One thing the fencer did (or could not do) with one device while fencing a node.
 *
 * @param level the plan level's index
 * @param deviceId the device
 * @param action the action asked of the device (may differ from the operation's: remapped reboot)
 * @param attempt 1 for the first try, 2 for the first retry, ...; 0 when the device was not asked
 *     (not usable, not capable)
 * @param status what came of it
 * @param exitCode the agent's exit code, or -1 when the agent did not finish or was not run
 * @param reason a one-line explanation
 * @param started when it started
 * @param completed when it ended
 */
public record FenceAttempt(
    int level,
    String deviceId,
    FenceAction action,
    int attempt,
    Status status,
    int exitCode,
    String reason,
    Instant started,
    Instant completed) {

  /** What came of an attempt. */
  public enum Status {
    /** The device carried out the action. */
    SUCCEEDED,
    /** The agent ran and failed. */
    FAILED,
    /** The agent did not finish in time and was interrupted. */
    TIMED_OUT,
    /** The device was not asked: it cannot fence the node (host check). */
    NOT_CAPABLE,
    /**
     * The device was not asked: not configured, disabled, misconfigured or its agent is not
     * installed.
     */
    UNUSABLE;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  public FenceAttempt {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(completed, "completed");
    reason = reason == null ? "" : reason;
  }

  /** Whether the device did what it was asked. */
  public boolean succeeded() {
    return status == Status.SUCCEEDED;
  }

  /** How long it took. */
  public Duration duration() {
    return Duration.between(started, completed);
  }

  /**
   * One readable line, e.g. {@code level 1 ipmi-n3 reboot #2: failed (exit 1): Connection refused}.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("level ").append(level).append(' ').append(deviceId).append(' ').append(action);
    if (attempt > 0) {
      sb.append(" #").append(attempt);
    }
    sb.append(": ").append(status);
    if (exitCode >= 0 && status != Status.SUCCEEDED) {
      sb.append(" (exit ").append(exitCode).append(')');
    }
    if (!reason.isEmpty()) {
      sb.append(": ").append(reason);
    }
    return sb.toString();
  }
}
