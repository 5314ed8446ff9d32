package org.paceline.ra.script;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a command ended, with the tail of what it printed.
 *
 * @param outcome whether it exited by itself, was killed at its deadline, was killed because the
 *     calling thread was interrupted, or never started
 * @param pid the child's process id, which is also its process group and session id; {@code -1} if
 *     it never started
 * @param exitCode the exit status as the JDK reports it (a process killed by signal N reports 128 +
 *     N, as shells do); after a timeout or interrupt the status it died with; {@code -1} if it
 *     never started or could not be reaped
 * @param stdout the last bytes of standard output (UTF-8), at most the spec's output limit
 * @param stderr the last bytes of standard error (UTF-8), at most the spec's output limit
 * @param stdoutTruncated whether earlier standard output was dropped
 * @param stderrTruncated whether earlier standard error was dropped
 * @param detail what happened, in words, for logs and error reasons (never empty)
 * @param started when the command was started (or found not startable)
 * @param runTime how long it ran, including the time spent killing it
 */
public record CommandResult(
    Outcome outcome,
    long pid,
    int exitCode,
    String stdout,
    String stderr,
    boolean stdoutTruncated,
    boolean stderrTruncated,
    String detail,
    Instant started,
    Duration runTime) {

  /** How a command ended. */
  public enum Outcome {
    /** It exited on its own; {@link #exitCode()} is its status. */
    EXITED,
    /** Its deadline passed; its process group was sent SIGTERM and then SIGKILL. */
    TIMED_OUT,
    /** The calling thread was interrupted; its process group was sent SIGTERM and then SIGKILL. */
    INTERRUPTED,
    /** It could not be started (missing, not executable, exec failed); see {@link #detail()}. */
    NOT_STARTED
  }

  public CommandResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(runTime, "runTime");
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
    detail = detail == null || detail.isBlank() ? outcome.name() : detail;
  }

  /** Whether the command exited by itself (with any status). */
  public boolean exited() {
    return outcome == Outcome.EXITED;
  }

  /** Whether the command exited by itself with status 0. */
  public boolean succeeded() {
    return outcome == Outcome.EXITED && exitCode == 0;
  }

  /** Whether the command was killed at its deadline. */
  public boolean timedOut() {
    return outcome == Outcome.TIMED_OUT;
  }

  /** Whether the command was killed because the calling thread was interrupted. */
  public boolean interrupted() {
    return outcome == Outcome.INTERRUPTED;
  }

  /**
   * The signal that probably ended the process: {@code exitCode - 128} when the status is 129..192.
   * A program that calls {@code exit(137)} looks the same as one killed by SIGKILL; the JDK does
   * not tell them apart.
   */
  public OptionalInt signal() {
    return exitCode > 128 && exitCode <= 128 + 64
        ? OptionalInt.of(exitCode - 128)
        : OptionalInt.empty();
  }

  /**
   * What the command printed, for logs and error reports: the stdout tail, then the stderr tail,
   * separated by a newline when both are present.
   */
  public String combinedOutput() {
    if (stdout.isEmpty() || stderr.isEmpty()) {
      return stdout + stderr;
    }
    return stdout.endsWith("\n") ? stdout + stderr : stdout + "\n" + stderr;
  }
}
