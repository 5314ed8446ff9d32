package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.model.ClusterOptions;
import org.paceline.cib.model.Role;

/**
 * Phase "assign": chooses a node for every resource. Resources are assigned in processing order; a
 * resource first has the resources it is colocated with assigned, applies their placement to its
 * own scores, folds in attenuated preferences of resources colocated with it, then takes the best
 * node (ties: fewer resources, the current node, then the name).
 */
final class Assigner {

  private Assigner() {}

  static void assignAll(Cluster c) {
    for (SchedResource r : c.resources) {
      assign(c, r, null, true);
    }
  }

  /** Assigns {@code rsc} (any variant); returns the node it got, if it is a single node. */
  static SchedNode assign(Cluster c, SchedResource rsc, SchedNode prefer, boolean stopIfFail) {
    if (rsc instanceof SchedPrimitive p) {
      return primitive(c, p, prefer, stopIfFail);
    }
    if (rsc instanceof SchedGroup g) {
      return group(c, g, prefer, stopIfFail);
    }
    CloneAssigner.assign(c, (SchedClone) rsc, prefer, stopIfFail);
    return null;
  }

  // ---------------------------------------------------------------- primitive

  private static SchedNode primitive(
      Cluster c, SchedPrimitive rsc, SchedNode prefer, boolean stopIfFail) {
    SchedResource parent = rsc.parent;
    if (parent != null && !parent.assigning) {
      assign(c, parent, prefer, stopIfFail);
    }
    if (!rsc.provisional) {
      return rsc.assigned;
    }
    if (rsc.assigning) {
      return null;
    }
    rsc.assigning = true;
    List<Colocation> thisWith = Colocations.thisWith(rsc);
    List<Colocation> withThis = Colocations.withThis(rsc);
    for (Colocation col : thisWith) {
      if (col.mandatory()) {
        applyThisWith(c, col, rsc);
      }
    }
    for (Colocation col : withThis) {
      if (col.mandatory()) {
        applyWithThis(c, col, rsc);
      }
    }
    for (Colocation col : thisWith) {
      if (!col.mandatory()) {
        applyThisWith(c, col, rsc);
      }
    }
    for (Colocation col : withThis) {
      if (!col.mandatory()) {
        applyWithThis(c, col, rsc);
      }
    }
    if (rsc.nextRole == Role.STOPPED) {
      rsc.addScoreEverywhere(c.nodes, -Scores.INF);
      rsc.note(null, -Scores.INF, "target-role is Stopped (or it must stop)");
    } else if (rsc.nextRole != null
        && rsc.nextRole.ordinal() > rsc.role.ordinal()
        && !c.quorate
        && c.noQuorumPolicy == ClusterOptions.NoQuorumPolicy.FREEZE) {
      rsc.nextRole = rsc.role;
    }
    if (c.fencingEnabled && !c.haveFencingDevice) {
      rsc.managed = false;
    }
    Utilization.banInsufficient(c, rsc);
    rsc.assignScores = rsc.allowed.clone();
    if (!rsc.managed) {
      rsc.nextRole = rsc.role;
      assignTo(c, rsc, rsc.currentNode(), true, stopIfFail);
    } else if (c.stopAll) {
      assignTo(c, rsc, null, true, stopIfFail);
    } else {
      bestNode(c, rsc, prefer, stopIfFail);
    }
    rsc.assigning = false;
    return rsc.assigned;
  }

  private static void applyThisWith(Cluster c, Colocation col, SchedResource rsc) {
    int[] archive = null;
    if ((col.dependentRole != null && col.dependentRole.ordinal() >= Role.PROMOTED.ordinal())
        || (col.score < 0 && col.score > -Scores.INF)) {
      archive = rsc.allowed.clone();
    }
    SchedResource other = col.primary;
    if (other.provisional) {
      assign(c, other, null, true);
    }
    Colocations.apply(c, rsc, other, col, true);
    if (archive != null && !Colocations.anyAvailable(c, rsc.allowed)) {
      rsc.allowed = archive;
    }
  }

  private static void applyWithThis(Cluster c, Colocation col, SchedResource rsc) {
    if (!Colocations.hasInfluence(col, null)) {
      return;
    }
    float factor = col.score / (float) Scores.INF;
    int[] before = rsc.allowed;
    rsc.allowed =
        Colocations.addColocatedScores(
            c, col.dependent, rsc, rsc.allowed, col, factor, Colocations.ROLLBACK);
    if (before != rsc.allowed) {
      for (SchedNode n : c.nodes) {
        int a = before[n.index];
        int b = rsc.allowed[n.index];
        if (a != b && a != Scores.MISSING && b != Scores.MISSING) {
          rsc.note(n, b - a, "preference of " + col.dependent.id + " (colocation " + col.id + ")");
        }
      }
    }
  }

  /** Pacemaker's node comparison for choosing among allowed nodes. */
  static int compareNodes(
      Cluster c, SchedResource rsc, SchedNode a, SchedNode b, SchedNode preferred) {
    int sa = a.canRunResources() ? rsc.allowed[a.index] : -Scores.INF;
    int sb = b.canRunResources() ? rsc.allowed[b.index] : -Scores.INF;
    if (sa != sb) {
      return sa > sb ? -1 : 1;
    }
    if (c.placementStrategy == ClusterOptions.PlacementStrategy.BALANCED) {
      int free = Utilization.compareFree(a, b);
      if (free != 0) {
        return free;
      }
    }
    if (c.placementStrategy != ClusterOptions.PlacementStrategy.MINIMAL) {
      if (a.numResources != b.numResources) {
        return a.numResources < b.numResources ? -1 : 1;
      }
      if (preferred != null) {
        if (preferred == a) {
          return -1;
        }
        if (preferred == b) {
          return 1;
        }
      }
    }
    return a.name.compareTo(b.name);
  }

  /** The allowed nodes of {@code rsc}, best first. */
  static List<SchedNode> sortedNodes(Cluster c, SchedResource rsc, SchedNode preferred) {
    List<SchedNode> nodes = new ArrayList<>();
    for (SchedNode n : c.nodes) {
      if (rsc.allowed[n.index] != Scores.MISSING) {
        nodes.add(n);
      }
    }
    nodes.sort((a, b) -> compareNodes(c, rsc, a, b, preferred));
    return nodes;
  }

  static boolean available(SchedResource rsc, SchedNode n, boolean considerScore) {
    if (n == null || !n.canRunResources()) {
      return false;
    }
    return !considerScore || (rsc.allowed[n.index] != Scores.MISSING && rsc.allowed[n.index] >= 0);
  }

  private static void bestNode(
      Cluster c, SchedPrimitive rsc, SchedNode prefer, boolean stopIfFail) {
    if (!rsc.provisional) {
      return;
    }
    SchedNode current = rsc.currentNode();
    List<SchedNode> nodes = sortedNodes(c, rsc, current);
    SchedNode best = nodes.isEmpty() ? null : nodes.get(0);
    SchedNode chosen = null;
    if (prefer != null && best != null) {
      if (rsc.allowed[prefer.index] == Scores.MISSING) {
        chosen = null;
      } else if (rsc.allowed[prefer.index] < rsc.allowed[best.index]) {
        chosen = null;
      } else if (!available(rsc, prefer, true)) {
        chosen = null;
      } else {
        chosen = prefer;
      }
    }
    if (chosen == null && best != null) {
      chosen = best;
      SchedClone cl = rsc.parent instanceof SchedClone pc ? pc : null;
      boolean uniqueInstance = cl != null && cl.unique;
      if (!uniqueInstance && rsc.allowed[chosen.index] > 0 && chosen.canRunResources()) {
        SchedNode running = current;
        if (running != null && available(rsc, running, true)) {
          for (int i = 1; i < nodes.size(); i++) {
            SchedNode other = nodes.get(i);
            if (rsc.allowed[other.index] != rsc.allowed[chosen.index]) {
              break;
            }
            if (other == running) {
              chosen = other;
            }
          }
        }
      }
    }
    assignTo(c, rsc, chosen, false, stopIfFail);
  }

  /** Pacemaker's "assign resource": records the choice (or none) and its consequences. */
  static boolean assignTo(
      Cluster c, SchedResource rsc, SchedNode node, boolean force, boolean stopIfFail) {
    if (!rsc.children.isEmpty()) {
      boolean changed = false;
      for (SchedResource ch : rsc.children) {
        changed |= assignTo(c, ch, node, force, stopIfFail);
      }
      return changed;
    }
    SchedNode previous = rsc.assigned;
    unassign(rsc);
    if (!force
        && node != null
        && (rsc.allowed[node.index] == Scores.MISSING
            || rsc.allowed[node.index] < 0
            || !node.canRunResources()
            || (rsc instanceof SchedPrimitive sp && !Utilization.fits(node, sp.need)))) {
      if (stopIfFail) {
        rsc.nextRole = Role.STOPPED;
      }
      node = null;
    }
    boolean changed = previous != node;
    rsc.provisional = false;
    if (node == null) {
      if (!stopIfFail) {
        return changed;
      }
      rsc.nextRole = Role.STOPPED;
      for (Action a : rsc.actions) {
        if ("stop".equals(a.task)) {
          a.clear(Action.OPTIONAL);
        } else if ("start".equals(a.task)) {
          a.clear(Action.RUNNABLE);
        } else if (a.intervalMs != 0 && a.role != Role.STOPPED) {
          a.clear(Action.RUNNABLE);
        }
      }
      return changed;
    }
    rsc.assigned = node;
    rsc.assignedScore = rsc.allowed[node.index] == Scores.MISSING ? 0 : rsc.allowed[node.index];
    node.numResources++;
    if (rsc instanceof SchedPrimitive sp) {
      Utilization.consume(node, sp, 1);
    }
    return changed;
  }

  /** Undoes an assignment (for a tentative choice that is reverted). */
  static void unassign(SchedResource rsc) {
    if (!rsc.children.isEmpty()) {
      for (SchedResource ch : rsc.children) {
        unassign(ch);
      }
    }
    if (rsc.assigned != null && rsc.isPrimitive()) {
      rsc.assigned.numResources--;
      Utilization.consume(rsc.assigned, (SchedPrimitive) rsc, -1);
    }
    rsc.assigned = null;
    rsc.provisional = true;
  }

  // ---------------------------------------------------------------- group

  private static SchedNode group(Cluster c, SchedGroup g, SchedNode prefer, boolean stopIfFail) {
    if (!g.provisional) {
      return g.assigned;
    }
    if (g.assigning) {
      return null;
    }
    if (g.children.isEmpty()) {
      g.provisional = false;
      return null;
    }
    g.assigning = true;
    g.assignScores = g.allowed.clone();
    SchedResource first = g.children.get(0);
    g.role = first.role;
    SchedNode firstNode = null;
    for (SchedResource m : g.children) {
      SchedNode n = assign(c, m, prefer, stopIfFail);
      if (firstNode == null) {
        firstNode = n;
      }
    }
    g.nextRole = first.nextRole;
    g.assigning = false;
    g.provisional = false;
    g.assigned = g.colocated ? firstNode : null;
    return g.colocated ? firstNode : null;
  }
}
