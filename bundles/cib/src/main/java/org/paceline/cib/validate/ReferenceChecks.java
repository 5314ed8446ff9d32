package org.paceline.cib.validate;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.paceline.cib.crm.ConstraintReferences;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.ColocationConstraint;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.FencingLevel;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.LocationConstraint;
import org.paceline.cib.model.OrderConstraint;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.ResourceAction;
import org.paceline.cib.model.ResourceSet;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.Tag;

/** Checks that constraints, tags and fencing levels name things that exist and fit. */
final class ReferenceChecks {

  private ReferenceChecks() {}

  static String kind(Constraint c) {
    return ConstraintReferences.kind(c);
  }

  static void check(Configuration c, Findings f) {
    Set<String> resources = new HashSet<>();
    c.allResources().forEach(r -> resources.add(r.id()));
    Set<String> tags = new HashSet<>();
    c.tags().forEach(t -> tags.add(t.id()));
    // A constraint may name a template: it then applies to every primitive made from it.
    c.templates().forEach(t -> tags.add(t.id()));
    Set<String> nodes = new HashSet<>();
    c.nodes().forEach(n -> nodes.add(n.uname()));
    for (Constraint k : c.constraints()) {
      String what = kind(k) + " '" + k.id() + "'";
      for (String id : ConstraintReferences.resources(k)) {
        if (!resources.contains(id) && !tags.contains(id)) {
          f.error(
              k.id(), what + " refers to '" + id + "', which is not a resource, tag or template");
          continue;
        }
        Optional<Resource> parent = c.parentOf(id);
        if (parent.isPresent() && parent.get() instanceof Clone) {
          f.warning(
              k.id(),
              what
                  + " refers to '"
                  + id
                  + "', which is inside clone '"
                  + parent.get().id()
                  + "'; constrain the clone instead");
        } else if (parent.isPresent() && parent.get() instanceof Group) {
          f.warning(
              k.id(),
              what
                  + " refers to '"
                  + id
                  + "', a member of group '"
                  + parent.get().id()
                  + "'; constraints should apply to the group");
        }
      }
      if (k instanceof LocationConstraint l) {
        location(c, l, nodes, f);
      } else if (k instanceof ColocationConstraint co) {
        colocation(c, co, f);
      } else if (k instanceof OrderConstraint o) {
        order(c, o, f);
      }
    }
    for (Tag t : c.tags()) {
      for (String r : t.references()) {
        if (!resources.contains(r) && c.template(r).isEmpty()) {
          f.error(t.id(), "tag '" + t.id() + "' names '" + r + "', which is not defined");
        }
      }
    }
    for (FencingLevel l : c.fencingTopology()) {
      fencingLevel(c, l, nodes, f);
    }
  }

  private static void location(
      Configuration c, LocationConstraint l, Set<String> nodes, Findings f) {
    String what = "location '" + l.id() + "'";
    if (l.node() != null && !nodes.isEmpty() && !nodes.contains(l.node())) {
      f.warning(l.id(), what + " names node '" + l.node() + "', which is not configured");
    }
    if (l.rscPattern() != null) {
      Pattern p = Pattern.compile(l.rscPattern());
      boolean any = c.allResources().stream().anyMatch(r -> p.matcher(r.id()).matches());
      if (!any) {
        f.warning(l.id(), what + " pattern /" + l.rscPattern() + "/ matches no resource");
      }
    }
    if (l.rsc() != null) {
      role(c, l.id(), what, l.rsc(), l.role(), f);
      for (Rule r : l.rules()) {
        role(c, l.id(), what, l.rsc(), r.role(), f);
      }
    }
    sets(c, l.id(), what, l.resourceSets(), f);
  }

  private static void colocation(Configuration c, ColocationConstraint co, Findings f) {
    String what = "colocation '" + co.id() + "'";
    if (co.score().value() == 0) {
      f.warning(co.id(), what + " has score 0, which has no effect");
    }
    if (co.rsc() != null) {
      role(c, co.id(), what, co.rsc(), co.rscRole(), f);
      role(c, co.id(), what, co.withRsc(), co.withRscRole(), f);
    }
    sets(c, co.id(), what, co.resourceSets(), f);
  }

  private static void order(Configuration c, OrderConstraint o, Findings f) {
    String what = "order '" + o.id() + "'";
    if (o.first() != null) {
      action(c, o.id(), what, o.first(), o.firstAction(), f);
      action(c, o.id(), what, o.then(), o.thenAction(), f);
    }
    sets(c, o.id(), what, o.resourceSets(), f);
  }

  private static void sets(
      Configuration c, String id, String what, List<ResourceSet> sets, Findings f) {
    for (ResourceSet s : sets) {
      for (String r : s.resources()) {
        role(c, id, what, r, s.role(), f);
        action(c, id, what, r, s.action(), f);
      }
    }
  }

  private static void role(
      Configuration c, String id, String what, String rsc, Role role, Findings f) {
    if ((role == Role.PROMOTED || role == Role.UNPROMOTED) && notPromotable(c, rsc)) {
      f.warning(
          id, what + " uses role " + role + " for '" + rsc + "', which is not a promotable clone");
    }
  }

  private static void action(
      Configuration c, String id, String what, String rsc, ResourceAction a, Findings f) {
    if ((a == ResourceAction.PROMOTE || a == ResourceAction.DEMOTE) && notPromotable(c, rsc)) {
      f.warning(
          id,
          what + " orders '" + rsc + ":" + a + "', but '" + rsc + "' is not a promotable clone");
    }
  }

  /** Whether {@code rsc} is a known resource that is neither a promotable clone nor inside one. */
  private static boolean notPromotable(Configuration c, String rsc) {
    Optional<Resource> r = c.resource(rsc);
    if (r.isEmpty()) {
      return false; // unknown ids (or tags) are reported elsewhere
    }
    Optional<Resource> top = c.topLevelOf(rsc);
    return !(top.isPresent() && top.get() instanceof Clone cl && cl.promotable());
  }

  private static void fencingLevel(Configuration c, FencingLevel l, Set<String> nodes, Findings f) {
    String what = "fencing level '" + l.id() + "'";
    for (String d : l.devices()) {
      Optional<Resource> r = c.resource(d);
      if (r.isEmpty()) {
        f.error(l.id(), what + " names device '" + d + "', which is not defined");
      } else if (!(r.get() instanceof Primitive p && p.fencingDevice())) {
        f.error(
            l.id(),
            what + " names '" + d + "', which is not a fencing device (a stonith: primitive)");
      }
    }
    if (l.target() != null && !nodes.isEmpty() && !nodes.contains(l.target())) {
      f.warning(l.id(), what + " targets node '" + l.target() + "', which is not configured");
    }
  }
}
