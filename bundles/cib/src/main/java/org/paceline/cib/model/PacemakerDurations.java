package org.paceline.cib.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Pacemaker's time values ({@code interval}, {@code timeout}, cluster options such as {@code
 * cluster-recheck-interval}): a number with an optional unit, {@code ms}/{@code msec}, {@code
 * us}/{@code usec}, {@code s}/{@code sec}, {@code m}/{@code min}, {@code h}/{@code hr}; a plain
 * number means seconds. ISO 8601 durations such as {@code PT5M} are accepted too.
 */
public final class PacemakerDurations {

  /** The longest time value accepted: 100 years. */
  public static final Duration MAX = Duration.ofDays(36_500);

  private PacemakerDurations() {}

  /**
   * Parses a time value.
   *
   * @param text the value, e.g. {@code 10}, {@code 10s}, {@code 500ms}, {@code 15min}, {@code PT1H}
   * @param what names the value in the error message
   * @throws IllegalArgumentException naming {@code what} and the value if it is not a time
   */
  public static Duration parse(String text, String what) {
    Duration d = parseUnchecked(text, what);
    if (d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(what + " '" + text + "' is longer than 100 years");
    }
    return d;
  }

  private static Duration parseUnchecked(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(what + " is missing");
    }
    String t = text.trim();
    if (t.charAt(0) == 'P' || t.charAt(0) == 'p') {
      try {
        Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
        if (d.isNegative()) {
          throw new IllegalArgumentException(what + " '" + text + "' must not be negative");
        }
        return d;
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            what + " '" + text + "' is not a time (expected e.g. 10s, 500ms, 5min, PT5M)", e);
      }
    }
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    if (i == 0 || i > 15) {
      throw new IllegalArgumentException(
          what + " '" + text + "' is not a time (expected e.g. 10s, 500ms, 5min, PT5M)");
    }
    long n = Long.parseLong(t.substring(0, i));
    String unit = t.substring(i).trim().toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "", "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(n);
      case "ms", "msec", "msecs" -> Duration.ofMillis(n);
      case "us", "usec", "usecs" -> Duration.ofNanos(n * 1000);
      case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(n);
      case "h", "hr", "hrs", "hour", "hours" -> Duration.ofHours(n);
      default ->
          throw new IllegalArgumentException(
              what + " '" + text + "' has an unknown unit '" + unit + "' (ms, s, min or h)");
    };
  }

  /**
   * The canonical text of a time value: whole seconds as {@code 10s}, otherwise milliseconds
   * ({@code 1500ms}) or microseconds ({@code 250us}); zero is {@code 0s}. {@link #parse} reads it
   * back to the same duration.
   */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos % 1_000_000 != 0) {
      return nanos / 1000 + "us";
    }
    long ms = nanos / 1_000_000;
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    return ms / 1000 + "s";
  }
}
