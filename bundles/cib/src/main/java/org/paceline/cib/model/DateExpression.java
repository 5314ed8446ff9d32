package org.paceline.cib.model;

import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * A test on the current time ({@code <date_expression>}). Date-times are Pacemaker's ISO 8601
 * values ({@link PacemakerDates}), kept as written; a value without an offset is in the zone of the
 * {@link RuleContext}.
 *
 * @param operation {@code in_range}, {@code gt}, {@code lt} or {@code date_spec}
 * @param start the start ({@code in_range}, {@code gt}), or {@code null}
 * @param end the end ({@code in_range}, {@code lt}), or {@code null}
 * @param duration with {@code in_range} and a start but no end: the length of the range
 * @param spec with {@code date_spec}: the calendar fields that must match
 */
public record DateExpression(
    Operation operation, String start, String end, DurationSpec duration, DateSpec spec)
    implements RuleExpression {

  /** The comparison of a date expression. */
  public enum Operation {
    IN_RANGE,
    GT,
    LT,
    DATE_SPEC;

    public static Operation parse(String text) {
      return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
        case "in_range" -> IN_RANGE;
        case "gt" -> GT;
        case "lt" -> LT;
        case "date_spec" -> DATE_SPEC;
        default ->
            throw new IllegalArgumentException(
                "unknown date_expression operation '"
                    + text
                    + "': expected in_range, gt, lt or date_spec");
      };
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public DateExpression {
    Checks.required(operation, "date_expression operation");
    String what = "date_expression " + operation;
    if (start != null) {
      PacemakerDates.parse(start, ZoneOffset.UTC);
    }
    if (end != null) {
      PacemakerDates.parse(end, ZoneOffset.UTC);
    }
    switch (operation) {
      case IN_RANGE -> {
        if (start == null && end == null) {
          throw new IllegalArgumentException(what + " needs a start or an end");
        }
        if (duration != null && (start == null || end != null)) {
          throw new IllegalArgumentException(
              what + " takes a duration only with a start and no end");
        }
        noSpec(spec, what);
      }
      case GT -> {
        Checks.required(start, what + " start");
        if (end != null || duration != null) {
          throw new IllegalArgumentException(what + " takes only a start");
        }
        noSpec(spec, what);
      }
      case LT -> {
        Checks.required(end, what + " end");
        if (start != null || duration != null) {
          throw new IllegalArgumentException(what + " takes only an end");
        }
        noSpec(spec, what);
      }
      case DATE_SPEC -> {
        Checks.required(spec, what + " date_spec");
        if (start != null || end != null || duration != null) {
          throw new IllegalArgumentException(what + " takes only a date_spec");
        }
      }
    }
  }

  private static void noSpec(DateSpec spec, String what) {
    if (spec != null) {
      throw new IllegalArgumentException(what + " takes no date_spec");
    }
  }

  /** {@code in_range} from {@code start} to {@code end}; either may be {@code null}. */
  public static DateExpression inRange(String start, String end) {
    return new DateExpression(Operation.IN_RANGE, start, end, null, null);
  }

  /** {@code date_spec}. */
  public static DateExpression dateSpec(DateSpec spec) {
    return new DateExpression(Operation.DATE_SPEC, null, null, null, spec);
  }

  /**
   * A length of time ({@code <duration>}), added field by field to the start of a range.
   *
   * @param years years
   * @param months months
   * @param weeks weeks
   * @param days days
   * @param hours hours
   * @param minutes minutes
   * @param seconds seconds
   */
  public record DurationSpec(
      long years, long months, long weeks, long days, long hours, long minutes, long seconds) {

    public DurationSpec {
      for (long v : new long[] {years, months, weeks, days, hours, minutes, seconds}) {
        if (v < 0 || v > 1_000_000_000L) {
          throw new IllegalArgumentException("duration fields must be in 0..1000000000, got " + v);
        }
      }
    }
  }

  /** A calendar field of a {@code date_spec}. */
  public enum Field {
    YEARS("years"),
    MONTHS("months"),
    WEEKS("weeks"),
    YEARDAYS("yeardays"),
    MONTHDAYS("monthdays"),
    WEEKDAYS("weekdays"),
    WEEKYEARS("weekyears"),
    HOURS("hours"),
    MINUTES("minutes"),
    SECONDS("seconds");

    private final String text;

    Field(String text) {
      this.text = text;
    }

    /** The field with this attribute name, or {@code null}. */
    public static Field byName(String name) {
      for (Field f : values()) {
        if (f.text.equals(name)) {
          return f;
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * An inclusive range of a calendar field: {@code N}, {@code N-M}, {@code N-} or {@code -M}.
   *
   * @param from the lowest value, or {@code null} for no bound
   * @param to the highest value, or {@code null} for no bound
   */
  public record Range(Long from, Long to) {

    public Range {
      if (from == null && to == null) {
        throw new IllegalArgumentException("a range needs at least one bound");
      }
      if (from != null && to != null && from > to) {
        throw new IllegalArgumentException("range " + from + "-" + to + " is empty");
      }
    }

    /** Parses {@code N}, {@code N-M}, {@code N-} or {@code -M}. */
    public static Range parse(String text) {
      String t = text == null ? "" : text.trim();
      try {
        int dash = t.indexOf('-', 1);
        if (t.startsWith("-")) {
          return new Range(null, Long.parseLong(t.substring(1).trim()));
        }
        if (dash < 0) {
          long v = Long.parseLong(t);
          return new Range(v, v);
        }
        String hi = t.substring(dash + 1).trim();
        return new Range(
            Long.parseLong(t.substring(0, dash).trim()), hi.isEmpty() ? null : Long.parseLong(hi));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a range (expected N, N-M, N- or -M)", e);
      }
    }

    public boolean contains(long v) {
      return (from == null || v >= from) && (to == null || v <= to);
    }

    @Override
    public String toString() {
      if (from != null && from.equals(to)) {
        return from.toString();
      }
      return (from == null ? "" : from.toString()) + "-" + (to == null ? "" : to.toString());
    }
  }

  /**
   * The calendar fields of a {@code <date_spec>}; the spec matches when every given field's range
   * contains the current value. Weekdays are 1 (Monday) to 7; weeks and weekyears are ISO 8601
   * week-based.
   *
   * @param fields the given fields; at least one
   */
  public record DateSpec(Map<Field, Range> fields) {

    public DateSpec {
      if (fields == null || fields.isEmpty()) {
        throw new IllegalArgumentException("date_spec needs at least one field");
      }
      EnumMap<Field, Range> copy = new EnumMap<>(Field.class);
      fields.forEach(
          (k, v) -> {
            copy.put(
                Checks.required(k, "date_spec field"),
                Checks.required(v, "date_spec " + k + " range"));
          });
      fields = java.util.Collections.unmodifiableMap(copy);
    }
  }
}
