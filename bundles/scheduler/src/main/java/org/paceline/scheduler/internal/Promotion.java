package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.model.Role;

/**
 * Chooses which instances of a promotable clone are promoted: each active-to-be instance gets a
 * priority from its promotion score (node attribute {@code master-RSC}), Promoted-role location
 * constraints and role colocations; instances are ranked and the best are promoted, up to
 * promoted-max in total and promoted-node-max per node.
 */
final class Promotion {

  private Promotion() {}

  // ---------------------------------------------------------------- promotion scores

  /** Adds positive promotion scores to the instances' node scores, once per clone. */
  static void addPromotionScores(Cluster c, SchedClone clone) {
    if (clone.promotionScoresAdded) {
      return;
    }
    clone.promotionScoresAdded = true;
    for (SchedResource inst : clone.children) {
      for (SchedNode n : c.nodes) {
        if (!inst.isAllowed(n) || !n.canRunResources()) {
          continue;
        }
        int score = promotionScore(c, inst, n, null);
        if (score > 0) {
          inst.allowed[n.index] = Scores.add(inst.allowed[n.index], score);
          inst.note(n, score, "promotion score");
        }
      }
    }
  }

  /**
   * The promotion score of an instance on a node; {@code isDefault[0]} tells whether no score was
   * found at all. A cloned group's score is the sum of its members'.
   */
  static int promotionScore(Cluster c, SchedResource inst, SchedNode node, boolean[] isDefault) {
    if (isDefault != null) {
      isDefault[0] = true;
    }
    if (!inst.children.isEmpty()) {
      int total = 0;
      for (SchedResource ch : inst.children) {
        boolean[] d = new boolean[1];
        total += promotionScore(c, ch, node, d);
        if (!d[0] && isDefault != null) {
          isDefault[0] = false;
        }
      }
      return total;
    }
    SchedPrimitive p = (SchedPrimitive) inst;
    if (!scoreApplies(c, p, node)) {
      return 0;
    }
    String name = p.historyName != null ? p.historyName : p.id;
    String v = node.attribute("master-" + name);
    if (v == null && !p.unique) {
      String base = p.baseId;
      if (!base.equals(p.id)) {
        v = node.attribute("master-" + base);
      }
    }
    if (v == null) {
      return 0;
    }
    if (isDefault != null) {
      isDefault[0] = false;
    }
    return Scores.parse(v);
  }

  private static boolean scoreApplies(Cluster c, SchedPrimitive rsc, SchedNode node) {
    SchedClone clone = rsc.owningClone();
    boolean decided = false;
    if (!rsc.unique && clone != null) {
      SchedPrimitive active = activeInstance(clone, rsc.baseId, node);
      if (active == rsc) {
        decided = true;
      } else if (active == null && anonymousKnownOn(clone, rsc.baseId, node)) {
        decided = true;
      }
    }
    if (!decided) {
      boolean knownAnywhere = false;
      for (boolean k : rsc.knownOn) {
        knownAnywhere |= k;
      }
      if (rsc.runningOn.isEmpty() && !knownAnywhere) {
        decided = true;
      } else if (rsc.knownOn[node.index] || rsc.runningOn.contains(node)) {
        decided = true;
      } else {
        return false;
      }
    }
    return rsc.isAllowed(node) && rsc.score(node) >= 0 || allowedInParent(rsc, node);
  }

  private static boolean allowedInParent(SchedPrimitive rsc, SchedNode node) {
    SchedResource top = rsc.top();
    return top.isAllowed(node)
        && top.score(node) >= 0
        && rsc.isAllowed(node)
        && rsc.score(node) >= 0;
  }

  private static SchedPrimitive activeInstance(SchedClone clone, String base, SchedNode node) {
    for (SchedResource inst : clone.children) {
      for (SchedPrimitive p : inst.primitives()) {
        if (p.baseId.equals(base) && p.runningOn.contains(node)) {
          return p;
        }
      }
    }
    return null;
  }

  private static boolean anonymousKnownOn(SchedClone clone, String base, SchedNode node) {
    for (SchedResource inst : clone.children) {
      for (SchedPrimitive p : inst.primitives()) {
        if (p.baseId.equals(base) && p.knownOn[node.index]) {
          return true;
        }
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- roles

  /** Decides the next role (promoted or unpromoted) of every instance of the clone. */
  static void setInstanceRoles(Cluster c, SchedClone clone) {
    for (SchedNode n : c.nodes) {
      clone.counts[n.index] = 0;
    }
    for (SchedResource inst : clone.children) {
      instancePriority(c, clone, inst);
    }
    List<SchedResource> order = sortInstances(c, clone);
    int promoted = 0;
    for (SchedResource inst : order) {
      SchedNode chosen = null;
      if (inst.sortIndex >= 0 && (promoted < clone.promotedMax || !clone.managed)) {
        chosen = promotableOn(c, clone, inst);
      }
      if (chosen == null) {
        setUnpromoted(inst);
        continue;
      }
      if (inst.role.ordinal() < Role.PROMOTED.ordinal()
          && !c.quorate
          && c.noQuorumPolicy == org.paceline.cib.model.ClusterOptions.NoQuorumPolicy.FREEZE) {
        setUnpromoted(inst);
        continue;
      }
      clone.counts[chosen.index]++;
      setPromoted(inst);
      promoted++;
    }
    clone.promotionOrder = order;
  }

  private static void instancePriority(Cluster c, SchedClone clone, SchedResource inst) {
    if (Resources.state(inst, true) == Role.STARTED) {
      setCurrentUnpromoted(inst);
    }
    SchedNode chosen = Resources.location(inst, false);
    if (chosen == null) {
      return;
    }
    Role next = rawNextRole(inst);
    if (next == null || next == Role.STARTED) {
      boolean[] isDefault = new boolean[1];
      inst.priority = promotionScore(c, inst, chosen, isDefault);
      if (isDefault[0]) {
        inst.priority = -1;
      }
    } else if (next == Role.UNPROMOTED || next == Role.STOPPED) {
      inst.priority = -Scores.INF;
    }
    promotedLocations(inst, inst.locations, chosen);
    promotedLocations(inst, clone.locations, chosen);
    for (Colocation col : Colocations.thisWith(inst)) {
      Colocations.apply(c, inst, col.primary, col, true);
    }
    inst.sortIndex = inst.priority;
    if (next == Role.PROMOTED) {
      inst.sortIndex = Scores.INF;
    }
  }

  /** The next role with "unknown" as null; a collective's is its highest member's. */
  private static Role rawNextRole(SchedResource r) {
    if (r.children.isEmpty()) {
      return r.nextRole;
    }
    Role max = null;
    for (SchedResource ch : r.children) {
      Role x = rawNextRole(ch);
      if (x != null && (max == null || x.ordinal() > max.ordinal())) {
        max = x;
      }
    }
    return max;
  }

  private static void promotedLocations(
      SchedResource inst, List<LocationEntry> entries, SchedNode chosen) {
    for (LocationEntry l : entries) {
      if (l.role == Role.PROMOTED && l.scores[chosen.index] != Scores.MISSING) {
        inst.priority = Scores.add(inst.priority, l.scores[chosen.index]);
        inst.note(chosen, l.scores[chosen.index], "promotion: location constraint " + l.id);
      }
    }
  }

  private static List<SchedResource> sortInstances(Cluster c, SchedClone clone) {
    List<SchedResource> order = new ArrayList<>(clone.children);
    if (!clone.promotionSorted) {
      clone.promotionSorted = true;
      for (SchedResource inst : clone.children) {
        SchedNode chosen = Resources.location(inst, false);
        if (inst.sortIndex < 0 || chosen == null || !clone.isAllowed(chosen)) {
          continue;
        }
        clone.allowed[chosen.index] = Scores.add(inst.sortIndex, clone.allowed[chosen.index]);
      }
      for (SchedResource inst : clone.children) {
        for (Colocation col : Colocations.thisWith(inst)) {
          // Optional role colocations count through the promotion priority only; mandatory ones
          // also through the clone's scores, so that an unplaceable primary bans promotion.
          if (col.dependentRole != Role.PROMOTED || !col.mandatory()) {
            continue;
          }
          clone.allowed =
              Colocations.addColocatedScores(
                  c,
                  col.primary,
                  clone,
                  clone.allowed,
                  col,
                  col.score / (float) Scores.INF,
                  col.score < Scores.INF ? Colocations.ROLLBACK : 0);
        }
      }
      for (SchedResource inst : clone.children) {
        for (Colocation col : Colocations.withThis(inst)) {
          if (col.primaryRole != Role.PROMOTED || !Colocations.hasInfluence(col, null)) {
            continue;
          }
          clone.allowed =
              Colocations.addColocatedScores(
                  c,
                  col.dependent,
                  clone,
                  clone.allowed,
                  col,
                  col.score / (float) Scores.INF,
                  Colocations.ROLLBACK);
        }
      }
      for (SchedResource inst : clone.children) {
        SchedNode chosen = Resources.location(inst, false);
        if (!inst.managed && inst.nextRole == Role.PROMOTED) {
          inst.sortIndex = Scores.INF;
        } else if (chosen == null || inst.sortIndex < 0) {
          // keeps its (negative) index: will not be promoted
        } else if (clone.isAllowed(chosen)) {
          inst.sortIndex = clone.allowed[chosen.index];
        }
      }
    }
    order.sort(
        (a, b) -> {
          if (a.sortIndex != b.sortIndex) {
            return a.sortIndex > b.sortIndex ? -1 : 1;
          }
          Role ra = Resources.state(a, true);
          Role rb = Resources.state(b, true);
          if (ra != rb) {
            return ra.ordinal() > rb.ordinal() ? -1 : 1;
          }
          // then the usual instance order, where the (promotion) priority counts first
          return CloneAssigner.compareInstances(c, clone, a, b);
        });
    return order;
  }

  private static SchedNode promotableOn(Cluster c, SchedClone clone, SchedResource inst) {
    for (SchedResource ch : inst.children) {
      if (promotableOn(c, clone, ch) == null) {
        return null;
      }
    }
    SchedNode node = Resources.location(inst, false);
    if (node == null) {
      return null;
    }
    if (!inst.managed) {
      if (Resources.state(inst, true) != Role.PROMOTED) {
        return null;
      }
    } else if (inst.priority < 0) {
      return null;
    } else if (!node.canRunResources()) {
      return null;
    }
    if (!clone.isAllowed(node)) {
      return null;
    }
    if (clone.counts[node.index] >= clone.promotedNodeMax && inst.managed) {
      return null;
    }
    return node;
  }

  private static void setCurrentUnpromoted(SchedResource r) {
    if (r.role == Role.STARTED) {
      r.role = Role.UNPROMOTED;
    }
    for (SchedResource ch : r.children) {
      setCurrentUnpromoted(ch);
    }
  }

  private static void setUnpromoted(SchedResource r) {
    if (r.children.isEmpty()) {
      r.nextRole = r.assigned == null ? Role.STOPPED : Role.UNPROMOTED;
    } else {
      r.nextRole = Resources.location(r, false) == null ? Role.STOPPED : Role.UNPROMOTED;
      for (SchedResource ch : r.children) {
        setUnpromoted(ch);
      }
    }
  }

  private static void setPromoted(SchedResource r) {
    r.nextRole = Role.PROMOTED;
    for (SchedResource ch : r.children) {
      setPromoted(ch);
    }
  }

  // ---------------------------------------------------------------- colocations with roles

  /** A dependent colocated with the promoted (or other role) instances of a promotable clone. */
  static void updateDependentWithPromotable(
      Cluster c, SchedClone primary, SchedResource dependent, Colocation col) {
    List<SchedResource> affected = new ArrayList<>();
    for (SchedResource inst : primary.children) {
      SchedNode node = Resources.location(inst, false);
      if (node == null) {
        continue;
      }
      if (Resources.state(inst, false) == col.primaryRole) {
        if (col.score < Scores.INF) {
          String pv = Colocations.attr(node, col.nodeAttribute);
          for (SchedNode n : c.nodes) {
            if (dependent.isAllowed(n)
                && Colocations.sameValue(pv, Colocations.attr(n, col.nodeAttribute))) {
              dependent.allowed[n.index] = Scores.add(dependent.allowed[n.index], col.score);
              dependent.note(
                  n,
                  col.score,
                  "colocation " + col.id + " with " + inst.id + " (" + col.primaryRole + ")");
            }
          }
        }
        affected.add(inst);
      }
    }
    if (col.score >= Scores.INF
        && (col.dependentRole != Role.PROMOTED || col.primaryRole != Role.PROMOTED)) {
      boolean[] keep = new boolean[c.nodes.length];
      int[] add = new int[c.nodes.length];
      for (SchedResource inst : affected) {
        SchedNode n = Resources.location(inst, false);
        keep[n.index] = true;
        add[n.index] = inst.assignedScoreOf();
      }
      for (SchedNode n : c.nodes) {
        if (!dependent.isAllowed(n)) {
          continue;
        }
        if (!keep[n.index]) {
          dependent.allowed[n.index] = -Scores.INF;
        } else {
          dependent.allowed[n.index] = Scores.add(dependent.allowed[n.index], add[n.index]);
        }
      }
      dependent.note(
          null,
          -Scores.INF,
          "colocation " + col.id + ": only with " + primary.id + " " + col.primaryRole);
    }
  }

  /** A promotable clone's instance colocated in the promoted role with a clone's instance. */
  static void updatePromotableDependentPriority(
      Cluster c, SchedClone primary, SchedResource dependent, Colocation col) {
    SchedResource pi =
        CloneAssigner.findCompatibleInstance(c, dependent, primary, col.primaryRole, false);
    if (pi != null) {
      dependent.priority = Scores.add(dependent.priority, col.score);
    } else if (col.score >= Scores.INF) {
      dependent.priority = -Scores.INF;
    }
  }
}
