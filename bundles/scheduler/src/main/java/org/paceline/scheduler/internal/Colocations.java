package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.paceline.cib.model.Role;

/**
 * How colocations act on node scores: which colocations concern a resource (its own, its group's,
 * its clone's), applying a primary's placement to a dependent's scores or promotion priority, and
 * merging attenuated scores of colocated resources (Pacemaker's "add colocated node scores").
 */
final class Colocations {

  /** Merge flag: roll back when no node would remain available. */
  static final int ROLLBACK = 1;

  /** Merge flag: follow "this with" colocations (primaries) instead of dependents. */
  static final int THIS_WITH = 2;

  /** Merge flag: never let a merge make a node's score negative. */
  static final int NONNEGATIVE = 4;

  enum Affects {
    NOTHING,
    LOCATION,
    ROLE
  }

  private Colocations() {}

  // ---------------------------------------------------------------- which colocations apply

  /** Colocations where {@code rsc} (or what it belongs to) is the dependent. */
  static List<Colocation> thisWith(SchedResource rsc) {
    List<Colocation> out = new ArrayList<>();
    thisWith(rsc, rsc, out);
    return out;
  }

  /** Colocations where {@code rsc} (or what it belongs to) is the primary. */
  static List<Colocation> withThis(SchedResource rsc) {
    List<Colocation> out = new ArrayList<>();
    withThis(rsc, rsc, out);
    return out;
  }

  private static void thisWith(SchedResource rsc, SchedResource orig, List<Colocation> out) {
    if (rsc instanceof SchedPrimitive) {
      if (rsc == orig) {
        addAll(out, rsc.thisWith, true);
        if (rsc.parent != null) {
          thisWith(rsc.parent, orig, out);
        }
      } else {
        for (Colocation col : rsc.thisWith) {
          if (col.explicit) {
            add(out, col, true);
          }
        }
      }
    } else if (rsc instanceof SchedGroup g) {
      if (g.children.isEmpty()) {
        return;
      }
      if (rsc == orig || orig == g.children.get(0)) {
        addAll(out, g.thisWith, true);
        if (g.parent != null) {
          thisWith(g.parent, orig, out);
        }
        if (!g.colocated) {
          return;
        }
        for (SchedResource m : g.children) {
          if (m != orig) {
            thisWith(m, orig, out);
          }
        }
        return;
      }
      for (SchedResource m : g.children) {
        if (m == orig) {
          break;
        }
        if (!m.managed) {
          for (Colocation col : g.thisWith) {
            if (col.score >= Scores.INF) {
              add(out, col, true);
            }
          }
          break;
        }
      }
    } else {
      if (rsc == orig) {
        addAll(out, rsc.thisWith, true);
      } else {
        addAll(out, rsc.thisWith, true);
      }
    }
  }

  private static void withThis(SchedResource rsc, SchedResource orig, List<Colocation> out) {
    if (rsc instanceof SchedPrimitive) {
      if (rsc == orig) {
        addAll(out, rsc.withThis, false);
        if (rsc.parent != null) {
          withThis(rsc.parent, orig, out);
        }
      } else {
        for (Colocation col : rsc.withThis) {
          if (col.explicit) {
            add(out, col, false);
          }
        }
      }
    } else if (rsc instanceof SchedGroup g) {
      if (g.children.isEmpty()) {
        return;
      }
      if (orig != rsc && orig != g.last()) {
        return;
      }
      addAll(out, g.withThis, false);
      if (g.parent != null) {
        withThis(g.parent, orig, out);
      }
      if (!g.colocated) {
        return;
      }
      for (SchedResource m : g.children) {
        if (m != orig) {
          withThis(m, orig, out);
        }
      }
    } else {
      addAll(out, rsc.withThis, false);
    }
  }

  private static void addAll(List<Colocation> out, List<Colocation> cols, boolean byPrimary) {
    for (Colocation col : cols) {
      add(out, col, byPrimary);
    }
  }

  private static void add(List<Colocation> out, Colocation col, boolean byPrimary) {
    if (out.contains(col)) {
      return;
    }
    int i = 0;
    while (i < out.size() && compare(out.get(i), col, byPrimary) <= 0) {
      i++;
    }
    out.add(i, col);
  }

  private static int compare(Colocation a, Colocation b, boolean byPrimary) {
    SchedResource ra = byPrimary ? a.primary : a.dependent;
    SchedResource rb = byPrimary ? b.primary : b.dependent;
    if (ra.priority != rb.priority) {
      return ra.priority > rb.priority ? -1 : 1;
    }
    int va = ra.variant.ordinal();
    int vb = rb.variant.ordinal();
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

  /** Whether the dependent may influence where the primary goes. */
  static boolean hasInfluence(Colocation col, SchedResource rsc) {
    SchedResource r = rsc == null ? col.primary : rsc;
    return col.influence || r.runningOn.isEmpty();
  }

  // ---------------------------------------------------------------- node attribute matching

  static String attr(SchedNode n, String attribute) {
    if (attribute == null || "#uname".equals(attribute)) {
      return n.name;
    }
    if ("#id".equals(attribute)) {
      return n.id;
    }
    return n.attribute(attribute);
  }

  static boolean sameValue(String a, String b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.equalsIgnoreCase(b);
  }

  static boolean anyAvailable(Cluster c, int[] scores) {
    for (SchedNode n : c.nodes) {
      int s = scores[n.index];
      if (s != Scores.MISSING && s >= 0 && n.canRunResources()) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- applying a colocation

  /**
   * Applies {@code col} to {@code dependent} given where {@code primary} was assigned (Pacemaker's
   * "apply colocation score"). With {@code forDependent} the dependent's variant decides, else the
   * primary's.
   */
  static void apply(
      Cluster c,
      SchedResource dependent,
      SchedResource primary,
      Colocation col,
      boolean forDependent) {
    if (forDependent) {
      if (dependent instanceof SchedGroup g) {
        if (g.children.isEmpty()) {
          return;
        }
        if (g.colocated) {
          apply(c, g.children.get(0), primary, col, true);
          return;
        }
        if (col.score >= Scores.INF) {
          return;
        }
        for (SchedResource m : g.children) {
          apply(c, m, primary, col, true);
        }
        return;
      }
      if (dependent instanceof SchedClone) {
        return;
      }
      apply(c, dependent, primary, col, false);
      return;
    }
    if (primary instanceof SchedPrimitive) {
      switch (affects(dependent, primary, col, false)) {
        case ROLE -> toPriority(dependent, primary, col);
        case LOCATION -> toScores(c, dependent, primary, col);
        default -> {}
      }
    } else if (primary instanceof SchedGroup g) {
      if (g.provisional || g.children.isEmpty()) {
        return;
      }
      if (g.colocated) {
        SchedResource member = col.score >= Scores.INF ? g.last() : g.first();
        apply(c, dependent, member, col, false);
        return;
      }
      if (col.score >= Scores.INF) {
        return;
      }
      for (SchedResource m : g.children) {
        apply(c, dependent, m, col, false);
      }
    } else {
      CloneAssigner.applyColocationWithClone(c, dependent, (SchedClone) primary, col);
    }
  }

  static Affects affects(
      SchedResource dependent, SchedResource primary, Colocation col, boolean preview) {
    if (!preview && primary.provisional) {
      return Affects.NOTHING;
    }
    if (col.dependentRole != null
        && col.dependentRole.ordinal() >= Role.UNPROMOTED.ordinal()
        && dependent.parent instanceof SchedClone pc
        && pc.promotable
        && !dependent.provisional) {
      return Affects.ROLE;
    }
    if (!preview && !dependent.provisional) {
      return Affects.NOTHING;
    }
    if (col.dependentRole != null && col.dependentRole != dependent.nextRole) {
      return Affects.NOTHING;
    }
    if (col.primaryRole != null && col.primaryRole != primary.nextRole) {
      return Affects.NOTHING;
    }
    return Affects.LOCATION;
  }

  /** Pacemaker's "apply colocation to scores": prefer or avoid the primary's node. */
  static void toScores(Cluster c, SchedResource dependent, SchedResource primary, Colocation col) {
    String value = null;
    if (primary.assigned != null) {
      value = attr(primary.assigned, col.nodeAttribute);
    } else if (col.score < 0) {
      return;
    }
    int[] work = Arrays.copyOf(dependent.allowed, dependent.allowed.length);
    for (SchedNode n : c.nodes) {
      int s = work[n.index];
      if (s == Scores.MISSING) {
        continue;
      }
      if (primary.assigned == null) {
        work[n.index] = Scores.add(-Scores.INF, s);
      } else if (sameValue(attr(n, col.nodeAttribute), value)) {
        if (col.score < Scores.INF) {
          work[n.index] = Scores.add(col.score, s);
        }
      } else if (col.score >= Scores.INF) {
        work[n.index] = Scores.add(-Scores.INF, s);
      }
    }
    if (col.score <= -Scores.INF || col.score >= Scores.INF || anyAvailable(c, work)) {
      dependent.allowed = work;
      if (primary.assigned != null) {
        dependent.note(
            col.score >= Scores.INF ? null : primary.assigned,
            col.score,
            "colocation " + col.id + " with " + primary.id + " (on " + primary.assigned.name + ")");
      } else {
        dependent.note(
            null, -Scores.INF, "colocation " + col.id + ": " + primary.id + " is inactive");
      }
    }
  }

  /** Pacemaker's "apply colocation to priority": a role colocation adjusts promotion priority. */
  static void toPriority(SchedResource dependent, SchedResource primary, Colocation col) {
    if (primary.assigned == null || dependent.assigned == null) {
      return;
    }
    String dv = attr(dependent.assigned, col.nodeAttribute);
    String pv = attr(primary.assigned, col.nodeAttribute);
    if (!sameValue(dv, pv)) {
      if (col.score >= Scores.INF && col.dependentRole == Role.PROMOTED) {
        dependent.priority = -Scores.INF;
      }
      return;
    }
    if (col.primaryRole != null && col.primaryRole != primary.nextRole) {
      return;
    }
    int multiplier = col.dependentRole == Role.UNPROMOTED ? -1 : 1;
    dependent.priority = Scores.add(multiplier * col.score, dependent.priority);
  }

  // ---------------------------------------------------------------- merging attenuated scores

  /**
   * Merges {@code source}'s node scores (and, recursively, those of resources colocated with it)
   * into {@code nodes}, scaled by {@code factor}. With {@code nodes} null, starts from {@code
   * source}'s own scores. Returns the new table (or {@code nodes} unchanged when rolled back).
   */
  static int[] addColocatedScores(
      Cluster c,
      SchedResource source,
      SchedResource target,
      int[] nodes,
      Colocation col,
      float factor,
      int flags) {
    if (source instanceof SchedGroup g) {
      if (g.updatingNodes || g.children.isEmpty()) {
        return nodes;
      }
      g.updatingNodes = true;
      SchedResource member = nodes == null ? g.last() : g.first();
      int[] out = addColocatedScores(c, member, target, nodes, col, factor, flags);
      g.updatingNodes = false;
      return out;
    }
    if (source.updatingNodes) {
      return nodes;
    }
    source.updatingNodes = true;
    int[] work;
    if (nodes == null) {
      work = Arrays.copyOf(source.allowed, source.allowed.length);
      target = source;
    } else {
      work = Arrays.copyOf(nodes, nodes.length);
      addMatchingScores(c, work, source, col, factor, (flags & NONNEGATIVE) != 0);
    }
    if (anyAvailable(c, work)) {
      List<Colocation> cols = (flags & THIS_WITH) != 0 ? thisWith(source) : withThis(source);
      int nextFlags = flags | ROLLBACK;
      for (Colocation k : cols) {
        SchedResource other;
        if ((flags & THIS_WITH) != 0) {
          other = k.primary;
        } else if (!hasInfluence(k, null)) {
          continue;
        } else {
          other = k.dependent;
        }
        float otherFactor = factor * k.score / (float) Scores.INF;
        work = addColocatedScores(c, other, target, work, k, otherFactor, nextFlags);
      }
    } else if ((flags & ROLLBACK) != 0) {
      source.updatingNodes = false;
      return nodes;
    }
    if ((flags & NONNEGATIVE) != 0) {
      for (int i = 0; i < work.length; i++) {
        if (work[i] == Scores.UNUSABLE) {
          work[i] = 1;
        }
      }
    }
    source.updatingNodes = false;
    return work;
  }

  private static void addMatchingScores(
      Cluster c,
      int[] nodes,
      SchedResource source,
      Colocation col,
      float factor,
      boolean onlyPositive) {
    String attribute = col == null ? null : col.nodeAttribute;
    for (SchedNode n : c.nodes) {
      int current = nodes[n.index];
      if (current == Scores.MISSING) {
        continue;
      }
      int score =
          attribute == null || "#uname".equals(attribute) || "#id".equals(attribute)
              ? bestScoreOnNode(c, col, source, n)
              : bestScoreMatching(c, col, source, attribute, attr(n, attribute));
      if (factor < 0 && score < 0) {
        if (col != null && allowedOnOne(c, col.dependent)) {
          // the dependent can run nowhere else: honour the double negative
        } else {
          continue;
        }
      }
      if (current == Scores.UNUSABLE) {
        continue;
      }
      float deltaF = factor * score;
      int delta = (int) (deltaF < 0 ? deltaF - 0.5f : deltaF + 0.5f);
      if (delta == 0 && score != 0) {
        if (factor > 0.0f) {
          delta = 1;
        } else if (factor < 0.0f) {
          delta = -1;
        }
      }
      int next = Scores.add(delta, current);
      if (onlyPositive && next < 0 && current > 0) {
        nodes[n.index] = Scores.UNUSABLE;
        continue;
      }
      if (onlyPositive && next < 0 && current == 0) {
        continue;
      }
      nodes[n.index] = next;
    }
  }

  /** {@link #bestScoreMatching} when the attribute identifies the node: its own score. */
  private static int bestScoreOnNode(Cluster c, Colocation col, SchedResource rsc, SchedNode n) {
    if (col != null
        && rsc == col.dependent
        && col.explicit
        && rsc.parent instanceof SchedGroup g
        && rsc != g.first()) {
      return bestScoreMatching(c, col, rsc, null, n.name);
    }
    int s = rsc.allowed[n.index];
    if (s == Scores.MISSING || !n.canRunResources()) {
      return -Scores.INF;
    }
    return Math.max(s, -Scores.INF);
  }

  private static boolean allowedOnOne(Cluster c, SchedResource rsc) {
    int count = 0;
    for (SchedNode n : c.nodes) {
      int s = rsc.allowed[n.index];
      if (s != Scores.MISSING && s >= 0 && ++count > 1) {
        return false;
      }
    }
    return count == 1;
  }

  private static int bestScoreMatching(
      Cluster c, Colocation col, SchedResource rsc, String attribute, String value) {
    int[] scores = rsc.allowed;
    if (col != null
        && rsc == col.dependent
        && col.explicit
        && rsc.parent instanceof SchedGroup g
        && rsc != g.first()) {
      scores = Arrays.copyOf(scores, scores.length);
      for (LocationEntry l : g.locations) {
        if (l.role != null && l.role != rsc.nextRole) {
          continue;
        }
        for (SchedNode n : c.nodes) {
          int ls = l.scores[n.index];
          if (ls == Scores.MISSING) {
            continue;
          }
          int cur = scores[n.index];
          scores[n.index] = cur == Scores.MISSING ? ls : Scores.add(cur, ls);
        }
      }
    }
    int best = -Scores.INF;
    for (SchedNode n : c.nodes) {
      int s = scores[n.index];
      if (s == Scores.MISSING) {
        continue;
      }
      if (s > best && n.canRunResources() && sameValue(value, attr(n, attribute))) {
        best = s;
      }
    }
    return best;
  }
}
