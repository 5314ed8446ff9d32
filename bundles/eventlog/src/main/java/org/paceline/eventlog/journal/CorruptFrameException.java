package org.paceline.eventlog.journal;

import java.io.IOException;

/** A frame that is torn or fails its check; the message names where and why. */
final class CorruptFrameException extends IOException {

  private static final long serialVersionUID = 1L;

  CorruptFrameException(String message) {
    super(message);
  }
}
