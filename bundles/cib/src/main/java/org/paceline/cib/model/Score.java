package org.paceline.cib.model;

import java.util.Locale;

/**
 * A Pacemaker score: an integer where {@code INFINITY} is 1,000,000 and {@code -INFINITY} is
 * -1,000,000. Arithmetic saturates at those bounds, and {@code INFINITY + -INFINITY} is {@code
 * -INFINITY} (Pacemaker's rule: a ban wins).
 *
 * @param value the score, in {@code [-1000000, 1000000]}
 */
public record Score(int value) implements Comparable<Score> {

  /** The value of {@code INFINITY}. */
  public static final int INFINITY_VALUE = 1_000_000;

  public static final Score INFINITY = new Score(INFINITY_VALUE);
  public static final Score MINUS_INFINITY = new Score(-INFINITY_VALUE);
  public static final Score ZERO = new Score(0);

  public Score {
    if (value > INFINITY_VALUE || value < -INFINITY_VALUE) {
      throw new IllegalArgumentException(
          "score " + value + " is outside [-INFINITY, INFINITY] (±" + INFINITY_VALUE + ")");
    }
  }

  /** A score from any integer, clamped to {@code ±INFINITY}. */
  public static Score of(long value) {
    return new Score((int) Math.max(-INFINITY_VALUE, Math.min(INFINITY_VALUE, value)));
  }

  /**
   * Parses {@code INFINITY}, {@code +INFINITY}, {@code -INFINITY} (also {@code inf}, any case) or
   * an integer; integers beyond the bounds are clamped, as Pacemaker does.
   *
   * @throws IllegalArgumentException if {@code text} is none of those
   */
  public static Score parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("score is missing");
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "infinity", "+infinity", "inf", "+inf":
        return INFINITY;
      case "-infinity", "-inf":
        return MINUS_INFINITY;
      default:
        break;
    }
    try {
      return of(Long.parseLong(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "bad score '" + text + "': expected an integer, INFINITY or -INFINITY", e);
    }
  }

  /** Saturating addition; {@code -INFINITY} wins over {@code INFINITY}. */
  public Score plus(Score other) {
    if (value == -INFINITY_VALUE || other.value == -INFINITY_VALUE) {
      return MINUS_INFINITY;
    }
    if (value == INFINITY_VALUE || other.value == INFINITY_VALUE) {
      return INFINITY;
    }
    return of((long) value + other.value);
  }

  public boolean isInfinity() {
    return value == INFINITY_VALUE;
  }

  public boolean isMinusInfinity() {
    return value == -INFINITY_VALUE;
  }

  @Override
  public int compareTo(Score o) {
    return Integer.compare(value, o.value);
  }

  /** As crmsh prints it: {@code inf}, {@code -inf} or the integer. */
  @Override
  public String toString() {
    if (value == INFINITY_VALUE) {
      return "inf";
    }
    if (value == -INFINITY_VALUE) {
      return "-inf";
    }
    return Integer.toString(value);
  }
}
