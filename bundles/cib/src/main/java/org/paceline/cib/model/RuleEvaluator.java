package org.paceline.cib.model;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates rules the way Pacemaker does, as a pure function of the rule and a {@link RuleContext}:
 * no clock, no I/O.
 *
 * <ul>
 *   <li>A rule matches when its role (if any) is the context's role and its expressions combine to
 *       true with {@code and} (all) or {@code or} (any).
 *   <li>A node-attribute expression compares the node's value with the expression's, as the type
 *       says: {@code string} (case-insensitive, as Pacemaker), {@code integer}, {@code number} or
 *       {@code version} (dotted integers). An attribute the node lacks matches only {@code ne} and
 *       {@code not_defined}; a value that does not parse as the type matches only {@code ne}.
 *   <li>Date expressions compare {@link RuleContext#now()}: {@code in_range} is inclusive at both
 *       ends, {@code gt} and {@code lt} are strict, {@code date_spec} matches when every field is
 *       in its range.
 *   <li>Resource and operation expressions match the context's agent and operation; without them
 *       they do not match.
 * </ul>
 */
public final class RuleEvaluator {

  private RuleEvaluator() {}

  /** Whether {@code expression} holds in {@code context}. */
  public static boolean matches(RuleExpression expression, RuleContext context) {
    if (expression instanceof Rule r) {
      return rule(r, context);
    } else if (expression instanceof AttributeExpression a) {
      return attribute(a, context.nodeAttributes());
    } else if (expression instanceof DateExpression d) {
      return date(d, context);
    } else if (expression instanceof ResourceExpression r) {
      return resource(r, context);
    } else if (expression instanceof OperationExpression o) {
      return operation(o, context);
    }
    throw new IllegalArgumentException("unknown rule expression " + expression);
  }

  /**
   * The score a location rule gives in {@code context}: empty if the rule does not match; otherwise
   * its score, or the value of its {@code score-attribute} on the node (0 if the node lacks it or
   * it is not a score).
   */
  public static Optional<Score> score(Rule rule, RuleContext context) {
    if (!rule(rule, context)) {
      return Optional.empty();
    }
    if (rule.score() != null) {
      return Optional.of(rule.score());
    }
    if (rule.scoreAttribute() != null) {
      String v = context.nodeAttributes().get(rule.scoreAttribute());
      try {
        return Optional.of(v == null ? Score.ZERO : Score.parse(v));
      } catch (IllegalArgumentException e) {
        return Optional.of(Score.ZERO);
      }
    }
    return Optional.of(Score.ZERO);
  }

  private static boolean rule(Rule r, RuleContext c) {
    if (r.role() != null && r.role() != c.role()) {
      return false;
    }
    boolean and = r.booleanOp() == Rule.BooleanOp.AND;
    for (RuleExpression e : r.expressions()) {
      boolean m = matches(e, c);
      if (and && !m) {
        return false;
      }
      if (!and && m) {
        return true;
      }
    }
    return and;
  }

  static boolean attribute(AttributeExpression e, Map<String, String> attributes) {
    String actual = attributes.get(e.attribute());
    AttributeExpression.Operation op = e.operation();
    switch (op) {
      case DEFINED:
        return actual != null;
      case NOT_DEFINED:
        return actual == null;
      default:
        break;
    }
    if (actual == null) {
      return op == AttributeExpression.Operation.NE;
    }
    Integer cmp = compare(actual, e.value(), e.type());
    if (cmp == null) {
      return op == AttributeExpression.Operation.NE;
    }
    return switch (op) {
      case EQ -> cmp == 0;
      case NE -> cmp != 0;
      case LT -> cmp < 0;
      case GT -> cmp > 0;
      case LTE -> cmp <= 0;
      case GTE -> cmp >= 0;
      default -> false;
    };
  }

  /** {@code actual} compared with {@code expected}, or {@code null} if they are not comparable. */
  private static Integer compare(String actual, String expected, AttributeExpression.Type type) {
    try {
      return switch (type) {
        case STRING -> Integer.signum(actual.compareToIgnoreCase(expected));
        case INTEGER ->
            Long.compare(Long.parseLong(actual.trim()), Long.parseLong(expected.trim()));
        case NUMBER ->
            Double.compare(Double.parseDouble(actual.trim()), Double.parseDouble(expected.trim()));
        case VERSION -> compareVersions(actual.trim(), expected.trim());
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? Long.parseLong(x[i]) : 0;
      long q = i < y.length ? Long.parseLong(y[i]) : 0;
      if (p != q) {
        return Long.compare(p, q);
      }
    }
    return 0;
  }

  private static boolean date(DateExpression d, RuleContext c) {
    if (c.now() == null) {
      throw new IllegalStateException(
          "a date_expression needs the current time: the rule context has none");
    }
    Instant now = c.now();
    switch (d.operation()) {
      case GT:
        return now.isAfter(PacemakerDates.parse(d.start(), c.zone()).toInstant());
      case LT:
        return now.isBefore(PacemakerDates.parse(d.end(), c.zone()).toInstant());
      case IN_RANGE:
        {
          ZonedDateTime start =
              d.start() == null ? null : PacemakerDates.parse(d.start(), c.zone());
          ZonedDateTime end = d.end() == null ? null : PacemakerDates.parse(d.end(), c.zone());
          if (end == null && d.duration() != null) {
            DateExpression.DurationSpec p = d.duration();
            end =
                start
                    .plusYears(p.years())
                    .plusMonths(p.months())
                    .plusWeeks(p.weeks())
                    .plusDays(p.days())
                    .plusHours(p.hours())
                    .plusMinutes(p.minutes())
                    .plusSeconds(p.seconds());
          }
          return (start == null || !now.isBefore(start.toInstant()))
              && (end == null || !now.isAfter(end.toInstant()));
        }
      case DATE_SPEC:
      default:
        return dateSpec(d.spec(), now.atZone(c.zone()));
    }
  }

  private static boolean dateSpec(DateExpression.DateSpec spec, ZonedDateTime t) {
    for (Map.Entry<DateExpression.Field, DateExpression.Range> e : spec.fields().entrySet()) {
      long v =
          switch (e.getKey()) {
            case YEARS -> t.getYear();
            case MONTHS -> t.getMonthValue();
            case WEEKS -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case YEARDAYS -> t.getDayOfYear();
            case MONTHDAYS -> t.getDayOfMonth();
            case WEEKDAYS -> t.getDayOfWeek().getValue();
            case WEEKYEARS -> t.get(IsoFields.WEEK_BASED_YEAR);
            case HOURS -> t.getHour();
            case MINUTES -> t.getMinute();
            case SECONDS -> t.get(ChronoField.SECOND_OF_MINUTE);
          };
      if (!e.getValue().contains(v)) {
        return false;
      }
    }
    return true;
  }

  private static boolean resource(ResourceExpression r, RuleContext c) {
    if (c.agent() == null) {
      return false;
    }
    return (r.standard() == null || r.standard().equals(c.agent().standard()))
        && (r.provider() == null || r.provider().equals(c.agent().provider()))
        && (r.type() == null || r.type().equals(c.agent().type()));
  }

  private static boolean operation(OperationExpression o, RuleContext c) {
    if (c.operation() == null) {
      return false;
    }
    return o.name().equals(c.operation())
        && (o.interval() == null
            || (c.interval() != null && o.interval().toMillis() == c.interval().toMillis()));
  }
}
