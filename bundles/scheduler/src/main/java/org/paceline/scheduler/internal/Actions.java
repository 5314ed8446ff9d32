package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.model.ClusterOptions;
import org.paceline.cib.model.Role;

/** Creating and finding actions, with Pacemaker's rules for whether an action can run. */
final class Actions {

  private Actions() {}

  /**
   * The action {@code task} of {@code rsc} on {@code node}, created if needed (Pacemaker's "custom
   * action"). Asking for a required action makes an existing optional one required.
   */
  static Action get(
      Cluster c,
      SchedResource rsc,
      String task,
      SchedNode node,
      long intervalMs,
      boolean optional) {
    for (Action a : rsc.actions) {
      if (a.node == node && a.intervalMs == intervalMs && a.task.equals(task)) {
        if (!optional) {
          a.clear(Action.OPTIONAL);
        }
        return a;
      }
    }
    Action a =
        c.newAction(
            rsc, task, node, intervalMs, Action.RUNNABLE | (optional ? Action.OPTIONAL : 0));
    if (!rsc.managed && intervalMs == 0) {
      a.set(Action.OPTIONAL);
    }
    updateRunnable(c, a);
    return a;
  }

  /** A pseudo-action of a collective resource (group or clone). */
  static Action pseudo(
      Cluster c, SchedResource rsc, String task, boolean optional, boolean runnable) {
    for (Action a : rsc.actions) {
      if (a.node == null && a.intervalMs == 0 && a.task.equals(task)) {
        return a;
      }
    }
    int flags = Action.PSEUDO;
    if (optional) {
      flags |= Action.OPTIONAL;
    }
    if (runnable) {
      flags |= Action.RUNNABLE;
    }
    return c.newAction(rsc, task, null, 0, flags);
  }

  /** Actions of {@code rsc} with this task on {@code node} (any node when null), newest first. */
  static List<Action> find(SchedResource rsc, String task, SchedNode node) {
    List<Action> out = new ArrayList<>(1);
    for (int i = rsc.actions.size() - 1; i >= 0; i--) {
      Action a = rsc.actions.get(i);
      if (a.intervalMs != 0 || !a.task.equals(task)) {
        continue;
      }
      if (node == null || a.node == null || a.node == node) {
        out.add(a);
      }
    }
    return out;
  }

  static Action first(SchedResource rsc, String task, SchedNode node) {
    List<Action> l = find(rsc, task, node);
    return l.isEmpty() ? null : l.get(0);
  }

  /** The first action with this task, oldest first (Pacemaker's "find first action"). */
  static Action oldest(SchedResource rsc, String task, SchedNode node) {
    for (Action a : rsc.actions) {
      if (a.intervalMs == 0 && a.task.equals(task) && (node == null || a.node == node)) {
        return a;
      }
    }
    return null;
  }

  /** Whether a resource action needs quorum/fencing to run: only starts and promotes do. */
  static boolean needsNothing(Action a) {
    if (!(a.rsc instanceof SchedPrimitive p)) {
      return true;
    }
    if (!"start".equals(a.task) && !"promote".equals(a.task)) {
      return true;
    }
    return p.requires == SchedPrimitive.Requires.NOTHING;
  }

  private static void updateRunnable(Cluster c, Action a) {
    if (a.pseudo()) {
      return;
    }
    SchedNode node = a.node;
    if (node == null) {
      a.clear(Action.RUNNABLE);
    } else if (!node.online) {
      a.clear(Action.RUNNABLE);
      if (a.rsc.managed && "stop".equals(a.task) && !node.unclean) {
        ConfigUnpacker.fence(node, "stop is unrunnable");
      }
    } else if (node.pending) {
      a.clear(Action.RUNNABLE);
    } else if (needsNothing(a)) {
      a.set(Action.RUNNABLE);
    } else {
      switch (quorumPolicy(c, a.rsc)) {
        case STOP:
          a.clear(Action.RUNNABLE);
          a.reason("no quorum", true);
          break;
        case FREEZE:
          if (!a.rsc.active()
              || (a.rsc.nextRole != null && a.rsc.nextRole.ordinal() > a.rsc.role.ordinal())) {
            a.clear(Action.RUNNABLE);
            a.reason("quorum freeze", true);
          }
          break;
        default:
          a.set(Action.RUNNABLE);
          break;
      }
    }
  }

  private static ClusterOptions.NoQuorumPolicy quorumPolicy(Cluster c, SchedResource rsc) {
    if (c.quorate) {
      return ClusterOptions.NoQuorumPolicy.IGNORE;
    }
    ClusterOptions.NoQuorumPolicy p = c.noQuorumPolicy;
    if (p == ClusterOptions.NoQuorumPolicy.DEMOTE) {
      if (rsc.role == Role.PROMOTED || rsc.role == Role.UNPROMOTED) {
        if (rsc.nextRole != null && rsc.nextRole.ordinal() > Role.UNPROMOTED.ordinal()) {
          rsc.nextRole = Role.UNPROMOTED;
        }
        return ClusterOptions.NoQuorumPolicy.IGNORE;
      }
      return ClusterOptions.NoQuorumPolicy.STOP;
    }
    return p;
  }
}
