package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.model.Role;

/**
 * Assigns a clone's instances: first as many as possible to where they already run (up to an even
 * share per node), then the rest to the best nodes, respecting clone-max and clone-node-max. Also
 * applies colocations whose primary is a clone (interleaved, mandatory, optional, role-based).
 */
final class CloneAssigner {

  private CloneAssigner() {}

  static void assign(Cluster c, SchedClone clone, SchedNode prefer, boolean stopIfFail) {
    if (!clone.provisional || clone.assigning) {
      return;
    }
    clone.assigning = true;
    if (clone.promotable && !clone.unique) {
      // Promotion scores attract anonymous instances; a unique instance's own scores do not
      // decide where it is placed (Pacemaker's results), only whether it is promoted there.
      Promotion.addPromotionScores(c, clone);
    }
    for (Colocation col : Colocations.thisWith(clone)) {
      Assigner.assign(c, col.primary, prefer, stopIfFail);
    }
    for (Colocation col : Colocations.withThis(clone)) {
      if (!Colocations.hasInfluence(col, null)) {
        continue;
      }
      float factor = col.score / (float) Scores.INF;
      clone.allowed =
          Colocations.addColocatedScores(
              c,
              col.dependent,
              clone,
              clone.allowed,
              col,
              factor,
              Colocations.ROLLBACK | Colocations.NONNEGATIVE);
    }
    clone.assignScores = clone.allowed.clone();
    List<SchedResource> order = new ArrayList<>(clone.children);
    order.sort((a, b) -> compareInstances(c, clone, a, b));
    assignInstances(c, clone, order, clone.maxTotal, clone.maxPerNode);
    if (clone.promotable) {
      Promotion.setInstanceRoles(c, clone);
    }
    clone.provisional = false;
    clone.assigning = false;
  }

  // ---------------------------------------------------------------- instance order

  static int compareInstances(Cluster c, SchedClone clone, SchedResource a, SchedResource b) {
    int na = activeCount(a);
    int nb = activeCount(b);
    if (na > 0 && nb > 0 && na != nb) {
      return na < nb ? -1 : 1;
    }
    SchedNode node1 = Resources.location(a, true);
    SchedNode node2 = Resources.location(b, true);
    if (na > 1) {
      node1 = a.primitives().get(0).currentNode();
    }
    if (nb > 1) {
      node2 = b.primitives().get(0).currentNode();
    }
    boolean can1 = true;
    boolean can2 = true;
    if (node1 != null && (!clone.isAllowed(node1) || clone.score(node1) < 0)) {
      node1 = null;
      can1 = false;
    }
    if (node2 != null && (!clone.isAllowed(node2) || clone.score(node2) < 0)) {
      node2 = null;
      can2 = false;
    }
    if (can1 != can2) {
      return can1 ? -1 : 1;
    }
    if (a.priority != b.priority) {
      return a.priority > b.priority ? -1 : 1;
    }
    if ((node1 != null) != (node2 != null)) {
      return node1 != null ? -1 : 1;
    }
    boolean run1 = node1 != null && node1.canRunResources();
    boolean run2 = node2 != null && node2.canRunResources();
    if (run1 != run2) {
      return run1 ? -1 : 1;
    }
    if (node1 != null && node2 != null) {
      int s1 = colocatedScore(c, clone, a, node1);
      int s2 = colocatedScore(c, clone, b, node2);
      if (s1 != s2) {
        if (s1 < s2) {
          return s1 < 0 ? -1 : 1;
        }
        return -1;
      }
    }
    return 0;
  }

  private static int activeCount(SchedResource r) {
    List<SchedNode> nodes = new ArrayList<>(2);
    Resources.locations(r, true, nodes);
    return nodes.size();
  }

  /** The score of an instance's current node once the clone's colocations are considered. */
  private static int colocatedScore(
      Cluster c, SchedClone clone, SchedResource inst, SchedNode node) {
    int[] table = new int[c.nodes.length];
    java.util.Arrays.fill(table, Scores.MISSING);
    table[node.index] = node.online ? 0 : -Scores.INF;
    for (Colocation col : clone.thisWith) {
      table =
          Colocations.addColocatedScores(
              c, col.primary, inst, table, col, col.score / (float) Scores.INF, 0);
    }
    for (Colocation col : clone.withThis) {
      if (!Colocations.hasInfluence(col, inst)) {
        continue;
      }
      table =
          Colocations.addColocatedScores(
              c,
              col.dependent,
              inst,
              table,
              col,
              col.score / (float) Scores.INF,
              Colocations.NONNEGATIVE);
    }
    return table[node.index] == Scores.MISSING ? 0 : table[node.index];
  }

  // ---------------------------------------------------------------- assigning instances

  private static void assignInstances(
      Cluster c, SchedClone clone, List<SchedResource> instances, int maxTotal, int maxPerNode) {
    int available = 0;
    for (SchedNode n : c.nodes) {
      clone.counts[n.index] = 0;
      if (clone.isAllowed(n) && n.canRunResources()) {
        available++;
      }
    }
    int optimal = available > 0 ? maxTotal / available : 0;
    if (optimal < 1) {
      optimal = 1;
    }
    int assigned = 0;
    for (SchedResource inst : instances) {
      if (assigned >= maxTotal) {
        break;
      }
      if (!inst.provisional) {
        continue;
      }
      SchedNode current = preferredNode(clone, inst, optimal);
      if (current != null && assignInstance(c, clone, inst, current, maxPerNode)) {
        assigned++;
      }
    }
    for (SchedResource inst : instances) {
      if (!inst.provisional) {
        continue;
      }
      if (assigned >= maxTotal) {
        banEverywhere(c, inst);
        inst.note(null, -Scores.INF, "clone-max " + maxTotal + " instances already assigned");
      } else if (assignInstance(c, clone, inst, null, maxPerNode)) {
        assigned++;
      }
    }
  }

  private static void banEverywhere(Cluster c, SchedResource r) {
    r.addScoreEverywhere(c.nodes, -Scores.INF);
    for (SchedResource ch : r.children) {
      banEverywhere(c, ch);
    }
    if (r.assigned != null) {
      Assigner.unassign(r);
    }
  }

  private static SchedNode preferredNode(SchedClone clone, SchedResource inst, int optimal) {
    if (!inst.active() || !inst.provisional || anyFailed(inst)) {
      return null;
    }
    SchedNode node = inst.primitives().get(0).currentNode();
    if (node == null) {
      node = Resources.location(inst, true);
    }
    if (node == null || !node.canRunResources()) {
      return null;
    }
    if (clone.isAllowed(node) && clone.counts[node.index] >= optimal) {
      return null;
    }
    return node;
  }

  private static boolean anyFailed(SchedResource r) {
    if (r.failed) {
      return true;
    }
    for (SchedResource ch : r.children) {
      if (anyFailed(ch)) {
        return true;
      }
    }
    return false;
  }

  private static boolean canRunInstance(
      SchedClone clone, SchedResource inst, SchedNode node, int max) {
    if (inst.orphan) {
      return false;
    }
    if (!node.canRunResources()) {
      return false;
    }
    if (!clone.isAllowed(node) || clone.score(node) < 0) {
      return false;
    }
    return clone.counts[node.index] < max;
  }

  private static void banUnavailable(Cluster c, SchedClone clone, SchedResource inst, int max) {
    for (SchedNode n : c.nodes) {
      if (!inst.isAllowed(n)) {
        continue;
      }
      if (!canRunInstance(clone, inst, n, max)) {
        inst.allowed[n.index] = -Scores.INF;
        for (SchedResource ch : inst.children) {
          if (ch.isAllowed(n)) {
            ch.allowed[n.index] = -Scores.INF;
          }
        }
      }
    }
  }

  private static boolean assignInstance(
      Cluster c, SchedClone clone, SchedResource inst, SchedNode prefer, int maxPerNode) {
    if (inst.assigning) {
      return false;
    }
    if (prefer != null && (!inst.isAllowed(prefer) || inst.score(prefer) < 0)) {
      return false;
    }
    banUnavailable(c, clone, inst, maxPerNode);
    SchedNode chosen;
    if (prefer == null) {
      chosen = Assigner.assign(c, inst, null, true);
    } else {
      Map<SchedResource, int[]> backup = new HashMap<>();
      backup(inst, backup);
      chosen = Assigner.assign(c, inst, prefer, false);
      if (chosen != prefer) {
        for (Map.Entry<SchedResource, int[]> e : backup.entrySet()) {
          e.getKey().allowed = e.getValue();
        }
        Assigner.unassign(inst);
        chosen = null;
      }
    }
    if (chosen != null) {
      clone.counts[chosen.index]++;
    }
    return chosen != null;
  }

  private static void backup(SchedResource r, Map<SchedResource, int[]> out) {
    out.put(r, r.allowed.clone());
    for (SchedResource ch : r.children) {
      backup(ch, out);
    }
  }

  // ---------------------------------------------------------------- colocation with a clone

  /** Applies a colocation whose primary is a clone to the (instance or primitive) dependent. */
  static void applyColocationWithClone(
      Cluster c, SchedResource dependent, SchedClone primary, Colocation col) {
    if (primary.provisional) {
      return;
    }
    if (col.primaryRole != null && col.primaryRole.ordinal() >= Role.PROMOTED.ordinal()) {
      Promotion.updateDependentWithPromotable(c, primary, dependent, col);
      return;
    }
    if (col.dependentRole != null && col.dependentRole.ordinal() >= Role.PROMOTED.ordinal()) {
      Promotion.updatePromotableDependentPriority(c, primary, dependent, col);
      return;
    }
    boolean interleave = false;
    if (col.dependent instanceof SchedClone dc && dc.interleave && dependent != col.dependent) {
      interleave = dc.maxPerNode == primary.maxPerNode;
    }
    if (interleave) {
      SchedResource pi = findCompatibleInstance(c, dependent, primary, null, false);
      if (pi != null) {
        Colocations.apply(c, dependent, pi, col, true);
      } else if (col.score >= Scores.INF) {
        Assigner.assignTo(c, dependent, null, true, true);
      }
      return;
    }
    if (col.score >= Scores.INF) {
      boolean[] keep = new boolean[c.nodes.length];
      for (SchedResource inst : primary.children) {
        SchedNode n = Resources.location(inst, false);
        if (n != null && !Resources.anyBlocked(inst)) {
          keep[n.index] = true;
        }
      }
      for (SchedNode n : c.nodes) {
        if (!keep[n.index]) {
          if (dependent.isAllowed(n)) {
            dependent.allowed[n.index] = -Scores.INF;
          }
        }
      }
      dependent.note(
          null, -Scores.INF, "colocation " + col.id + ": only where " + primary.id + " runs");
      return;
    }
    for (SchedResource inst : primary.children) {
      Colocations.apply(c, dependent, inst, col, false);
    }
  }

  /** An instance of {@code clone} on the node where {@code match} is (or could best be). */
  static SchedResource findCompatibleInstance(
      Cluster c, SchedResource match, SchedClone clone, Role role, boolean current) {
    SchedNode node = Resources.location(match, current);
    if (node != null) {
      return compatibleOn(clone, node, role, current);
    }
    for (SchedNode n : Assigner.sortedNodes(c, match, null)) {
      SchedResource inst = compatibleOn(clone, n, role, current);
      if (inst != null) {
        return inst;
      }
    }
    return null;
  }

  private static SchedResource compatibleOn(
      SchedClone clone, SchedNode node, Role role, boolean current) {
    for (SchedResource inst : clone.children) {
      if (role != null && role != Resources.state(inst, current)) {
        continue;
      }
      if (Resources.anyBlocked(inst)) {
        continue;
      }
      SchedNode n = Resources.location(inst, current);
      if (n == node) {
        return inst;
      }
    }
    return null;
  }
}
