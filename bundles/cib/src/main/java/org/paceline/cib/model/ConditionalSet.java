package org.paceline.cib.model;

import java.util.Map;

/**
 * A rule-conditioned set of cluster properties, resource defaults or operation defaults: a {@code
 * cluster_property_set} or {@code meta_attributes} with a {@code <rule>}. When its rule matches,
 * its values override the unconditional ones ({@link Configuration#effectiveProperties} and
 * friends). Among the matching sets of one section the earlier set wins; sets are kept in
 * Pacemaker's order, highest score first.
 *
 * <p>Cluster property rules may only test the date; resource-default rules may also test the
 * resource agent; operation-default rules may also test the operation.
 *
 * @param section which section the set belongs to
 * @param id the set id
 * @param score the set's score (order of precedence), default 0
 * @param rule the condition
 * @param values the name/value pairs; at least one
 */
public record ConditionalSet(
    Section section, String id, Score score, Rule rule, Map<String, String> values) {

  /** The configuration section of a conditional set. */
  public enum Section {
    CLUSTER_PROPERTIES("crm_config"),
    RSC_DEFAULTS("rsc_defaults"),
    OP_DEFAULTS("op_defaults");

    private final String element;

    Section(String element) {
      this.element = element;
    }

    /** The XML element of the section. */
    public String element() {
      return element;
    }
  }

  public ConditionalSet {
    Checks.required(section, "conditional set section");
    Checks.id(id, section.element() + " set");
    String what = section.element() + " set '" + id + "'";
    score = score == null ? Score.ZERO : score;
    Checks.required(rule, what + " rule");
    values = Checks.attributes(values, what);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(what + " has no values");
    }
    checkExpressions(rule, section, what);
  }

  private static void checkExpressions(Rule rule, Section section, String what) {
    for (RuleExpression e : rule.expressions()) {
      if (e instanceof Rule r) {
        checkExpressions(r, section, what);
      } else if (e instanceof AttributeExpression a) {
        throw new IllegalArgumentException(
            what + " rule tests node attribute '" + a.attribute() + "': only dates may be tested");
      } else if (e instanceof ResourceExpression && section == Section.CLUSTER_PROPERTIES) {
        throw new IllegalArgumentException(
            what + " rule has an rsc_expression: cluster property rules may only test dates");
      } else if (e instanceof OperationExpression && section != Section.OP_DEFAULTS) {
        throw new IllegalArgumentException(
            what + " rule has an op_expression: only op_defaults rules may test operations");
      }
    }
  }
}
