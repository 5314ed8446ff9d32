package org.paceline.cib.model;

import java.util.List;
import java.util.Locale;

/**
 * A rule ({@code <rule>}): expressions combined with {@code and} or {@code or}, possibly nested. In
 * a location constraint, the rule's score applies to every node where the rule holds.
 *
 * @param id the rule id
 * @param score the score for a top-level location rule; {@code null} inside another rule
 * @param scoreAttribute a node attribute whose value is the score ({@code score-attribute}), or
 *     {@code null}
 * @param booleanOp how the expressions combine, default {@link BooleanOp#AND}
 * @param role the role the rule applies to, or {@code null}
 * @param expressions at least one expression or nested rule
 */
public record Rule(
    String id,
    Score score,
    String scoreAttribute,
    BooleanOp booleanOp,
    Role role,
    List<RuleExpression> expressions)
    implements RuleExpression {

  /** How a rule combines its expressions. */
  public enum BooleanOp {
    AND,
    OR;

    public static BooleanOp parse(String text) {
      return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
        case "and" -> AND;
        case "or" -> OR;
        default ->
            throw new IllegalArgumentException(
                "unknown boolean-op '" + text + "': expected and or or");
      };
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Rule {
    Checks.id(id, "rule");
    booleanOp = booleanOp == null ? BooleanOp.AND : booleanOp;
    expressions = Checks.list(expressions, "rule '" + id + "' expressions");
    if (expressions.isEmpty()) {
      throw new IllegalArgumentException("rule '" + id + "' has no expressions");
    }
    if (score != null && scoreAttribute != null) {
      throw new IllegalArgumentException(
          "rule '" + id + "' has both a score and a score-attribute; use one");
    }
  }

  /** A rule with a score combining expressions with {@code and}. */
  public static Rule of(String id, Score score, RuleExpression... expressions) {
    return new Rule(id, score, null, BooleanOp.AND, null, List.of(expressions));
  }
}
