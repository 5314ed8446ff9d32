package org.paceline.cib.model;

/**
 * A colocation constraint ({@code rsc_colocation}): place {@code rsc} relative to {@code withRsc}.
 * A positive score attracts, a negative one repels, {@code ±INFINITY} is mandatory.
 *
 * @param id the constraint id
 * @param score the score
 * @param rsc the dependent resource, placed after {@code withRsc}
 * @param withRsc the primary resource
 * @param rscRole the role of {@code rsc} the constraint applies to, or {@code null}
 * @param withRscRole the role of {@code withRsc}, or {@code null}
 */
public record ColocationConstraint(
    String id, Score score, String rsc, String withRsc, Role rscRole, Role withRscRole)
    implements Constraint {

  public ColocationConstraint {
    Checks.id(id, "colocation constraint");
    String what = "colocation constraint '" + id + "'";
    Checks.required(score, what + " score");
    Checks.id(rsc, what + " rsc");
    Checks.id(withRsc, what + " with-rsc");
    if (rsc.equals(withRsc)) {
      throw new IllegalArgumentException(what + " colocates '" + rsc + "' with itself");
    }
  }

  public ColocationConstraint(String id, Score score, String rsc, String withRsc) {
    this(id, score, rsc, withRsc, null, null);
  }
}
