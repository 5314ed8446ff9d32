package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.Role;

/**
 * Phase "actions": probes where a resource's state on an online node is unknown, then for every
 * resource the stop, start, promote and demote actions that take it from its current role and node
 * to its next ones (as optional actions where nothing needs to change), recurring monitors, and the
 * pseudo-actions of groups and clones.
 */
final class ActionBuilder {

  /** The next role on the way from one role to another (Pacemaker's role state matrix). */
  private static final Role[][] NEXT = {
    // to:  STOPPED, STARTED, UNPROMOTED, PROMOTED
    {Role.STOPPED, Role.STARTED, Role.UNPROMOTED, Role.UNPROMOTED}, // from STOPPED
    {Role.STOPPED, Role.STARTED, Role.UNPROMOTED, Role.PROMOTED}, // from STARTED
    {Role.STOPPED, Role.STOPPED, Role.UNPROMOTED, Role.PROMOTED}, // from UNPROMOTED
    {Role.UNPROMOTED, Role.UNPROMOTED, Role.UNPROMOTED, Role.PROMOTED}, // from PROMOTED
  };

  private final Cluster c;

  private ActionBuilder(Cluster c) {
    this.c = c;
  }

  static void build(Cluster c) {
    ActionBuilder b = new ActionBuilder(c);
    b.unpackActions();
    if (c.startupProbes) {
      b.probes();
    }
    for (SchedResource r : c.resources) {
      b.create(r);
    }
  }

  /** Actions decided while reading the history: stops needed to recover failed resources. */
  private void unpackActions() {
    for (SchedResource r : c.resources) {
      for (SchedPrimitive p : r.primitives()) {
        if (p.recoverOn != null) {
          for (SchedNode n : p.recoverOn) {
            Actions.get(c, p, "stop", n, 0, false);
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- probes

  private void probes() {
    for (SchedNode n : c.nodes) {
      if (!n.online || n.unclean) {
        continue;
      }
      String probed = n.attribute("probe_complete");
      if (probed != null && !Scores.isTrue(probed)) {
        continue;
      }
      for (SchedResource r : c.resources) {
        probe(r, n);
      }
    }
  }

  private boolean probe(SchedResource rsc, SchedNode node) {
    if (rsc instanceof SchedClone cl) {
      if (cl.unique) {
        boolean any = false;
        for (SchedResource inst : cl.children) {
          any |= probe(inst, node);
        }
        return any;
      }
      for (SchedResource inst : cl.children) {
        if (probedOn(inst, node)) {
          return false;
        }
      }
      SchedResource chosen = null;
      for (SchedResource inst : cl.children) {
        if (Resources.location(inst, true) == node) {
          chosen = inst;
          break;
        }
      }
      if (chosen == null && !cl.children.isEmpty()) {
        chosen = cl.children.get(0);
      }
      return chosen != null && probe(chosen, node);
    }
    if (!rsc.children.isEmpty()) {
      boolean any = false;
      for (SchedResource m : rsc.children) {
        any |= probe(m, node);
      }
      return any;
    }
    if (rsc.orphan || rsc.knownOn[node.index]) {
      return false;
    }
    if (c.anyDiscoveryNever && rsc.discoveryNever(node)) {
      return false;
    }
    Action probe = Actions.get(c, rsc, "monitor", node, 0, false);
    probe.clear(Action.OPTIONAL);
    probe.role = Role.STOPPED;
    SchedResource top = rsc.top();
    c.orderings.add(
        new Cluster.PendingOrdering(rsc, null, probe, top, "start", null, Ordering.OPTIONAL));
    return true;
  }

  private static boolean probedOn(SchedResource r, SchedNode node) {
    if (r.knownOn[node.index]) {
      return true;
    }
    for (SchedResource ch : r.children) {
      if (probedOn(ch, node)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- resource actions

  private void create(SchedResource r) {
    if (r instanceof SchedPrimitive p) {
      primitive(p);
    } else if (r instanceof SchedGroup g) {
      for (SchedResource m : g.children) {
        create(m);
      }
      Actions.pseudo(c, g, "start", true, true);
      Actions.pseudo(c, g, "running", true, true);
      Actions.pseudo(c, g, "stop", true, true);
      Actions.pseudo(c, g, "stopped", true, true);
      if (g.top() instanceof SchedClone cl && cl.promotable) {
        Actions.pseudo(c, g, "demote", true, true);
        Actions.pseudo(c, g, "demoted", true, true);
        Actions.pseudo(c, g, "promote", true, true);
        Actions.pseudo(c, g, "promoted", true, true);
      }
    } else {
      clone((SchedClone) r);
    }
  }

  private void primitive(SchedPrimitive rsc) {
    if (rsc.nextRole == null) {
      rsc.nextRole = rsc.assigned == null ? Role.STOPPED : Role.STARTED;
    }
    List<SchedNode> all = rsc.runningOn;
    SchedNode current = activeNode(rsc);
    int clean = 0;
    for (SchedNode n : all) {
      if (n.online && !n.unclean) {
        clean++;
      }
    }
    boolean needStop = false;
    boolean needPromote = false;
    boolean moving = false;
    if (current != null
        && rsc.assigned != null
        && current != rsc.assigned
        && rsc.nextRole.ordinal() >= Role.STARTED.ordinal()) {
      moving = true;
      needStop = true;
    }
    boolean multiplyActive =
        rsc.requires == SchedPrimitive.Requires.FENCING
                || rsc.requires == SchedPrimitive.Requires.UNFENCING
            ? all.size() > 1
            : clean > 1;
    if (multiplyActive) {
      if (rsc.recovery == SchedPrimitive.Recovery.STOP_START
          || rsc.recovery == SchedPrimitive.Recovery.STOP_UNEXPECTED) {
        needStop = true;
      }
    }
    if (moving) {
      // the rest is for resources staying where they are
    } else if (rsc.failed) {
      if (rsc.stopNeeded) {
        needStop = true;
      } else if (rsc.nextRole == Role.PROMOTED) {
        needPromote = true;
      }
    } else if (rsc.blocked) {
      needStop = true;
    } else if (rsc.role.ordinal() > Role.STARTED.ordinal()
        && current != null
        && rsc.assigned != null) {
      Action start = Actions.get(c, rsc, "start", rsc.assigned, 0, true);
      if (!start.optional()) {
        needStop = true;
      }
    }
    restartActions(rsc, current, needStop, needPromote);
    roleActions(rsc);
    recurring(rsc);
    orphanedMonitors(rsc);
    orphanHistory(rsc);
  }

  /**
   * Deletes the history of a resource removed from the configuration that runs nowhere any more
   * (when orphans are to be stopped): nothing will use it again.
   */
  private void orphanHistory(SchedPrimitive rsc) {
    if (!rsc.orphan || rsc.parent != null || !rsc.runningOn.isEmpty() || !c.stopOrphanResources) {
      return;
    }
    for (SchedNode n : c.nodes) {
      if (rsc.knownOn[n.index] && n.online && !n.unclean && !n.maintenance) {
        Actions.get(c, rsc, "delete", n, 0, false);
      }
    }
  }

  /** The node Pacemaker considers a resource active on (the first clean one if it can be). */
  static SchedNode activeNode(SchedPrimitive rsc) {
    SchedNode active = null;
    for (SchedNode n : rsc.runningOn) {
      boolean happy = n.online && !n.unclean;
      if (rsc.requires != SchedPrimitive.Requires.FENCING
          && rsc.requires != SchedPrimitive.Requires.UNFENCING) {
        if (happy && (active == null || !active.online || active.unclean)) {
          active = n;
        }
      }
      if (active == null) {
        active = n;
      }
    }
    return active;
  }

  private void restartActions(
      SchedPrimitive rsc, SchedNode current, boolean needStop, boolean needPromote) {
    Role role = rsc.role;
    rsc.restarting = true;
    while (role != Role.STOPPED) {
      Role next = NEXT[role.ordinal()][Role.STOPPED.ordinal()];
      if (!transition(rsc, role, next, current, !needStop)) {
        break;
      }
      role = next;
    }
    while (rsc.role.ordinal() <= rsc.nextRole.ordinal() && role != rsc.role && !rsc.blocked) {
      boolean required = needStop;
      Role next = NEXT[role.ordinal()][rsc.role.ordinal()];
      if (next == Role.PROMOTED && needPromote) {
        required = true;
      }
      if (!transition(rsc, role, next, rsc.assigned, !required)) {
        break;
      }
      role = next;
    }
    rsc.restarting = false;
  }

  private void roleActions(SchedPrimitive rsc) {
    Role role = rsc.role;
    while (role != rsc.nextRole) {
      Role next = NEXT[role.ordinal()][rsc.nextRole.ordinal()];
      if (!transition(rsc, role, next, rsc.assigned, false)) {
        break;
      }
      role = next;
    }
  }

  /** Creates the action taking {@code rsc} from one role to the next; false when there is none. */
  private boolean transition(
      SchedPrimitive rsc, Role from, Role to, SchedNode node, boolean optional) {
    if (from == to) {
      return false;
    }
    switch (from) {
      case STOPPED:
        if (to == Role.STARTED || to == Role.UNPROMOTED) {
          start(rsc, node, optional);
          return true;
        }
        return false;
      case STARTED:
        if (to == Role.STOPPED) {
          stop(rsc, optional);
          return true;
        }
        if (to == Role.PROMOTED) {
          promote(rsc, node, optional);
          return true;
        }
        return false;
      case UNPROMOTED:
        if (to == Role.STOPPED || to == Role.STARTED) {
          stop(rsc, optional);
          return true;
        }
        if (to == Role.PROMOTED) {
          promote(rsc, node, optional);
          return true;
        }
        return false;
      case PROMOTED:
        demote(rsc, optional);
        return true;
      default:
        return false;
    }
  }

  private void stop(SchedPrimitive rsc, boolean optional) {
    for (SchedNode n : new ArrayList<>(rsc.runningOn)) {
      Action stop = Actions.get(c, rsc, "stop", n, 0, optional);
      if (rsc.assigned == null) {
        stop.reason("node availability", true);
      }
      if (!rsc.managed) {
        stop.clear(Action.RUNNABLE);
      }
    }
  }

  private void start(SchedPrimitive rsc, SchedNode node, boolean optional) {
    if (node == null) {
      return;
    }
    Action start = Actions.get(c, rsc, "start", node, 0, true);
    if (!optional) {
      // Pacemaker requires the start even when it cannot run (e.g. without quorum), so that the
      // summary shows it as blocked.
      start.clear(Action.OPTIONAL);
    }
  }

  private void promote(SchedPrimitive rsc, SchedNode node, boolean optional) {
    if (node == null) {
      return;
    }
    boolean runnable = true;
    for (Action s : Actions.find(rsc, "start", node)) {
      if (!s.runnable()) {
        runnable = false;
      }
    }
    if (runnable) {
      Actions.get(c, rsc, "promote", node, 0, optional);
    } else {
      for (Action p : Actions.find(rsc, "promote", node)) {
        p.clear(Action.RUNNABLE);
      }
    }
  }

  private void demote(SchedPrimitive rsc, boolean optional) {
    for (SchedNode n : new ArrayList<>(rsc.runningOn)) {
      Actions.get(c, rsc, "demote", n, 0, optional);
    }
  }

  // ---------------------------------------------------------------- recurring monitors

  private void recurring(SchedPrimitive rsc) {
    if (rsc.blocked || rsc.maintenance || rsc.assigned == null || rsc.assigned.maintenance) {
      return;
    }
    if (rsc.nextRole == Role.STOPPED && rsc.managed) {
      return;
    }
    Action start = Actions.get(c, rsc, "start", rsc.assigned, 0, true);
    for (Operation op : rsc.operations()) {
      if (!"monitor".equals(op.name()) || !op.recurring() || !op.enabled()) {
        continue;
      }
      if (duplicateMonitor(rsc, op)) {
        continue;
      }
      Role r = op.role();
      Role next = rsc.nextRole;
      boolean promotedOp = r == Role.PROMOTED;
      if (r == Role.STOPPED) {
        continue;
      }
      long interval = op.interval().toMillis();
      boolean active = rsc.activeMonitor(rsc.assigned, interval);
      // a monitor without role is one for the Started (Unpromoted) role
      if (promotedOp != (next == Role.PROMOTED)) {
        if (active && start.optional() && rsc.managed) {
          cancel(rsc, interval);
        }
        continue;
      }
      boolean roleChange = next != rsc.role;
      boolean optional = start.optional() && active && !roleChange;
      Action mon = Actions.get(c, rsc, "monitor", rsc.assigned, interval, optional);
      mon.role = r;
      if (!start.runnable()) {
        mon.clear(Action.RUNNABLE);
      }
      c.orderings.add(
          new Cluster.PendingOrdering(
              rsc, "start", null, rsc, null, mon, Ordering.IMPLIES_THEN | Ordering.RUNNABLE_LEFT));
      if (!promotedOp && rsc.role == Role.PROMOTED) {
        // the monitor of the demoted role starts after the demotion
        c.orderings.add(
            new Cluster.PendingOrdering(
                rsc,
                "demote",
                null,
                rsc,
                null,
                mon,
                Ordering.IMPLIES_THEN | Ordering.RUNNABLE_LEFT));
      }
      if (promotedOp) {
        c.orderings.add(
            new Cluster.PendingOrdering(
                rsc,
                "promote",
                null,
                rsc,
                null,
                mon,
                Ordering.IMPLIES_THEN | Ordering.RUNNABLE_LEFT));
      }
    }
  }

  /** Cancels recurring operations still active in the history that are no longer configured. */
  private void orphanedMonitors(SchedPrimitive rsc) {
    if (rsc.activeMonitorCount == 0 || !rsc.managed || rsc.maintenance || rsc.orphan) {
      return;
    }
    for (int i = 0; i < rsc.activeMonitorCount; i++) {
      long key = rsc.activeMonitors[i];
      SchedNode node = c.nodes[(int) (key >>> 40)];
      long interval = key & ((1L << 40) - 1);
      if (!node.online || node.unclean || node.maintenance || configured(rsc, interval)) {
        continue;
      }
      Actions.get(c, rsc, "cancel", node, interval, false);
    }
  }

  private static boolean configured(SchedPrimitive rsc, long intervalMs) {
    for (Operation op : rsc.operations()) {
      if (op.enabled() && op.recurring() && op.interval().toMillis() == intervalMs) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether another monitor of the resource has the same interval: the combination of name and
   * interval identifies an operation, so neither of them is scheduled (a configuration error).
   */
  private boolean duplicateMonitor(SchedPrimitive rsc, Operation op) {
    for (Operation other : rsc.operations()) {
      if (other != op && "monitor".equals(other.name()) && other.interval().equals(op.interval())) {
        String w =
            "resource "
                + rsc.baseId
                + ": several monitors with interval "
                + op.interval().toMillis()
                + " ms; none is scheduled";
        if (!c.warnings.contains(w)) {
          c.warnings.add(w);
        }
        return true;
      }
    }
    return false;
  }

  /**
   * Cancels a running monitor that no longer matches the role the resource will have on its node,
   * before the role changes.
   */
  private void cancel(SchedPrimitive rsc, long interval) {
    Action cancel = Actions.get(c, rsc, "cancel", rsc.assigned, interval, false);
    for (String task : new String[] {"promote", "demote"}) {
      c.orderings.add(
          new Cluster.PendingOrdering(rsc, null, cancel, rsc, task, null, Ordering.OPTIONAL));
    }
  }

  // ---------------------------------------------------------------- clones

  private void clone(SchedClone cl) {
    boolean starting = false;
    boolean stopping = false;
    boolean active = false;
    for (SchedResource inst : cl.children) {
      create(inst);
      boolean[] s = pseudoStatus(inst);
      stopping |= s[0];
      starting |= s[1];
      active |= s[2];
    }
    Actions.pseudo(c, cl, "start", !starting, true);
    Action running = Actions.pseudo(c, cl, "running", !starting, false);
    if (active || starting) {
      running.set(Action.RUNNABLE);
    }
    Actions.pseudo(c, cl, "stop", !stopping, true);
    Actions.pseudo(c, cl, "stopped", !stopping, true);
    if (cl.promotable) {
      boolean promoting = false;
      boolean demoting = false;
      for (SchedResource inst : cl.children) {
        for (SchedPrimitive p : inst.primitives()) {
          for (Action a : p.actions) {
            if (a.optional()) {
              continue;
            }
            if ("demote".equals(a.task)) {
              demoting = true;
            } else if ("promote".equals(a.task)) {
              promoting = true;
            }
          }
        }
      }
      Actions.pseudo(c, cl, "promote", !promoting, true);
      Actions.pseudo(c, cl, "promoted", !promoting, true);
      Actions.pseudo(c, cl, "demote", !demoting, true);
      Actions.pseudo(c, cl, "demoted", !demoting, true);
    }
  }

  /** {stopping, starting, active} of an instance, from its (still unordered) actions. */
  private static boolean[] pseudoStatus(SchedResource inst) {
    boolean[] out = new boolean[3];
    for (SchedPrimitive p : inst.primitives()) {
      if (!p.runningOn.isEmpty()) {
        out[2] = true;
      }
      for (Action a : p.actions) {
        if (a.optional() || (!a.runnable() && !a.pseudo())) {
          continue;
        }
        if ("stop".equals(a.task)) {
          out[0] = true;
        } else if ("start".equals(a.task) && a.runnable()) {
          out[1] = true;
        }
      }
    }
    return out;
  }
}
