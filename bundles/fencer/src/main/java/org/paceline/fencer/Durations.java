package org.paceline.fencer;

import java.time.Duration;

/** Times as operators write them: {@code 60s}, {@code 1500ms}. */
final class Durations {

  private Durations() {}

  static String text(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
