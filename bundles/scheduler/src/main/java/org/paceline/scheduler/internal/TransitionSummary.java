package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.model.Role;
import org.paceline.scheduler.Change;

/**
 * Phase "summary": describes the transition per resource as crm_simulate's "Transition Summary"
 * does, from each primitive's current and next role and node and its actions' flags.
 */
final class TransitionSummary {

  private final List<Change> out = new ArrayList<>();

  private TransitionSummary() {}

  static List<Change> build(Cluster c) {
    TransitionSummary s = new TransitionSummary();
    for (Action a : c.actions) {
      if (a.rsc == null && "stonith".equals(a.task) && !a.optional()) {
        s.out.add(new Change("Fence (" + a.fenceAction + ")", a.node.name, "", a.reason));
      }
    }
    for (SchedResource r : c.resources) {
      s.resource(r);
    }
    return s.out;
  }

  private void resource(SchedResource r) {
    if (!r.children.isEmpty()) {
      for (SchedResource ch : r.children) {
        resource(ch);
      }
      return;
    }
    SchedPrimitive rsc = (SchedPrimitive) r;
    SchedNode next = rsc.assigned;
    SchedNode current = null;
    Role role = rsc.role;
    if (!rsc.runningOn.isEmpty()) {
      current = ActionBuilder.activeNode(rsc);
      if (role == Role.STOPPED) {
        role = Role.STARTED;
      }
    }
    if (current == null && rsc.orphan) {
      return;
    }
    if (!rsc.managed || (current == null && next == null)) {
      return;
    }
    Role nextRole = rsc.nextRole == null ? Role.STOPPED : rsc.nextRole;
    boolean moving = current != null && next != null && current != next;
    Action start = Actions.oldest(rsc, "start", next);
    SchedNode startNode = start == null || !start.runnable() ? null : current;
    Action stop = Actions.oldest(rsc, "stop", startNode);
    Action promote = Actions.oldest(rsc, "promote", next);
    Action demote = Actions.oldest(rsc, "demote", next);
    if (role == nextRole) {
      if (next == null) {
        return;
      }
      if (start == null || start.optional()) {
        if (demote != null && promote != null && !demote.optional() && !promote.optional()) {
          item("Re-promote", rsc, role, nextRole, current, next, promote, demote);
        }
        return;
      }
      if (!start.runnable()) {
        Action reasonOp = stop == null || stop.reason == null ? start : stop;
        item("Stop", rsc, role, nextRole, current, null, stop == null ? start : stop, reasonOp);
      } else if (moving && current != null) {
        item(rsc.failed ? "Recover" : "Move", rsc, role, nextRole, current, next, stop, null);
      } else if (rsc.failed) {
        item("Recover", rsc, role, nextRole, current, null, stop, null);
      } else {
        item("Restart", rsc, role, nextRole, current, next, start, null);
      }
      return;
    }
    if (stop != null && (nextRole == Role.STOPPED || (start != null && !start.runnable()))) {
      for (SchedNode n : rsc.runningOn) {
        Action stopOp = Actions.oldest(rsc, "stop", n);
        if (stopOp == null || stopOp.node != n) {
          continue;
        }
        Action reasonOp = stopOp.reason != null ? stopOp : start;
        item("Stop", rsc, role, nextRole, n, null, stopOp, reasonOp);
      }
    } else if (stop != null && rsc.failed && rsc.stopNeeded) {
      item("Recover", rsc, role, nextRole, current, next, stop, start);
    } else if (moving) {
      item("Move", rsc, role, nextRole, current, next, stop, null);
    } else if (start != null && !start.optional()) {
      if (promote != null && nextRole == Role.PROMOTED) {
        item("Promote", rsc, role, nextRole, current, next, promote, null);
      } else {
        item("Start", rsc, role, nextRole, current, next, start, null);
      }
    } else if (role == Role.PROMOTED) {
      item("Demote", rsc, role, nextRole, current, next, demote, null);
    } else if (nextRole == Role.PROMOTED) {
      item("Promote", rsc, role, nextRole, current, next, promote, null);
    }
  }

  private void item(
      String change,
      SchedPrimitive rsc,
      Role role,
      Role nextRole,
      SchedNode origin,
      SchedNode destination,
      Action action,
      Action source) {
    if (action == null || (origin == null && destination == null)) {
      return;
    }
    if (source == null) {
      source = action;
    }
    boolean needRole =
        role.ordinal() > Role.STARTED.ordinal() || nextRole.ordinal() > Role.UNPROMOTED.ordinal();
    boolean sameHost = origin != null && destination != null && origin == destination;
    boolean sameRole = role == nextRole;
    String details;
    if (needRole && origin == null) {
      details = role + " -> " + nextRole + " " + destination.name;
    } else if (origin == null) {
      details = destination.name;
    } else if (needRole && destination == null) {
      details = role + " " + origin.name;
    } else if (destination == null) {
      details = origin.name;
    } else if (needRole && sameRole && sameHost) {
      details = role + " " + origin.name;
    } else if (sameRole && sameHost) {
      details = origin.name;
    } else if (needRole && sameRole) {
      details = origin.name + " -> " + destination.name + " " + role;
    } else if (sameRole) {
      details = origin.name + " -> " + destination.name;
    } else if (sameHost) {
      details = role + " -> " + nextRole + " " + origin.name;
    } else {
      details = role + " " + origin.name + " -> " + nextRole + " " + destination.name;
    }
    String reason = "";
    if (source.reason != null && !action.runnable()) {
      reason = "due to " + source.reason + " (blocked)";
    } else if (source.reason != null) {
      reason = "due to " + source.reason;
    } else if (!action.runnable()) {
      reason = "blocked";
    }
    out.add(new Change(change, rsc.id, details, reason));
  }
}
