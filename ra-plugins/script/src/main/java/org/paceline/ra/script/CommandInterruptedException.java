package org.paceline.ra.script;

import java.util.Objects;

/**
 * Thrown by {@link CommandRunner#run} when the calling thread was interrupted. By the time it is
 * thrown the command's process group has been sent SIGTERM and, after the grace period, SIGKILL;
 * {@link #result()} holds what the command printed until then.
 */
public final class CommandInterruptedException extends InterruptedException {

  private static final long serialVersionUID = 1L;

  private final transient CommandResult result;

  /** An interruption of the command that ended as {@code result}. */
  public CommandInterruptedException(CommandResult result) {
    super(Objects.requireNonNull(result, "result").detail());
    this.result = result;
  }

  /** How the command ended ({@link CommandResult.Outcome#INTERRUPTED}), with its output. */
  public CommandResult result() {
    return result;
  }
}
