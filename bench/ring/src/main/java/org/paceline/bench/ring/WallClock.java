package org.paceline.bench.ring;

import java.time.Instant;

/**
 * Wall-clock timestamps shared by the node processes and the harness on one machine: microseconds
 * since 1970, written as milliseconds with three decimals ({@code 1764100000123.456}).
 */
final class WallClock {

  private WallClock() {}

  /** Microseconds since 1970 (Linux gives Java 17 microsecond resolution). */
  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** {@code micros} as milliseconds with three decimals. */
  static String format(long micros) {
    return String.format("%d.%03d", micros / 1_000, micros % 1_000);
  }

  /** Parses what {@link #format} wrote. */
  static long parse(String millis) {
    int dot = millis.indexOf('.');
    if (dot < 0) {
      return Long.parseLong(millis) * 1_000;
    }
    String frac = (millis.substring(dot + 1) + "000").substring(0, 3);
    return Long.parseLong(millis.substring(0, dot)) * 1_000 + Long.parseLong(frac);
  }
}
