package org.paceline.controller.internal;

import java.util.Objects;

/**
 * Pacemaker's transition-key, {@code ACTION:TRANSITION:EXPECTED_RC:DC_INCARNATION}: recorded with
 * each result so the DC that sent the action recognises the answer, and a later DC does not.
 */
record TransitionKey(int action, long transition, int expectedRc, String incarnation) {

  TransitionKey {
    Objects.requireNonNull(incarnation, "incarnation");
  }

  /** Reads a key; null if {@code text} is null or not a key. */
  static TransitionKey parse(String text) {
    if (text == null) {
      return null;
    }
    String[] parts = text.split(":", 4);
    if (parts.length != 4 || parts[3].isEmpty()) {
      return null;
    }
    try {
      return new TransitionKey(
          Integer.parseInt(parts[0]),
          Long.parseLong(parts[1]),
          Integer.parseInt(parts[2]),
          parts[3]);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return action + ":" + transition + ":" + expectedRc + ":" + incarnation;
  }
}
