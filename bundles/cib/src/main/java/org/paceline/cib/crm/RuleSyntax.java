package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.model.AttributeExpression;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.RuleExpression;
import org.paceline.cib.model.Score;

/**
 * Parses rules: {@code rule [$id=ID] [$role=ROLE] [SCORE:] EXPRESSION}. An expression is terms
 * joined by one of {@code and} / {@code or}; a term is {@code ATTR [TYPE:]OP VALUE}, {@code defined
 * ATTR}, {@code not_defined ATTR}, a date test ({@link DateSyntax}), {@code resource
 * CLASS:PROVIDER:TYPE} or {@code op NAME [interval=TIME]} (in defaults sets), or a parenthesized
 * expression: a nested rule, optionally starting with {@code $id=ID}. crmsh has no parentheses, no
 * {@code resource} and no {@code op} terms: those are our extensions. In a location constraint a
 * rule without a score scores INFINITY; a score that is not a number names a node attribute ({@code
 * score-attribute}).
 */
final class RuleSyntax {

  private static final String OPERATOR =
      "an operator (eq, ne, lt, gt, lte, gte), optionally typed"
          + " (string:, integer:, number:, version:)";

  /** Where a rule sits, which decides what ends it. */
  enum Context {
    /** In a location constraint: ends at the next {@code rule} or the end of the statement. */
    LOCATION,
    /** In a property/defaults set: ends at the first {@code name=value} it does not use. */
    SET
  }

  private RuleSyntax() {}

  /** The id of the {@code index}-th rule of a constraint when the text gives none. */
  static String defaultRuleId(String constraintId, int index) {
    return index == 0 ? constraintId + "-rule" : constraintId + "-rule-" + index;
  }

  /** The id of the {@code index}-th term of rule {@code ruleId} when it is a nested rule. */
  static String defaultNestedId(String ruleId, int index) {
    return ruleId + "-" + index;
  }

  /** Reads one or more {@code rule ...} clauses up to the end of the statement. */
  static List<Rule> rules(Tokens t, String constraintId) {
    List<Rule> rules = new ArrayList<>();
    while (!t.atEnd()) {
      Token head = t.expect("rule", rules.isEmpty() ? "rule" : "rule, and, or");
      rules.add(rule(t, head, defaultRuleId(constraintId, rules.size()), Context.LOCATION));
    }
    if (rules.isEmpty()) {
      throw t.error(null, "rule");
    }
    return rules;
  }

  /** Reads the rule after the {@code rule} keyword {@code head}. */
  static Rule rule(Tokens t, Token head, String defaultId, Context context) {
    String id = null;
    Role role = null;
    while (t.peek() != null && t.peek().assignment() && !t.peek().quoted()) {
      Token a = t.peek();
      if (a.key().equals("$id")) {
        t.next("$id=");
        id = ruleId(a);
      } else if (a.key().equals("$role") || a.key().equals("role")) {
        t.next("$role=");
        role = Syntax.role(a, a.value());
      } else if (a.key().equals("$id-ref")) {
        throw Tokens.problem(a, "rule references ($id-ref) are not supported");
      } else {
        break;
      }
    }
    Score score = context == Context.LOCATION ? Score.INFINITY : null;
    String scoreAttribute = null;
    Token s = t.peek();
    if (s != null && !s.quoted() && !s.assignment() && (s.colon() || isLoneColon(t.peek(1)))) {
      Token tok = Syntax.scoreToken(t, CrmText.SCORE_EXPECTED + " or a node attribute");
      score = CrmText.score(tok.beforeColon());
      if (score == null) {
        scoreAttribute = tok.beforeColon();
      }
    }
    String ruleId = id == null ? defaultId : id;
    Body body = body(t, ruleId, context, false);
    try {
      return new Rule(ruleId, score, scoreAttribute, body.op, role, body.terms);
    } catch (IllegalArgumentException e) {
      throw Tokens.problem(head, e.getMessage());
    }
  }

  private static String ruleId(Token a) {
    if (!CrmText.validId(a.value())) {
      throw new CrmSyntaxException(a.line(), a.column(), "a rule id " + CrmText.ID_RULE, a.value());
    }
    return a.value();
  }

  private static boolean isLoneColon(Token t) {
    return t != null && t.is(":");
  }

  private record Body(Rule.BooleanOp op, List<RuleExpression> terms) {}

  private static Body body(Tokens t, String ruleId, Context context, boolean nested) {
    List<RuleExpression> terms = new ArrayList<>();
    terms.add(term(t, ruleId, terms.size(), context));
    Rule.BooleanOp op = null;
    while (!t.atEnd()) {
      Token tok = t.peek();
      if (nested && tok.is(")")) {
        break;
      }
      if (!nested && context == Context.LOCATION && tok.is("rule")) {
        break;
      }
      if (!nested && context == Context.SET && tok.assignment()) {
        break;
      }
      if (!tok.isAny("and", "or")) {
        throw t.error(
            tok,
            nested
                ? "and, or or ')'"
                : context == Context.LOCATION
                    ? "and, or, rule or the end of the statement"
                    : "and, or or name=value");
      }
      Rule.BooleanOp next = Rule.BooleanOp.parse(tok.text());
      if (op != null && op != next) {
        throw t.error(
            tok,
            "'"
                + op
                + "' (a rule combines its terms with one operator; use parentheses to mix and"
                + " and or)");
      }
      op = next;
      t.next("and/or");
      terms.add(term(t, ruleId, terms.size(), context));
    }
    return new Body(op == null ? Rule.BooleanOp.AND : op, terms);
  }

  private static RuleExpression term(Tokens t, String ruleId, int index, Context context) {
    Token tok =
        t.next(
            "an expression (ATTR OP VALUE, defined ATTR, not_defined ATTR, date ..., or ( ... ))");
    if (tok.is("(")) {
      String id = defaultNestedId(ruleId, index);
      Token a = t.peek();
      if (a != null && a.assignment() && !a.quoted() && a.key().equals("$id")) {
        t.next("$id=");
        id = ruleId(a);
      }
      Body body = body(t, id, context, true);
      t.expect(")", "')' closing the '(' at line " + tok.line() + ", column " + tok.column());
      try {
        return new Rule(id, null, null, body.op, null, body.terms);
      } catch (IllegalArgumentException e) {
        throw Tokens.problem(tok, e.getMessage());
      }
    }
    if (tok.is("date")) {
      return DateSyntax.date(t, tok);
    }
    if (tok.is("resource")) {
      return DateSyntax.resource(t, tok);
    }
    if (tok.is("op")) {
      return DateSyntax.operation(t, tok);
    }
    if (tok.isAny("defined", "not_defined")) {
      Token attr = t.next("a node attribute name");
      checkAttribute(t, attr);
      AttributeExpression.Operation op =
          tok.is("defined")
              ? AttributeExpression.Operation.DEFINED
              : AttributeExpression.Operation.NOT_DEFINED;
      return new AttributeExpression(attr.text(), op, null, null);
    }
    checkAttribute(t, tok);
    Token opTok = t.next(OPERATOR);
    String opText = opTok.text();
    AttributeExpression.Type type = null;
    int colon = opText.indexOf(':');
    if (!opTok.quoted() && colon > 0) {
      try {
        type = AttributeExpression.Type.parse(opText.substring(0, colon));
      } catch (IllegalArgumentException e) {
        throw t.error(opTok, OPERATOR);
      }
      opText = opText.substring(colon + 1);
    }
    AttributeExpression.Operation op;
    try {
      op = AttributeExpression.Operation.parse(opText);
    } catch (IllegalArgumentException e) {
      throw t.error(opTok, OPERATOR);
    }
    if (opTok.quoted() || op.unary()) {
      throw t.error(opTok, OPERATOR);
    }
    Token value = t.next("a value to compare '" + tok.text() + "' with");
    if (Syntax.isPunctuation(value)) {
      throw t.error(value, "a value to compare '" + tok.text() + "' with");
    }
    try {
      return new AttributeExpression(tok.text(), op, value.text(), type);
    } catch (IllegalArgumentException e) {
      throw new CrmSyntaxException(
          value.line(), value.column(), "a valid " + type + " value", value.text());
    }
  }

  private static void checkAttribute(Tokens t, Token attr) {
    if (attr.text().isBlank()
        || attr.assignment()
        || Syntax.isPunctuation(attr)
        || !attr.quoted() && CrmText.KEYWORDS.contains(attr.text())) {
      throw t.error(attr, "a node attribute name");
    }
  }
}
