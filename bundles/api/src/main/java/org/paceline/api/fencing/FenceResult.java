package org.paceline.api.fencing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one fence request.
 *
 * @param outcome whether the action succeeded
 * @param exitCode the agent's exit code (0 success; for status, 2 means the target is off)
 * @param message a one-line explanation, may be empty
 * @param output the tail of what the agent printed, may be empty
 * @param ports for {@link FenceAction#LIST}: the ports the device controls; empty otherwise
 * @param runTime how long the agent ran
 */
public record FenceResult(
    Outcome outcome,
    int exitCode,
    String message,
    String output,
    List<String> ports,
    Duration runTime) {

  /** Whether a fence request achieved its action. */
  public enum Outcome {
    /** The action was carried out (for status: the target is on). */
    SUCCESS,
    /** For status: the target is off. */
    TARGET_OFF,
    /** The agent ran and reported failure. */
    FAILED,
    /** The agent did not finish within the timeout and was killed. */
    TIMEOUT,
    /** No agent of that name is installed on this node. */
    NOT_INSTALLED
  }

  public FenceResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(runTime, "runTime");
    message = message == null ? "" : message;
    output = output == null ? "" : output;
    ports = List.copyOf(ports);
  }

  /** Whether the request achieved what it asked for. */
  public boolean succeeded() {
    return outcome == Outcome.SUCCESS || outcome == Outcome.TARGET_OFF;
  }
}
