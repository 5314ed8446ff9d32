package org.paceline.cib.model;

import java.util.List;
import java.util.Locale;

/**
 * A location constraint ({@code rsc_location}): a score for a resource on one node, or rules that
 * score nodes by their attributes. The resources are named by id, by a regular-expression {@code
 * rsc-pattern}, or by resource sets; exactly one of the three is given.
 *
 * @param id the constraint id
 * @param rsc the resource id, or {@code null} if {@code rscPattern} is given
 * @param rscPattern a regular expression matching resource ids, or {@code null}
 * @param resourceSets resource sets the constraint applies to; empty unless neither {@code rsc} nor
 *     {@code rscPattern} is given
 * @param node the node the score applies to, or {@code null} when rules are given
 * @param score the score for {@code node}; {@code null} when rules are given
 * @param rules rules scoring nodes; empty when {@code node} is given
 * @param role the role the constraint applies to, or {@code null} for any
 * @param discovery the {@code resource-discovery} mode, default {@link Discovery#ALWAYS}
 */
public record LocationConstraint(
    String id,
    String rsc,
    String rscPattern,
    List<ResourceSet> resourceSets,
    String node,
    Score score,
    List<Rule> rules,
    Role role,
    Discovery discovery)
    implements Constraint {

  /** Whether the cluster probes for the resource on the nodes the constraint names. */
  public enum Discovery {
    ALWAYS,
    NEVER,
    EXCLUSIVE;

    public static Discovery parse(String text) {
      return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
        case "always" -> ALWAYS;
        case "never" -> NEVER;
        case "exclusive" -> EXCLUSIVE;
        default ->
            throw new IllegalArgumentException(
                "unknown resource-discovery '" + text + "': expected always, never or exclusive");
      };
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public LocationConstraint {
    Checks.id(id, "location constraint");
    String what = "location constraint '" + id + "'";
    resourceSets = Checks.list(resourceSets, what + " resource sets");
    int named =
        (rsc == null ? 0 : 1) + (rscPattern == null ? 0 : 1) + (resourceSets.isEmpty() ? 0 : 1);
    if (named != 1) {
      throw new IllegalArgumentException(
          what + " needs exactly one of rsc, rsc-pattern and resource sets");
    }
    Checks.unique(resourceSets.stream().map(ResourceSet::id).toList(), what + " resource set");
    if (rscPattern != null) {
      try {
        java.util.regex.Pattern.compile(rscPattern);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new IllegalArgumentException(
            what + " rsc-pattern '" + rscPattern + "' is not a valid regular expression", e);
      }
    }
    rules = Checks.list(rules, what + " rules");
    if (node != null) {
      if (score == null) {
        throw new IllegalArgumentException(what + " names node '" + node + "' without a score");
      }
      if (!rules.isEmpty()) {
        throw new IllegalArgumentException(what + " has both a node and rules; use one");
      }
    } else {
      if (rules.isEmpty()) {
        throw new IllegalArgumentException(what + " needs a node and score, or rules");
      }
      if (score != null) {
        throw new IllegalArgumentException(
            what + " has a score but no node; a rule carries its own score");
      }
      for (Rule r : rules) {
        if (r.score() == null && r.scoreAttribute() == null) {
          throw new IllegalArgumentException(
              what + " rule '" + r.id() + "' needs a score or score-attribute");
        }
      }
    }
    for (Rule r : rules) {
      checkNodeRule(r, what);
    }
    discovery = discovery == null ? Discovery.ALWAYS : discovery;
  }

  private static void checkNodeRule(Rule rule, String what) {
    for (RuleExpression e : rule.expressions()) {
      if (e instanceof Rule r) {
        checkNodeRule(r, what);
      } else if (e instanceof ResourceExpression || e instanceof OperationExpression) {
        throw new IllegalArgumentException(
            what
                + " rule '"
                + rule.id()
                + "' tests the resource or operation: location rules may test only node"
                + " attributes and dates");
      }
    }
  }

  /** {@code location ID RSC SCORE: NODE}. */
  public static LocationConstraint onNode(String id, String rsc, Score score, String node) {
    return new LocationConstraint(id, rsc, null, List.of(), node, score, List.of(), null, null);
  }

  /** {@code location ID RSC rule ...}. */
  public static LocationConstraint withRules(String id, String rsc, List<Rule> rules) {
    return new LocationConstraint(id, rsc, null, List.of(), null, null, rules, null, null);
  }
}
