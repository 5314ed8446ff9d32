package org.paceline.cib.model;

/**
 * A test on the resource's agent ({@code <rsc_expression>}), for rules in {@code rsc_defaults} and
 * {@code op_defaults}: each given part must equal the resource's.
 *
 * @param standard the agent class, e.g. {@code ocf}, or {@code null} for any
 * @param provider the provider, e.g. {@code heartbeat}, or {@code null} for any
 * @param type the agent type, e.g. {@code IPaddr2}, or {@code null} for any
 */
public record ResourceExpression(String standard, String provider, String type)
    implements RuleExpression {

  public ResourceExpression {
    if (standard == null && provider == null && type == null) {
      throw new IllegalArgumentException("rsc_expression needs a class, provider or type");
    }
    for (String s : new String[] {standard, provider, type}) {
      if (s != null && s.isBlank()) {
        throw new IllegalArgumentException("rsc_expression has a blank class, provider or type");
      }
    }
  }
}
