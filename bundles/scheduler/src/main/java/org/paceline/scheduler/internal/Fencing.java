package org.paceline.scheduler.internal;

import java.util.List;

/**
 * Phase "fencing": fences every unclean node this partition can fence (when anything is managed),
 * makes the stops and demotes of resources on it implied by the fencing (pseudo-actions), orders
 * starts that require fencing after it, and schedules the shutdown of nodes that asked for one.
 */
final class Fencing {

  private Fencing() {}

  /** Marks nodes unclean when the partition lost quorum and its policy is to fence itself. */
  static void noQuorumSuicide(Cluster c) {
    if (c.quorate
        || c.noQuorumPolicy != org.paceline.cib.model.ClusterOptions.NoQuorumPolicy.FENCE) {
      return;
    }
    for (SchedNode n : c.nodes) {
      if (n.online) {
        ConfigUnpacker.fence(n, "cluster does not have quorum");
      }
    }
  }

  static void schedule(Cluster c) {
    boolean haveManaged = false;
    for (SchedResource r : c.resources) {
      for (SchedPrimitive p : r.primitives()) {
        haveManaged |= p.managed;
      }
    }
    Action lastFencing = null;
    for (SchedNode node : c.nodes) {
      if (haveManaged && node.unclean && c.canFence(node)) {
        Action f = fenceAction(c, node);
        orderVsFence(c, f);
        if (lastFencing != null) {
          OrderingEngine.order(lastFencing, f, Ordering.OPTIONAL);
        }
        lastFencing = f;
      } else if (node.online && node.shutdown && !node.unclean) {
        Action down = c.newAction(null, "do_shutdown", node, 0, Action.RUNNABLE);
        for (SchedResource r : c.resources) {
          for (SchedPrimitive p : r.primitives()) {
            for (Action a : Actions.find(p, "stop", node)) {
              OrderingEngine.order(a, down, Ordering.OPTIONAL);
            }
          }
        }
      }
    }
  }

  static Action fenceAction(Cluster c, SchedNode node) {
    Action f = c.fenceActions[node.index];
    if (f == null) {
      f = c.newAction(null, "stonith", node, 0, Action.RUNNABLE);
      f.fenceAction = c.fencingAction;
      f.reason = node.fenceReason == null ? "node is unclean" : node.fenceReason;
      c.fenceActions[node.index] = f;
    }
    f.clear(Action.OPTIONAL);
    return f;
  }

  private static void orderVsFence(Cluster c, Action fence) {
    for (SchedResource r : c.resources) {
      for (SchedPrimitive p : r.primitives()) {
        if (!p.managed) {
          continue;
        }
        startVsFencing(p, fence);
        stopVsFencing(p, fence);
      }
    }
  }

  private static boolean needsFencing(SchedPrimitive p) {
    return p.requires == SchedPrimitive.Requires.FENCING
        || p.requires == SchedPrimitive.Requires.UNFENCING;
  }

  private static void startVsFencing(SchedPrimitive rsc, Action fence) {
    SchedNode target = fence.node;
    for (Action a : List.copyOf(rsc.actions)) {
      if (Actions.needsNothing(a)) {
        continue;
      }
      if (needsFencing(rsc)) {
        OrderingEngine.order(fence, a, Ordering.OPTIONAL);
      } else if ("start".equals(a.task) && rsc.isAllowed(target) && !rsc.knownOn[target.index]) {
        OrderingEngine.order(fence, a, Ordering.OPTIONAL | Ordering.RUNNABLE_LEFT);
      }
    }
  }

  private static void stopVsFencing(SchedPrimitive rsc, Action fence) {
    SchedNode target = fence.node;
    List<Action> stops = Actions.find(rsc, "stop", target);
    boolean implicit = needsFencing(rsc);
    Action parentStop = null;
    if (!stops.isEmpty() && implicit) {
      parentStop = Actions.oldest(rsc.top(), "stop", null);
    }
    for (Action stop : stops) {
      if (stop.node != target) {
        continue;
      }
      stop.set(Action.PSEUDO | Action.RUNNABLE);
      if (implicit) {
        OrderingEngine.order(fence, stop, Ordering.OPTIONAL);
        if (parentStop != null) {
          OrderingEngine.order(fence, parentStop, Ordering.OPTIONAL);
        }
      }
    }
    for (Action demote : Actions.find(rsc, "demote", target)) {
      if (demote.node != target) {
        continue;
      }
      if (!target.online || target.unclean) {
        demote.set(Action.PSEUDO | Action.RUNNABLE);
        if (implicit) {
          OrderingEngine.order(fence, demote, Ordering.OPTIONAL);
        }
      }
    }
  }
}
