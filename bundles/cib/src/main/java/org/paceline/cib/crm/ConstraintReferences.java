package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.paceline.cib.model.ColocationConstraint;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.LocationConstraint;
import org.paceline.cib.model.OrderConstraint;
import org.paceline.cib.model.ResourceSet;

/** The objects a constraint names by id. */
public final class ConstraintReferences {

  private ConstraintReferences() {}

  /**
   * The resource ids a constraint names: {@code rsc}, {@code with-rsc}, {@code first}, {@code then}
   * and resource set members, in order, without duplicates. A location's {@code rsc-pattern} names
   * no resource by id.
   */
  public static List<String> resources(Constraint c) {
    Set<String> out = new LinkedHashSet<>();
    if (c instanceof LocationConstraint l) {
      if (l.rsc() != null) {
        out.add(l.rsc());
      }
      for (ResourceSet s : l.resourceSets()) {
        out.addAll(s.resources());
      }
    } else if (c instanceof ColocationConstraint co) {
      if (co.rsc() != null) {
        out.add(co.rsc());
        out.add(co.withRsc());
      }
      for (ResourceSet s : co.resourceSets()) {
        out.addAll(s.resources());
      }
    } else if (c instanceof OrderConstraint o) {
      if (o.first() != null) {
        out.add(o.first());
        out.add(o.then());
      }
      for (ResourceSet s : o.resourceSets()) {
        out.addAll(s.resources());
      }
    }
    return new ArrayList<>(out);
  }

  /** The resource sets of a constraint, in order; empty if it names resources directly. */
  public static List<ResourceSet> sets(Constraint c) {
    if (c instanceof LocationConstraint l) {
      return l.resourceSets();
    }
    if (c instanceof ColocationConstraint co) {
      return co.resourceSets();
    }
    return ((OrderConstraint) c).resourceSets();
  }

  /** The node a location constraint scores directly, or {@code null}. */
  public static String node(Constraint c) {
    return c instanceof LocationConstraint l ? l.node() : null;
  }

  /** The kind of a constraint as crm names it: location, colocation or order. */
  public static String kind(Constraint c) {
    if (c instanceof LocationConstraint) {
      return "location";
    }
    if (c instanceof ColocationConstraint) {
      return "colocation";
    }
    return "order";
  }
}
