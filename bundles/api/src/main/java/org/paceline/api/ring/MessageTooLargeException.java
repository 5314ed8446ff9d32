package org.paceline.api.ring;

/** A message is larger than the ring delivers whole. */
public final class MessageTooLargeException extends Exception {

  private static final long serialVersionUID = 1L;

  public MessageTooLargeException(long size, long max) {
    super("message of " + size + " bytes is larger than the ring's limit of " + max + " bytes");
  }
}
