package org.paceline.cib.service;

/**
 * A change that cannot be applied: the reason names what is wrong (a syntax error with line and
 * column, an unknown id, a reference that would dangle, no quorum). Every replica reaches the same
 * verdict for the same change, so a refused change leaves every replica as it was.
 */
public class CibChangeException extends Exception {
  private static final long serialVersionUID = 1L;

  public CibChangeException(String message) {
    super(message);
  }

  public CibChangeException(String message, Throwable cause) {
    super(message, cause);
  }
}
