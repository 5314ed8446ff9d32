package org.paceline.cli;

/** The CLI's exit statuses. */
public final class ExitCodes {

  /** Success. */
  public static final int OK = 0;

  /** The command ran and failed (node unreachable, request refused, ...). */
  public static final int FAILED = 1;

  /** Bad usage or bad configuration: the command line or a file must be fixed. */
  public static final int USAGE = 2;

  /** The command is part of the contract but not available in this version yet. */
  public static final int NOT_AVAILABLE = 3;

  private ExitCodes() {}
}
