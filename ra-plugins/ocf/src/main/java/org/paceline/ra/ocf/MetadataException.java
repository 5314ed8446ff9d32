package org.paceline.ra.ocf;

/** An agent's meta-data could not be obtained or understood; the message says why. */
public final class MetadataException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public MetadataException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public MetadataException(String message, Throwable cause) {
    super(message, cause);
  }
}
