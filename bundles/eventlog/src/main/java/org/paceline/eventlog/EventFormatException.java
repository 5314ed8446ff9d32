package org.paceline.eventlog;

import java.io.IOException;

/** Bytes that are not a valid event: the message names the field and what is wrong with it. */
public final class EventFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  public EventFormatException(String message) {
    super(message);
  }

  public EventFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
