package org.paceline.cib.model;

import java.util.List;

/**
 * A colocation constraint ({@code rsc_colocation}): place {@code rsc} relative to {@code withRsc},
 * or colocate the members of resource sets. A positive score attracts, a negative one repels,
 * {@code ±INFINITY} is mandatory.
 *
 * @param id the constraint id
 * @param score the score
 * @param rsc the dependent resource, placed after {@code withRsc}; {@code null} with sets
 * @param withRsc the primary resource; {@code null} with sets
 * @param rscRole the role of {@code rsc} the constraint applies to, or {@code null}
 * @param withRscRole the role of {@code withRsc}, or {@code null}
 * @param resourceSets the resource sets, in order; empty when {@code rsc} and {@code withRsc} are
 *     given
 */
public record ColocationConstraint(
    String id,
    Score score,
    String rsc,
    String withRsc,
    Role rscRole,
    Role withRscRole,
    List<ResourceSet> resourceSets)
    implements Constraint {

  public ColocationConstraint {
    Checks.id(id, "colocation constraint");
    String what = "colocation constraint '" + id + "'";
    Checks.required(score, what + " score");
    resourceSets = Checks.list(resourceSets, what + " resource sets");
    if (resourceSets.isEmpty()) {
      Checks.id(rsc, what + " rsc");
      Checks.id(withRsc, what + " with-rsc");
      if (rsc.equals(withRsc)) {
        throw new IllegalArgumentException(what + " colocates '" + rsc + "' with itself");
      }
    } else {
      if (rsc != null || withRsc != null || rscRole != null || withRscRole != null) {
        throw new IllegalArgumentException(
            what + " has both resource sets and rsc/with-rsc; use one");
      }
      Checks.unique(resourceSets.stream().map(ResourceSet::id).toList(), what + " resource set");
    }
  }

  public ColocationConstraint(
      String id, Score score, String rsc, String withRsc, Role rscRole, Role withRscRole) {
    this(id, score, rsc, withRsc, rscRole, withRscRole, List.of());
  }

  public ColocationConstraint(String id, Score score, String rsc, String withRsc) {
    this(id, score, rsc, withRsc, null, null, List.of());
  }

  /** A colocation of resource sets. */
  public static ColocationConstraint ofSets(String id, Score score, List<ResourceSet> sets) {
    return new ColocationConstraint(id, score, null, null, null, null, sets);
  }
}
