package org.paceline.cib.model;

/**
 * An order constraint ({@code rsc_order}): {@code then} waits for {@code first}.
 *
 * @param id the constraint id
 * @param kind Mandatory (default), Optional or Serialize
 * @param first the resource acted on first
 * @param then the resource acted on second
 * @param firstAction the action of {@code first}, default start
 * @param thenAction the action of {@code then}, default {@code firstAction}
 * @param symmetrical whether the reverse order applies to the reverse actions; Pacemaker's default
 *     is true, except for Serialize, which cannot be symmetrical
 */
public record OrderConstraint(
    String id,
    Kind kind,
    String first,
    String then,
    ResourceAction firstAction,
    ResourceAction thenAction,
    boolean symmetrical)
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
    Checks.id(first, what + " first");
    Checks.id(then, what + " then");
    if (first.equals(then)) {
      throw new IllegalArgumentException(what + " orders '" + first + "' after itself");
    }
    firstAction = firstAction == null ? ResourceAction.START : firstAction;
    thenAction = thenAction == null ? firstAction : thenAction;
    if (kind == Kind.SERIALIZE && symmetrical) {
      throw new IllegalArgumentException(what + " of kind Serialize cannot be symmetrical");
    }
  }

  /** {@code order ID Mandatory: FIRST THEN}, symmetrical, start then start. */
  public static OrderConstraint mandatory(String id, String first, String then) {
    return new OrderConstraint(id, Kind.MANDATORY, first, then, null, null, true);
  }
}
