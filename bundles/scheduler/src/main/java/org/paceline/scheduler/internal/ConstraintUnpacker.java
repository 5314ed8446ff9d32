package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.paceline.cib.model.ColocationConstraint;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.LocationConstraint;
import org.paceline.cib.model.OrderConstraint;
import org.paceline.cib.model.ResourceAction;
import org.paceline.cib.model.ResourceSet;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.RuleContext;
import org.paceline.cib.model.RuleEvaluator;
import org.paceline.cib.model.Tag;

/**
 * Phase "constraints": resolves location, colocation and order constraints to the run's resources.
 * Locations become per-node score tables (rules evaluated against node attributes and "now");
 * colocations are attached to both resources; orders are kept for the actions phase. References to
 * a resource inside a clone mean the clone; tags expand to their resources.
 */
final class ConstraintUnpacker {

  private final Cluster c;

  private ConstraintUnpacker(Cluster c) {
    this.c = c;
  }

  static void unpack(Cluster c) {
    ConstraintUnpacker u = new ConstraintUnpacker(c);
    for (Constraint k : c.config.constraints()) {
      try {
        if (k instanceof LocationConstraint l) {
          u.location(l);
        } else if (k instanceof ColocationConstraint col) {
          u.colocation(col);
        } else if (k instanceof OrderConstraint o) {
          u.order(o);
        }
      } catch (RuntimeException e) {
        c.warnings.add("ignoring constraint " + k.id() + ": " + e.getMessage());
      }
    }
  }

  // ---------------------------------------------------------------- resolving ids

  /** The resources an id names: a resource (a clone for anything inside one) or a tag's members. */
  private List<SchedResource> resolve(String id) {
    SchedResource r = c.byConfigId.get(id);
    if (r != null) {
      return List.of(constraintTarget(r));
    }
    for (Tag t : c.config.tags()) {
      if (t.id().equals(id)) {
        List<SchedResource> out = new ArrayList<>();
        for (String ref : t.references()) {
          SchedResource m = c.byConfigId.get(ref);
          if (m != null) {
            out.add(constraintTarget(m));
          }
        }
        return out;
      }
    }
    return List.of();
  }

  private static SchedResource constraintTarget(SchedResource r) {
    SchedClone cl = r.owningClone();
    return cl != null ? cl : r;
  }

  private SchedResource single(String id, String what) {
    List<SchedResource> rs = resolve(id);
    if (rs.isEmpty()) {
      c.warnings.add(what + " names unknown resource '" + id + "'");
      return null;
    }
    return rs.get(0);
  }

  /** Started and Unpromoted in a location constraint mean any role; only Promoted filters. */
  private static Role locationRole(Role r) {
    return r == Role.PROMOTED ? Role.PROMOTED : null;
  }

  /** Started in a colocation means any role. */
  private static Role colocationRole(Role r) {
    return r == Role.STARTED ? null : r;
  }

  // ---------------------------------------------------------------- location

  private void location(LocationConstraint l) {
    List<SchedResource> targets = new ArrayList<>();
    if (l.rsc() != null) {
      targets.addAll(resolve(l.rsc()));
    } else if (l.rscPattern() != null) {
      Pattern p;
      try {
        p = Pattern.compile(l.rscPattern());
      } catch (PatternSyntaxException e) {
        return;
      }
      for (SchedResource r : c.resources) {
        if (!r.orphan && p.matcher(r.id).find()) {
          targets.add(r);
        }
      }
    } else {
      for (ResourceSet s : l.resourceSets()) {
        for (String id : s.resources()) {
          targets.addAll(resolve(id));
        }
      }
    }
    for (SchedResource r : targets) {
      if (l.node() != null) {
        SchedNode n = c.node(l.node());
        if (n == null) {
          continue;
        }
        int[] scores = missing();
        scores[n.index] = l.score().value();
        add(new LocationEntry(l.id(), r, locationRole(l.role()), l.discovery(), scores));
      } else {
        for (Rule rule : l.rules()) {
          Role role = rule.role() != null ? rule.role() : l.role();
          add(new LocationEntry(l.id(), r, locationRole(role), l.discovery(), ruleScores(rule)));
        }
      }
    }
  }

  private int[] missing() {
    int[] s = new int[c.nodes.length];
    Arrays.fill(s, Scores.MISSING);
    return s;
  }

  private int[] ruleScores(Rule rule) {
    int[] out = missing();
    for (SchedNode n : c.nodes) {
      RuleContext ctx = RuleContext.of(n.attributes, c.now).withRole(rule.role());
      boolean match;
      try {
        match = RuleEvaluator.matches(rule, ctx);
      } catch (RuntimeException e) {
        c.warnings.add("rule " + rule.id() + ": " + e.getMessage());
        match = false;
      }
      if (!match) {
        continue;
      }
      int score;
      if (rule.score() != null) {
        score = rule.score().value();
      } else if (rule.scoreAttribute() != null) {
        String v = n.attribute(rule.scoreAttribute());
        score = v == null ? -Scores.INF : Scores.parse(v);
      } else {
        score = 0;
      }
      out[n.index] = score;
    }
    return out;
  }

  private void add(LocationEntry e) {
    if (e.discovery == LocationConstraint.Discovery.NEVER) {
      c.anyDiscoveryNever = true;
    }
    c.locations.add(e);
    e.resource.locations.add(e);
  }

  // ---------------------------------------------------------------- colocation

  private void colocation(ColocationConstraint k) {
    int score = k.score().value();
    if (k.resourceSets().isEmpty()) {
      SchedResource dep = single(k.rsc(), "colocation " + k.id());
      SchedResource prim = single(k.withRsc(), "colocation " + k.id());
      if (dep == null || prim == null || score == 0) {
        return;
      }
      addColocation(
          k.id(), dep, prim, score, colocationRole(k.rscRole()), colocationRole(k.withRscRole()));
      return;
    }
    ResourceSet last = null;
    for (ResourceSet s : k.resourceSets()) {
      colocationSet(k.id(), s, score);
      if (last != null) {
        colocateSets(k.id(), last, s, score);
      }
      last = s;
    }
  }

  private void colocationSet(String id, ResourceSet set, int score) {
    int local = set.score() != null ? set.score().value() : score;
    if (local == 0 || !set.sequential()) {
      return;
    }
    Role role = colocationRole(set.role());
    List<SchedResource> members = members(set);
    if (local > 0) {
      SchedResource with = null;
      for (SchedResource r : members) {
        if (with != null) {
          addColocation(set.id(), r, with, local, role, role);
        }
        with = r;
      }
    } else {
      for (int i = 0; i < members.size(); i++) {
        for (int j = 0; j < i; j++) {
          addColocation(set.id(), members.get(i), members.get(j), local, role, role);
        }
      }
    }
  }

  private void colocateSets(String id, ResourceSet set1, ResourceSet set2, int score) {
    if (score == 0) {
      return;
    }
    List<SchedResource> m1 = members(set1);
    List<SchedResource> m2 = members(set2);
    Role r1 = colocationRole(set1.role());
    Role r2 = colocationRole(set2.role());
    SchedResource rsc1 = set1.sequential() && !m1.isEmpty() ? m1.get(0) : null;
    SchedResource rsc2 = set2.sequential() && !m2.isEmpty() ? m2.get(m2.size() - 1) : null;
    if (rsc1 != null && rsc2 != null) {
      addColocation(id, rsc1, rsc2, score, r1, r2);
    } else if (rsc1 != null) {
      for (SchedResource b : m2) {
        addColocation(id, rsc1, b, score, r1, r2);
      }
    } else if (rsc2 != null) {
      for (SchedResource a : m1) {
        addColocation(id, a, rsc2, score, r1, r2);
      }
    } else {
      for (SchedResource a : m1) {
        for (SchedResource b : m2) {
          addColocation(id, a, b, score, r1, r2);
        }
      }
    }
  }

  private List<SchedResource> members(ResourceSet set) {
    List<SchedResource> out = new ArrayList<>();
    for (String id : set.resources()) {
      out.addAll(resolve(id));
    }
    return out;
  }

  private void addColocation(
      String id, SchedResource dep, SchedResource prim, int score, Role depRole, Role primRole) {
    if (dep == prim) {
      return;
    }
    Colocation col =
        new Colocation(id, dep, prim, score, depRole, primRole, null, dep.critical, true);
    attach(c, col);
  }

  /** Adds a colocation to the run and to both resources' sorted lists. */
  static void attach(Cluster c, Colocation col) {
    c.colocations.add(col);
    insertSorted(col.dependent.thisWith, col, true);
    insertSorted(col.primary.withThis, col, false);
  }

  /**
   * Keeps "this with" lists sorted by the primary (and "with this" lists by the dependent): higher
   * priority first, clones before groups before primitives, promotable clones first, then by id.
   */
  private static void insertSorted(List<Colocation> list, Colocation col, boolean byPrimary) {
    int i = 0;
    while (i < list.size() && compare(list.get(i), col, byPrimary) <= 0) {
      i++;
    }
    list.add(i, col);
  }

  private static int compare(Colocation a, Colocation b, boolean byPrimary) {
    SchedResource ra = byPrimary ? a.primary : a.dependent;
    SchedResource rb = byPrimary ? b.primary : b.dependent;
    if (ra.priority != rb.priority) {
      return ra.priority > rb.priority ? -1 : 1;
    }
    int va = variantRank(ra);
    int vb = variantRank(rb);
    if (va != vb) {
      return va > vb ? -1 : 1;
    }
    if (ra instanceof SchedClone ca
        && rb instanceof SchedClone cb
        && ca.promotable != cb.promotable) {
      return ca.promotable ? -1 : 1;
    }
    return ra.id.compareTo(rb.id);
  }

  private static int variantRank(SchedResource r) {
    return switch (r.variant) {
      case PRIMITIVE -> 0;
      case GROUP -> 1;
      case CLONE -> 2;
    };
  }

  // ---------------------------------------------------------------- order

  private void order(OrderConstraint o) {
    if (o.resourceSets().isEmpty()) {
      List<SchedResource> firsts = resolve(o.first());
      List<SchedResource> thens = resolve(o.then());
      for (SchedResource f : firsts) {
        for (SchedResource t : thens) {
          orderPair(o, f, task(o.firstAction()), t, task(o.thenAction()));
        }
      }
      return;
    }
    // Sets: each sequential set is a chain; consecutive sets are ordered last-to-first.
    ResourceSet last = null;
    for (ResourceSet s : o.resourceSets()) {
      List<SchedResource> members = members(s);
      String action = task(s.action() != null ? s.action() : ResourceAction.START);
      if (s.sequential()) {
        for (int i = 1; i < members.size(); i++) {
          orderPair(o, members.get(i - 1), action, members.get(i), action);
        }
      }
      if (last != null) {
        List<SchedResource> prev = members(last);
        String prevAction = task(last.action() != null ? last.action() : ResourceAction.START);
        List<SchedResource> from =
            last.sequential() && !prev.isEmpty() ? List.of(prev.get(prev.size() - 1)) : prev;
        List<SchedResource> to =
            s.sequential() && !members.isEmpty() ? List.of(members.get(0)) : members;
        for (SchedResource f : from) {
          for (SchedResource t : to) {
            orderPair(o, f, prevAction, t, action);
          }
        }
      }
      last = s;
    }
  }

  private static String task(ResourceAction a) {
    return a == null ? "start" : a.toString();
  }

  private static String invert(String task) {
    return switch (task) {
      case "start" -> "stop";
      case "stop" -> "start";
      case "promote" -> "demote";
      case "demote" -> "promote";
      default -> null;
    };
  }

  private void orderPair(
      OrderConstraint o,
      SchedResource first,
      String firstTask,
      SchedResource then,
      String thenTask) {
    if (first == then && firstTask.equals(thenTask)) {
      return;
    }
    boolean symmetric = o.symmetrical() && o.kind() != OrderConstraint.Kind.SERIALIZE;
    int forward = flags(o.kind(), firstTask, symmetric ? 1 : 0);
    c.orderings.add(
        new Cluster.PendingOrdering(first, firstTask, null, then, thenTask, null, forward));
    if (symmetric) {
      String it = invert(thenTask);
      String ifirst = invert(firstTask);
      if (it != null && ifirst != null) {
        int inverse = flags(o.kind(), it, 2);
        c.orderings.add(new Cluster.PendingOrdering(then, it, null, first, ifirst, null, inverse));
      }
    }
  }

  /**
   * Ordering flags for a constraint kind: symmetry 0 asymmetric, 1 symmetric (forward), 2 the
   * inverse of a symmetric constraint.
   */
  private static int flags(OrderConstraint.Kind kind, String firstTask, int symmetry) {
    int f = Ordering.NONE;
    switch (kind) {
      case OPTIONAL:
        f |= Ordering.OPTIONAL;
        break;
      case SERIALIZE:
        f |= Ordering.SERIALIZE_ONLY;
        break;
      case MANDATORY:
      default:
        if (symmetry == 0) {
          f |= Ordering.ASYMMETRICAL;
        } else if (symmetry == 1) {
          f |= Ordering.IMPLIES_THEN;
          if ("start".equals(firstTask) || "promote".equals(firstTask)) {
            f |= Ordering.RUNNABLE_LEFT;
          }
        } else {
          f |= Ordering.IMPLIES_FIRST;
        }
        break;
    }
    return f;
  }
}
