package org.paceline.cli;

/** A command failed for a reason the user can act on; the message says what and where. */
public final class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The process exit status to use. */
  public int exitCode() {
    return exitCode;
  }
}
