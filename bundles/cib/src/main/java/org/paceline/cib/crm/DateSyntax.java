package org.paceline.cib.crm;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.paceline.cib.model.DateExpression;
import org.paceline.cib.model.OperationExpression;
import org.paceline.cib.model.ResourceExpression;

/**
 * Parses the rule terms that are not node-attribute tests.
 *
 * <ul>
 *   <li>{@code date gt START}, {@code date lt END};
 *   <li>{@code date in start=START end=END}, {@code date in start=START DURATION...} where a
 *       duration is {@code years= months= weeks= days= hours= minutes= seconds=}; {@code in_range}
 *       is accepted for {@code in};
 *   <li>{@code date spec FIELD=RANGE...} with the fields {@code years months weeks yeardays
 *       monthdays weekdays weekyears hours minutes seconds} and ranges {@code N}, {@code N-M},
 *       {@code N-}, {@code -M}; {@code date_spec} is accepted for {@code spec} and {@code
 *       yearsdays} (crmsh's spelling) for {@code yeardays};
 *   <li>{@code resource CLASS:PROVIDER:TYPE}, an empty part matching anything;
 *   <li>{@code op NAME [interval=TIME]}.
 * </ul>
 */
final class DateSyntax {

  static final String[] DURATION_FIELDS = {
    "years", "months", "weeks", "days", "hours", "minutes", "seconds"
  };

  private DateSyntax() {}

  static DateExpression date(Tokens t, Token head) {
    Token op = t.next("gt, lt, in or spec after date");
    String o = op.quoted() ? "" : op.text();
    try {
      return switch (o) {
        case "gt" -> compare(t, DateExpression.Operation.GT);
        case "lt" -> compare(t, DateExpression.Operation.LT);
        case "in", "in_range" -> range(t, op);
        case "spec", "date_spec" -> spec(t, op);
        default -> throw t.error(op, "gt, lt, in or spec after date");
      };
    } catch (CrmSyntaxException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw Tokens.problem(head, e.getMessage());
    }
  }

  private static DateExpression compare(Tokens t, DateExpression.Operation op) {
    String what = op == DateExpression.Operation.GT ? "a start date-time" : "an end date-time";
    Token v = t.next(what);
    if (Syntax.isPunctuation(v) || v.text().isBlank() || v.assignment()) {
      throw t.error(v, what);
    }
    try {
      return op == DateExpression.Operation.GT
          ? new DateExpression(op, v.text(), null, null, null)
          : new DateExpression(op, null, v.text(), null, null);
    } catch (IllegalArgumentException e) {
      throw Tokens.problem(v, e.getMessage());
    }
  }

  private static DateExpression range(Tokens t, Token op) {
    Set<String> keys = Set.of("start", "end");
    Map<String, String> values = new LinkedHashMap<>();
    long[] duration = new long[DURATION_FIELDS.length];
    boolean anyDuration = false;
    while (t.peek() != null && t.peek().assignment() && !t.peek().quoted()) {
      Token a = t.peek();
      int field = indexOf(a.key());
      if (!keys.contains(a.key()) && field < 0) {
        break;
      }
      t.next("start=, end= or a duration");
      if (values.put(a.key(), a.value()) != null) {
        throw Tokens.problem(a, "date in gives '" + a.key() + "' twice");
      }
      if (field >= 0) {
        duration[field] = number(a);
        anyDuration = true;
      }
    }
    if (!values.containsKey("start") && !values.containsKey("end")) {
      throw t.error(t.peek(), "start= or end= after 'date in'");
    }
    DateExpression.DurationSpec spec =
        anyDuration
            ? new DateExpression.DurationSpec(
                duration[0],
                duration[1],
                duration[2],
                duration[3],
                duration[4],
                duration[5],
                duration[6])
            : null;
    return new DateExpression(
        DateExpression.Operation.IN_RANGE, values.get("start"), values.get("end"), spec, null);
  }

  private static int indexOf(String key) {
    for (int i = 0; i < DURATION_FIELDS.length; i++) {
      if (DURATION_FIELDS[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private static long number(Token a) {
    try {
      long v = Long.parseLong(a.value().trim());
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CrmSyntaxException(
        a.line(), a.column(), a.key() + "= a non-negative whole number", a.text());
  }

  private static DateExpression spec(Tokens t, Token op) {
    Map<DateExpression.Field, DateExpression.Range> fields =
        new EnumMap<>(DateExpression.Field.class);
    while (t.peek() != null && t.peek().assignment() && !t.peek().quoted()) {
      Token a = t.peek();
      String key = a.key().equals("yearsdays") ? "yeardays" : a.key();
      DateExpression.Field f = DateExpression.Field.byName(key);
      if (f == null) {
        break;
      }
      t.next("a date_spec field");
      DateExpression.Range r;
      try {
        r = DateExpression.Range.parse(a.value());
      } catch (IllegalArgumentException e) {
        throw new CrmSyntaxException(
            a.line(), a.column(), key + "= a range (N, N-M, N- or -M)", a.text());
      }
      if (fields.put(f, r) != null) {
        throw Tokens.problem(a, "date spec gives '" + key + "' twice");
      }
    }
    if (fields.isEmpty()) {
      throw t.error(
          t.peek(),
          "a date_spec field (years=, months=, weeks=, yeardays=, monthdays=, weekdays=,"
              + " weekyears=, hours=, minutes=, seconds=)");
    }
    return DateExpression.dateSpec(new DateExpression.DateSpec(fields));
  }

  /** {@code resource CLASS:PROVIDER:TYPE}. */
  static ResourceExpression resource(Tokens t, Token head) {
    Token a = t.next("CLASS:PROVIDER:TYPE after resource (empty parts match anything)");
    String[] parts = a.text().split(":", -1);
    if (parts.length != 3 || a.assignment()) {
      throw t.error(a, "CLASS:PROVIDER:TYPE after resource (empty parts match anything)");
    }
    try {
      return new ResourceExpression(blank(parts[0]), blank(parts[1]), blank(parts[2]));
    } catch (IllegalArgumentException e) {
      throw Tokens.problem(a, e.getMessage());
    }
  }

  private static String blank(String s) {
    return s.isEmpty() ? null : s;
  }

  /** {@code op NAME [interval=TIME]}. */
  static OperationExpression operation(Tokens t, Token head) {
    Token name = t.next("an operation name after op");
    if (name.assignment() || Syntax.isPunctuation(name) || name.text().isBlank()) {
      throw t.error(name, "an operation name after op");
    }
    Duration interval = null;
    Token a = t.peek();
    if (a != null && a.assignment() && !a.quoted() && a.key().equals("interval")) {
      t.next("interval=");
      interval = ResourceSyntax.duration(a, a.value(), "an interval");
    }
    return new OperationExpression(name.text(), interval);
  }
}
