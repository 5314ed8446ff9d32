package org.paceline.admin.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in request bodies: a JSON number is milliseconds; a string is a number with a unit
 * ({@code 500ms}, {@code 20s}, {@code 2m}, {@code 1h}), or a plain number of seconds as in
 * Pacemaker's configuration.
 */
final class DurationText {

  private static final Pattern TEXT =
      Pattern.compile("(\\d{1,9})\\s*(ms|s|sec|m|min|h)?", Pattern.CASE_INSENSITIVE);

  private DurationText() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException saying what a duration looks like
   */
  static Duration parse(String text) {
    Matcher m = TEXT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (e.g. 500ms, 20s, 2m; a plain number is seconds)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s", "sec" -> Duration.ofSeconds(n);
      case "m", "min" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /** {@code 20 s} for whole seconds, {@code 1500 ms} otherwise. */
  static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
