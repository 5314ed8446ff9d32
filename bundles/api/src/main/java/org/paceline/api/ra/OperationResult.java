package org.paceline.api.ra;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one operation.
 *
 * @param status whether the agent ran to an answer
 * @param rc the agent's OCF code (meaningful when {@code status} is {@link ExecutionStatus#DONE};
 *     otherwise {@link OcfResultCode#ERR_GENERIC}, or {@link OcfResultCode#ERR_INSTALLED} for
 *     {@link ExecutionStatus#NOT_INSTALLED})
 * @param exitReason a one-line reason the agent gave ({@code ocf_exit_reason}), may be empty
 * @param output the tail of what the agent printed, may be empty
 * @param started when the agent was started
 * @param runTime how long the agent ran
 */
public record OperationResult(
    ExecutionStatus status,
    OcfResultCode rc,
    String exitReason,
    String output,
    Instant started,
    Duration runTime) {

  public OperationResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(rc, "rc");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(runTime, "runTime");
    exitReason = exitReason == null ? "" : exitReason;
    output = output == null ? "" : output;
  }

  /** A completed operation with code {@code rc}. */
  public static OperationResult done(
      OcfResultCode rc, String exitReason, Instant started, Duration runTime) {
    return new OperationResult(ExecutionStatus.DONE, rc, exitReason, "", started, runTime);
  }

  /** Whether the agent answered with {@code expected}. */
  public boolean is(OcfResultCode expected) {
    return status == ExecutionStatus.DONE && rc == expected;
  }
}
