package org.paceline.cib.xml;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.model.AttributeExpression;
import org.paceline.cib.model.DateExpression;
import org.paceline.cib.model.OperationExpression;
import org.paceline.cib.model.PacemakerDurations;
import org.paceline.cib.model.ResourceExpression;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.RuleExpression;
import org.paceline.cib.model.Score;

/** Reads {@code <rule>} elements and their expressions. Expression ids are not kept. */
final class RuleReader {

  private RuleReader() {}

  /**
   * Reads the {@code <rule>} the source is on.
   *
   * @param scored whether the rule's score counts: true for a location constraint's top-level rule.
   *     Elsewhere (nested rules, rules of attribute sets) Pacemaker ignores a rule's score, so it
   *     is dropped (with a warning unless it is 0, the filler older schemas require).
   */
  static Rule rule(XmlSource src, boolean scored) throws CibXmlException {
    int line = src.line();
    int col = src.column();
    String id = src.attr("id");
    if (src.attr("id-ref") != null) {
      throw src.error("rule references (id-ref) are not supported; write the rule in full");
    }
    String score = src.attr("score");
    String scoreAttribute = src.attr("score-attribute");
    if (!scored && (score != null || scoreAttribute != null)) {
      boolean filler = scoreAttribute == null && score.trim().equals("0");
      if (!filler) {
        src.warn(
            "rule",
            line,
            col,
            "rule '"
                + id
                + "' is not a location constraint's top-level rule: its score has no effect and is"
                + " dropped");
      }
      score = null;
      scoreAttribute = null;
    }
    String booleanOp = src.attr("boolean-op");
    String role = src.attr("role");
    src.checkAttributes();
    Score s;
    Rule.BooleanOp op;
    Role r;
    try {
      s = score == null ? null : Score.parse(score);
      op = booleanOp == null ? null : Rule.BooleanOp.parse(booleanOp);
      r = role == null ? null : Role.parse(role);
    } catch (IllegalArgumentException e) {
      throw src.error(e);
    }
    List<RuleExpression> expressions = new ArrayList<>();
    while (src.nextChild()) {
      expressions.add(expression(src));
    }
    try {
      return new Rule(id, s, scoreAttribute, op, r, expressions);
    } catch (IllegalArgumentException e) {
      throw new CibXmlException("<rule>: " + e.getMessage(), line, col, e);
    }
  }

  private static RuleExpression expression(XmlSource src) throws CibXmlException {
    switch (src.element()) {
      case "rule":
        return rule(src, false);
      case "expression":
        return attributeExpression(src);
      case "date_expression":
        return dateExpression(src);
      case "rsc_expression":
        return rscExpression(src);
      case "op_expression":
        return opExpression(src);
      default:
        throw src.error("is not a rule expression");
    }
  }

  private static AttributeExpression attributeExpression(XmlSource src) throws CibXmlException {
    src.attr("id");
    String attribute = src.attr("attribute");
    String operation = src.attr("operation");
    String value = src.attr("value");
    String type = src.attr("type");
    String valueSource = src.attr("value-source");
    src.checkAttributes();
    if (valueSource != null && !valueSource.equals("literal")) {
      throw src.error("value-source '" + valueSource + "' is not supported (only literal values)");
    }
    try {
      AttributeExpression.Operation op = AttributeExpression.Operation.parse(operation);
      AttributeExpression.Type t;
      if (type != null) {
        t = AttributeExpression.Type.parse(type);
      } else {
        t = defaultType(op, value);
      }
      AttributeExpression e = new AttributeExpression(attribute, op, value, t);
      src.noChildren();
      return e;
    } catch (IllegalArgumentException e) {
      throw src.error(e);
    }
  }

  /**
   * Pacemaker's default comparison: for lt, gt, lte and gte, number if the value has a decimal
   * point, integer otherwise (string if it is not a number at all); string for the rest.
   */
  private static AttributeExpression.Type defaultType(
      AttributeExpression.Operation op, String value) {
    boolean ordering =
        op == AttributeExpression.Operation.LT
            || op == AttributeExpression.Operation.GT
            || op == AttributeExpression.Operation.LTE
            || op == AttributeExpression.Operation.GTE;
    if (!ordering || value == null) {
      return AttributeExpression.Type.STRING;
    }
    String v = value.trim();
    try {
      if (v.indexOf('.') >= 0) {
        Double.parseDouble(v);
        return AttributeExpression.Type.NUMBER;
      }
      Long.parseLong(v);
      return AttributeExpression.Type.INTEGER;
    } catch (NumberFormatException e) {
      return AttributeExpression.Type.STRING;
    }
  }

  private static DateExpression dateExpression(XmlSource src) throws CibXmlException {
    int line = src.line();
    int col = src.column();
    src.attr("id");
    String operation = src.attr("operation");
    String start = src.attr("start");
    String end = src.attr("end");
    src.checkAttributes();
    DateExpression.DurationSpec duration = null;
    DateExpression.DateSpec spec = null;
    while (src.nextChild()) {
      switch (src.element()) {
        case "duration" -> {
          if (duration != null) {
            throw src.error("a date_expression has at most one duration");
          }
          duration = duration(src);
        }
        case "date_spec" -> {
          if (spec != null) {
            throw src.error("a date_expression has at most one date_spec");
          }
          spec = dateSpec(src);
        }
        default -> throw src.error("is not allowed in a date_expression");
      }
    }
    try {
      DateExpression.Operation op =
          operation == null
              ? DateExpression.Operation.IN_RANGE
              : DateExpression.Operation.parse(operation);
      return new DateExpression(op, start, end, duration, spec);
    } catch (IllegalArgumentException e) {
      throw new CibXmlException("<date_expression>: " + e.getMessage(), line, col, e);
    }
  }

  private static final String[] DURATION_FIELDS = {
    "years", "months", "weeks", "days", "hours", "minutes", "seconds"
  };

  private static DateExpression.DurationSpec duration(XmlSource src) throws CibXmlException {
    src.attr("id");
    long[] v = new long[DURATION_FIELDS.length];
    for (int i = 0; i < v.length; i++) {
      String s = src.attr(DURATION_FIELDS[i]);
      if (s != null) {
        try {
          v[i] = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
          throw src.error(DURATION_FIELDS[i] + " '" + s + "' is not an integer");
        }
      }
    }
    src.checkAttributes();
    try {
      DateExpression.DurationSpec d =
          new DateExpression.DurationSpec(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
      src.noChildren();
      return d;
    } catch (IllegalArgumentException e) {
      throw src.error(e);
    }
  }

  private static DateExpression.DateSpec dateSpec(XmlSource src) throws CibXmlException {
    src.attr("id");
    Map<DateExpression.Field, DateExpression.Range> fields =
        new EnumMap<>(DateExpression.Field.class);
    try {
      for (DateExpression.Field f : DateExpression.Field.values()) {
        String s = src.attr(f.toString());
        if (s != null) {
          fields.put(f, DateExpression.Range.parse(s));
        }
      }
      if (src.attr("moon") != null) {
        throw new IllegalArgumentException("the moon field is not supported");
      }
      src.checkAttributes();
      DateExpression.DateSpec spec = new DateExpression.DateSpec(fields);
      src.noChildren();
      return spec;
    } catch (IllegalArgumentException e) {
      throw src.error(e);
    }
  }

  private static ResourceExpression rscExpression(XmlSource src) throws CibXmlException {
    src.attr("id");
    String standard = src.attr("class");
    String provider = src.attr("provider");
    String type = src.attr("type");
    src.checkAttributes();
    try {
      ResourceExpression e = new ResourceExpression(standard, provider, type);
      src.noChildren();
      return e;
    } catch (IllegalArgumentException e) {
      throw src.error(e);
    }
  }

  private static OperationExpression opExpression(XmlSource src) throws CibXmlException {
    src.attr("id");
    String name = src.attr("name");
    String interval = src.attr("interval");
    src.checkAttributes();
    try {
      OperationExpression e =
          new OperationExpression(
              name,
              interval == null
                  ? null
                  : PacemakerDurations.parse(interval, "op_expression interval"));
      src.noChildren();
      return e;
    } catch (IllegalArgumentException e) {
      throw src.error(e);
    }
  }
}
