package org.paceline.fencing.external;

/** A fence agent's meta-data could not be obtained or understood; the message says why. */
public final class FenceMetadataException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public FenceMetadataException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public FenceMetadataException(String message, Throwable cause) {
    super(message, cause);
  }
}
