package org.paceline.scheduler.tools;

/**
 * A simulation cannot run because of its input: a missing or unreadable file, a parse error (the
 * message has the line and column), an unknown node or resource, a malformed what-if. The message
 * names the problem and is meant for the user as it is.
 */
public final class SimulationException extends Exception {

  private static final long serialVersionUID = 1L;

  public SimulationException(String message) {
    super(message);
  }

  public SimulationException(String message, Throwable cause) {
    super(message, cause);
  }
}
