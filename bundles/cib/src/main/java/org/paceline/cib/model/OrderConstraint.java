package org.paceline.cib.model;

import java.util.List;

/**
 * An order constraint ({@code rsc_order}): {@code then} waits for {@code first}, or the members of
 * resource sets wait for each other.
 *
 * @param id the constraint id
 * @param kind Mandatory (default), Optional or Serialize
 * @param first the resource acted on first; {@code null} with sets; may equal {@code then} when the
 *     actions differ (e.g. promote after demote)
 * @param then the resource acted on second; {@code null} with sets
 * @param firstAction the action of {@code first}, default start
 * @param thenAction the action of {@code then}, default {@code firstAction}
 * @param symmetrical whether the reverse order applies to the reverse actions; Pacemaker's default
 *     is true, except for Serialize, which cannot be symmetrical
 * @param resourceSets the resource sets, in order; empty when {@code first} and {@code then} are
 *     given
 */
public record OrderConstraint(
    String id,
    Kind kind,
    String first,
    String then,
    ResourceAction firstAction,
    ResourceAction thenAction,
    boolean symmetrical,
    List<ResourceSet> resourceSets)
    implements Constraint {

  /** How strictly the order holds. */
  public enum Kind {
    MANDATORY("Mandatory"),
    OPTIONAL("Optional"),
    SERIALIZE("Serialize");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    public static Kind parse(String text) {
      for (Kind k : values()) {
        if (k.text.equalsIgnoreCase(text == null ? "" : text.trim())) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "unknown order kind '" + text + "': expected Mandatory, Optional or Serialize");
    }

    @Override
    public String toString() {
      return text;
    }
  }

  public OrderConstraint {
    Checks.id(id, "order constraint");
    String what = "order constraint '" + id + "'";
    kind = kind == null ? Kind.MANDATORY : kind;
    resourceSets = Checks.list(resourceSets, what + " resource sets");
    if (resourceSets.isEmpty()) {
      Checks.id(first, what + " first");
      Checks.id(then, what + " then");
      firstAction = firstAction == null ? ResourceAction.START : firstAction;
      thenAction = thenAction == null ? firstAction : thenAction;
      if (first.equals(then) && firstAction == thenAction) {
        throw new IllegalArgumentException(what + " orders '" + first + "' after itself");
      }
    } else {
      if (first != null || then != null || firstAction != null || thenAction != null) {
        throw new IllegalArgumentException(
            what + " has both resource sets and first/then; use one");
      }
      Checks.unique(resourceSets.stream().map(ResourceSet::id).toList(), what + " resource set");
    }
    if (kind == Kind.SERIALIZE && symmetrical) {
      throw new IllegalArgumentException(what + " of kind Serialize cannot be symmetrical");
    }
  }

  public OrderConstraint(
      String id,
      Kind kind,
      String first,
      String then,
      ResourceAction firstAction,
      ResourceAction thenAction,
      boolean symmetrical) {
    this(id, kind, first, then, firstAction, thenAction, symmetrical, List.of());
  }

  /** {@code order ID Mandatory: FIRST THEN}, symmetrical, start then start. */
  public static OrderConstraint mandatory(String id, String first, String then) {
    return new OrderConstraint(id, Kind.MANDATORY, first, then, null, null, true, List.of());
  }

  /** An order of resource sets. */
  public static OrderConstraint ofSets(
      String id, Kind kind, boolean symmetrical, List<ResourceSet> sets) {
    return new OrderConstraint(id, kind, null, null, null, null, symmetrical, sets);
  }
}
