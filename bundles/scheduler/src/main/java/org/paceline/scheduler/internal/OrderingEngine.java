package org.paceline.scheduler.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.model.Role;

/**
 * Phase "orderings": turns the pending orderings into edges between actions and propagates their
 * consequences until nothing changes: a required action makes what it implies required, an
 * unrunnable one makes what depends on it unrunnable, a needed restart makes the stop required.
 * Orderings with a group or clone are applied to its pseudo-actions and, as Pacemaker does, to its
 * members' or instances' actions (pairwise by node for interleaved clones).
 */
final class OrderingEngine {

  static final int CHANGED_FIRST = 1;
  static final int CHANGED_THEN = 2;

  private final Cluster c;
  private final ArrayDeque<Action> queue = new ArrayDeque<>();
  private boolean[] queued = new boolean[0];

  private OrderingEngine(Cluster c) {
    this.c = c;
  }

  static void run(Cluster c) {
    OrderingEngine e = new OrderingEngine(c);
    e.apply();
    List<Action> all = new ArrayList<>(c.actions);
    for (int i = all.size() - 1; i >= 0; i--) {
      e.blockColocationDependents(all.get(i));
    }
    e.propagate();
  }

  // ---------------------------------------------------------------- edges

  /** Adds an edge unless one with at least these flags exists; true if added. */
  static boolean order(Action first, Action then, int type) {
    if (first == null || then == null || first == then || type == Ordering.NONE) {
      return false;
    }
    for (Ordering o : first.after) {
      if (o.then == then && (o.type & type) == type) {
        return false;
      }
    }
    Ordering o = new Ordering(first, then, type);
    first.after.add(o);
    then.before.add(o);
    return true;
  }

  private void apply() {
    for (Cluster.PendingOrdering o : c.orderings) {
      if (o.firstRsc() != null) {
        orderFirst(o);
      } else if (o.thenRsc() != null) {
        for (Action t : byTask(o.thenRsc(), o.thenTask())) {
          order(o.firstAction(), t, o.type());
        }
      } else {
        order(o.firstAction(), o.thenAction(), o.type());
      }
    }
  }

  private void orderFirst(Cluster.PendingOrdering o) {
    SchedResource firstRsc = o.firstRsc();
    List<Action> firsts;
    if (o.firstAction() != null) {
      firsts = List.of(o.firstAction());
    } else {
      firsts = byTask(firstRsc, o.firstTask());
    }
    if (firsts.isEmpty() && firstRsc == o.thenRsc()) {
      return;
    }
    if (firsts.isEmpty()) {
      Role state = Resources.state(firstRsc, true);
      if (state == Role.STOPPED && "stop".equals(o.firstTask())) {
        return;
      }
      if (state == Role.UNPROMOTED && "demote".equals(o.firstTask())) {
        return;
      }
      firsts = List.of(Actions.get(c, firstRsc, o.firstTask(), null, 0, true));
    }
    SchedResource thenRsc = o.thenRsc();
    if (thenRsc == null) {
      if (o.thenAction() == null) {
        return;
      }
      thenRsc = o.thenAction().rsc;
    }
    for (Action first : firsts) {
      if (thenRsc == null) {
        order(first, o.thenAction(), o.type());
        continue;
      }
      List<Action> thens =
          o.thenAction() != null ? List.of(o.thenAction()) : byTask(thenRsc, o.thenTask());
      for (Action t : thens) {
        order(first, t, o.type());
      }
    }
  }

  /** The resource's actions for a task (on any node), oldest first. */
  private static List<Action> byTask(SchedResource rsc, String task) {
    List<Action> out = new ArrayList<>(1);
    for (Action a : rsc.actions) {
      if (a.intervalMs == 0 && a.task.equals(task)) {
        out.add(a);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- colocation blocking

  /** An unrunnable start (or promote) of a primary blocks mandatory colocated dependents. */
  private void blockColocationDependents(Action action) {
    if (action.runnable() || action.rsc == null) {
      return;
    }
    boolean isStart = "start".equals(action.task);
    if (!isStart && !"promote".equals(action.task)) {
      return;
    }
    SchedResource rsc = action.rsc.top();
    for (SchedResource child : rsc.children) {
      Action ca = Actions.oldest(child, action.task, null);
      if (ca == null || ca.runnable()) {
        return;
      }
    }
    for (Colocation col : Colocations.withThis(rsc)) {
      if (col.score < Scores.INF) {
        continue;
      }
      if (!isStart && col.primaryRole != Role.PROMOTED) {
        continue;
      }
      markBlocked(
          col.dependent, col.dependentRole == Role.PROMOTED ? "promote" : "start", action.rsc);
    }
  }

  private void markBlocked(SchedResource rsc, String task, SchedResource reason) {
    for (Action a : new ArrayList<>(rsc.actions)) {
      if (a.runnable() && task.equals(a.task)) {
        a.clear(Action.RUNNABLE);
        a.reason("colocation with " + reason.id, false);
        blockColocationDependents(a);
        visit(a);
      }
    }
    for (SchedResource ch : rsc.children) {
      markBlocked(ch, task, reason);
    }
  }

  // ---------------------------------------------------------------- propagation

  private void enqueue(Action a) {
    if (a.id >= queued.length) {
      boolean[] n = new boolean[Math.max(a.id + 1, queued.length * 2)];
      System.arraycopy(queued, 0, n, 0, queued.length);
      queued = n;
    }
    if (!queued[a.id]) {
      queued[a.id] = true;
      queue.add(a);
    }
  }

  /** How deep updates recurse before further work is queued (keeps the stack bounded). */
  private static final int MAX_DEPTH = 500;

  private int depth;

  /**
   * Updates {@code a} now, depth first as Pacemaker does (the order decides which reason an action
   * records), or later when the recursion is already deep.
   */
  private void visit(Action a) {
    if (depth >= MAX_DEPTH) {
      enqueue(a);
      return;
    }
    depth++;
    try {
      update(a);
    } finally {
      depth--;
    }
  }

  private void propagate() {
    // Pacemaker keeps its action list newest first and updates in that order.
    for (int i = c.actions.size() - 1; i >= 0; i--) {
      visit(c.actions.get(i));
    }
    while (!queue.isEmpty()) {
      Action a = queue.poll();
      queued[a.id] = false;
      visit(a);
    }
  }

  private void update(Action then) {
    int lastFlags = then.flags;
    boolean changedThen = false;
    if (then.is(Action.REQUIRES_ANY)) {
      then.runnableBefore = 0;
      if (then.requiredRunnableBefore == 0) {
        then.requiredRunnableBefore = 1;
      }
      then.clear(Action.RUNNABLE);
    }
    for (int i = 0; i < then.before.size(); i++) {
      Ordering o = then.before.get(i);
      if (o.type == Ordering.NONE) {
        continue;
      }
      Action first = o.first;
      SchedNode thenNode = then.node;
      SchedNode firstNode = first.node;
      if (first.rsc instanceof SchedGroup && "start".equals(first.task)) {
        firstNode = Resources.location(first.rsc, false);
      }
      if (then.rsc instanceof SchedGroup && "start".equals(then.task)) {
        thenNode = Resources.location(then.rsc, false);
      }
      if (o.has(Ordering.SAME_NODE)
          && firstNode != null
          && thenNode != null
          && firstNode != thenNode) {
        o.type = Ordering.NONE;
        continue;
      }
      if (first.rsc != null && o.has(Ordering.THEN_CANCELS_FIRST) && !then.optional()) {
        first.set(Action.OPTIONAL);
      }
      Action mapped = first;
      if (first.rsc != null
          && then.rsc != null
          && first.rsc != then.rsc
          && !isAncestor(first.rsc, then.rsc)) {
        mapped = forOrdering(first);
      }
      int changed = 0;
      if (mapped == first) {
        int firstFlags = flagsForOrdering(first, thenNode);
        int thenFlags = flagsForOrdering(then, firstNode);
        changed = updateFlags(first, then, firstFlags, thenFlags, o);
      } else if (order(mapped, then, o.type)) {
        changed |= CHANGED_THEN;
        o.type = Ordering.NONE;
      }
      if ((changed & CHANGED_FIRST) != 0) {
        for (int j = 0; j < first.after.size(); j++) {
          visit(first.after.get(j).then);
        }
        visit(first);
      }
      if ((changed & CHANGED_THEN) != 0) {
        changedThen = true;
      }
    }
    if (then.is(Action.REQUIRES_ANY)) {
      changedThen = lastFlags != then.flags;
    }
    if (changedThen || lastFlags != then.flags) {
      if ((lastFlags & Action.RUNNABLE) != 0 && !then.runnable()) {
        blockColocationDependents(then);
      }
      visit(then);
      for (int j = 0; j < then.after.size(); j++) {
        visit(then.after.get(j).then);
      }
    }
  }

  /** Whether {@code ancestor} contains {@code r}. */
  private static boolean isAncestor(SchedResource ancestor, SchedResource r) {
    for (SchedResource p = r.parent; p != null; p = p.parent) {
      if (p == ancestor) {
        return true;
      }
    }
    return false;
  }

  /** A collective's start, stop, promote or demote is ordered by its completion pseudo-action. */
  private static Action forOrdering(Action a) {
    if (a.rsc == null || a.rsc.isPrimitive() || a.intervalMs != 0) {
      return a;
    }
    String task =
        switch (a.task) {
          case "start" -> "running";
          case "stop" -> "stopped";
          case "promote" -> "promoted";
          case "demote" -> "demoted";
          default -> null;
        };
    if (task == null) {
      return a;
    }
    Action r = Actions.oldest(a.rsc, task, null);
    return r == null ? a : r;
  }

  /** The task a collective action stands for at primitive level ("running" is "start"). */
  static String atomic(SchedResource member, String task) {
    if (!member.isPrimitive()) {
      return task;
    }
    return switch (task) {
      case "running" -> "start";
      case "stopped" -> "stop";
      case "promoted" -> "promote";
      case "demoted" -> "demote";
      default -> task;
    };
  }

  /** The flags an action has for ordering purposes (a collective's summarise its members'). */
  private static int flagsForOrdering(Action a, SchedNode node) {
    if (a.rsc == null) {
      return a.flags;
    }
    int flags = variantFlags(a, null);
    if (node == null || !(a.rsc instanceof SchedClone)) {
      return flags;
    }
    boolean runnable = (flags & Action.RUNNABLE) != 0;
    flags = variantFlags(a, node);
    if (runnable && (flags & Action.RUNNABLE) == 0) {
      flags |= Action.RUNNABLE;
    }
    return flags;
  }

  static int variantFlags(Action a, SchedNode node) {
    SchedResource rsc = a.rsc;
    if (rsc == null || rsc.isPrimitive()) {
      return a.flags;
    }
    if (rsc instanceof SchedGroup) {
      int flags = Action.OPTIONAL | Action.RUNNABLE | Action.PSEUDO;
      for (SchedResource m : rsc.children) {
        String task = atomic(m, a.task);
        Action ma = Actions.oldest(m, task, node);
        if (ma != null) {
          int mf = variantFlags(ma, node);
          if ((flags & Action.OPTIONAL) != 0 && (mf & Action.OPTIONAL) == 0) {
            flags &= ~Action.OPTIONAL;
            a.clear(Action.OPTIONAL);
          }
          if (!task.equals(a.task)
              && (flags & Action.RUNNABLE) != 0
              && (mf & Action.RUNNABLE) == 0) {
            flags &= ~Action.RUNNABLE;
            a.clear(Action.RUNNABLE);
          }
        } else if (!"stop".equals(task)
            && !"stopped".equals(task)
            && !"demote".equals(task)
            && !"demoted".equals(task)) {
          flags &= ~Action.RUNNABLE;
        }
      }
      return flags;
    }
    // clone
    String name = rsc.children.isEmpty() ? a.task : atomic(rsc.children.get(0), a.task);
    int flags = Action.OPTIONAL | Action.RUNNABLE | Action.PSEUDO;
    boolean anyRunnable = false;
    for (SchedResource inst : rsc.children) {
      SchedNode instNode = inst.isPrimitive() ? node : null;
      Action ia = Actions.oldest(inst, name, instNode);
      if (ia == null) {
        continue;
      }
      int f = variantFlags(ia, node);
      if ((flags & Action.OPTIONAL) != 0 && (f & Action.OPTIONAL) == 0) {
        flags &= ~Action.OPTIONAL;
        a.clear(Action.OPTIONAL);
      }
      if ((f & Action.RUNNABLE) != 0) {
        anyRunnable = true;
      }
    }
    if (!anyRunnable) {
      flags &= ~Action.RUNNABLE;
      if (node == null) {
        a.clear(Action.RUNNABLE);
      }
    }
    return flags;
  }

  // ---------------------------------------------------------------- flag updates

  private int updateFlags(Action first, Action then, int firstFlags, int thenFlags, Ordering o) {
    int changed = 0;
    SchedNode node = then.node;
    int type = o.type;
    if ((type & Ordering.IMPLIES_THEN_ON_NODE) != 0) {
      o.type = (o.type & ~Ordering.IMPLIES_THEN_ON_NODE) | Ordering.IMPLIES_THEN;
      type = o.type;
      node = first.node;
    }
    if ((type & Ordering.IMPLIES_THEN) != 0) {
      if (then.rsc != null) {
        changed |=
            dispatch(
                first,
                then,
                node,
                firstFlags & Action.OPTIONAL,
                Action.OPTIONAL,
                Ordering.IMPLIES_THEN);
      } else if ((firstFlags & Action.OPTIONAL) == 0 && then.optional()) {
        then.clear(Action.OPTIONAL);
        changed |= CHANGED_THEN;
      }
    }
    if ((type & Ordering.RESTART) != 0 && then.rsc != null) {
      changed |=
          dispatch(
              first, then, node, firstFlags, Action.OPTIONAL | Action.RUNNABLE, Ordering.RESTART);
    }
    if ((type & Ordering.IMPLIES_FIRST) != 0 && first.rsc != null) {
      int f = thenFlags & Action.OPTIONAL;
      changed |=
          then.rsc != null
              ? dispatch(first, then, node, f, Action.OPTIONAL, Ordering.IMPLIES_FIRST)
              : updateOrdered(first, then, f, Action.OPTIONAL, Ordering.IMPLIES_FIRST);
    }
    if ((type & Ordering.PROMOTED_IMPLIES_FIRST) != 0 && then.rsc != null) {
      changed |=
          dispatch(
              first,
              then,
              node,
              firstFlags & Action.OPTIONAL,
              Action.OPTIONAL,
              Ordering.PROMOTED_IMPLIES_FIRST);
    }
    if ((type & Ordering.ONE_OR_MORE) != 0) {
      if (then.rsc != null) {
        changed |= dispatch(first, then, node, firstFlags, Action.RUNNABLE, Ordering.ONE_OR_MORE);
      } else if ((firstFlags & Action.RUNNABLE) != 0) {
        then.runnableBefore++;
        if (then.runnableBefore >= then.requiredRunnableBefore && !then.runnable()) {
          then.set(Action.RUNNABLE);
          changed |= CHANGED_THEN;
        }
      }
    }
    if ((type & Ordering.RUNNABLE_LEFT) != 0) {
      if (then.rsc != null) {
        changed |= dispatch(first, then, node, firstFlags, Action.RUNNABLE, Ordering.RUNNABLE_LEFT);
      } else if ((firstFlags & Action.RUNNABLE) == 0 && then.runnable()) {
        then.clear(Action.RUNNABLE);
        changed |= CHANGED_THEN;
      }
    }
    if ((type & Ordering.ASYMMETRICAL) != 0 && then.rsc != null) {
      changed |= dispatch(first, then, node, firstFlags, Action.RUNNABLE, Ordering.ASYMMETRICAL);
    }
    if (first.runnable()
        && (type & Ordering.IMPLIES_THEN_PRINTED) != 0
        && (firstFlags & Action.OPTIONAL) == 0) {
      then.set(Action.PRINT_ALWAYS);
    }
    if ((type & Ordering.IMPLIES_FIRST_PRINTED) != 0 && (thenFlags & Action.OPTIONAL) == 0) {
      first.set(Action.PRINT_ALWAYS);
    }
    if ((type & (Ordering.IMPLIES_THEN | Ordering.IMPLIES_FIRST | Ordering.RESTART)) != 0
        && first.rsc != null
        && !first.rsc.managed
        && first.rsc.blocked
        && !first.runnable()
        && "stop".equals(first.task)) {
      if (then.runnable()) {
        then.clear(Action.RUNNABLE);
        changed |= CHANGED_THEN;
      }
    }
    return changed;
  }

  /** Calls the "then" resource's variant to update the ordered actions. */
  private int dispatch(Action first, Action then, SchedNode node, int flags, int filter, int type) {
    SchedResource rsc = then.rsc;
    if (rsc instanceof SchedGroup) {
      int changed = updateOrdered(first, then, flags, filter, type);
      for (SchedResource m : rsc.children) {
        Action ma = Actions.oldest(m, then.task, node);
        if (ma != null) {
          changed |= updateOrdered(first, ma, flags, filter, type);
        }
      }
      return changed;
    }
    if (rsc instanceof SchedClone) {
      if (canInterleave(first, then)) {
        return interleaved(first, then, node, filter, type);
      }
      int changed = updateOrdered(first, then, flags, filter, type);
      for (SchedResource inst : rsc.children) {
        Action ia = Actions.oldest(inst, then.task, node);
        if (ia == null) {
          continue;
        }
        if ((variantFlags(ia, node) & Action.RUNNABLE) == 0) {
          continue;
        }
        int ch =
            inst.isPrimitive()
                ? updateOrdered(first, ia, flags, filter, type)
                : dispatch(first, ia, node, flags, filter, type);
        if ((ch & CHANGED_THEN) != 0) {
          for (int j = 0; j < ia.after.size(); j++) {
            visit(ia.after.get(j).then);
          }
        }
        changed |= ch;
      }
      return changed;
    }
    return updateOrdered(first, then, flags, filter, type);
  }

  private static boolean canInterleave(Action first, Action then) {
    if (first.rsc == null || then.rsc == null || first.rsc == then.rsc) {
      return false;
    }
    if (!(first.rsc instanceof SchedClone) || !(then.rsc instanceof SchedClone)) {
      return false;
    }
    SchedClone decider =
        "stop".equals(then.task) || "demote".equals(then.task)
            ? (SchedClone) first.rsc
            : (SchedClone) then.rsc;
    return decider.interleave;
  }

  private int interleaved(Action first, Action then, SchedNode node, int filter, int type) {
    int changed = 0;
    SchedClone firstClone = (SchedClone) first.rsc;
    String firstTask =
        firstClone.children.isEmpty() ? first.task : atomic(firstClone.children.get(0), first.task);
    boolean current = "stopped".equals(first.task) || "demoted".equals(first.task);
    for (SchedResource thenInst : then.rsc.children) {
      SchedResource firstInst =
          CloneAssigner.findCompatibleInstance(c, thenInst, firstClone, null, current);
      if (firstInst == null) {
        if (!current && (type & (Ordering.RUNNABLE_LEFT | Ordering.IMPLIES_THEN)) != 0) {
          if (Assigner.assignTo(c, thenInst, null, true, true)) {
            changed |= CHANGED_THEN;
          }
        }
        continue;
      }
      Action fa = Actions.oldest(firstInst, firstTask, node);
      if (fa == null) {
        continue;
      }
      Action ta = Actions.oldest(thenInst, then.task, node);
      if (ta == null) {
        continue;
      }
      if (order(fa, ta, type)) {
        changed |= CHANGED_FIRST | CHANGED_THEN;
      }
      int ff = variantFlags(fa, node);
      changed |=
          thenInst.isPrimitive()
              ? updateOrdered(fa, ta, ff, filter, type)
              : dispatch(fa, ta, node, ff, filter, type);
    }
    return changed;
  }

  /** Clears a flag of {@code action} because of {@code reason}, recording why. */
  private static boolean clearBecause(Action action, int flag, Action reason) {
    if (!action.is(flag)) {
      return false;
    }
    action.clear(flag);
    if (reason != null && reason.rsc != null && action.rsc != reason.rsc) {
      String change = flag == Action.RUNNABLE ? "unrunnable" : "required";
      action.reason(change + " " + reason.rsc.id + " " + reason.task, false);
    }
    return true;
  }

  /** Pacemaker's update of two ordered actions, for a primitive (or a collective itself). */
  private int updateOrdered(Action first, Action then, int flags, int filter, int type) {
    int thenBefore = then.flags;
    int firstBefore = first.flags;
    if ((type & Ordering.ASYMMETRICAL) != 0) {
      asymmetric(first, then);
    }
    if ((type & Ordering.IMPLIES_FIRST) != 0
        && (filter & Action.OPTIONAL) != 0
        && (flags & Action.OPTIONAL) == 0
        && first.optional()) {
      clearBecause(first, Action.OPTIONAL, then);
    }
    if ((type & Ordering.PROMOTED_IMPLIES_FIRST) != 0
        && then.rsc != null
        && then.rsc.role == Role.PROMOTED
        && (filter & Action.OPTIONAL) != 0
        && !then.optional()) {
      clearBecause(first, Action.OPTIONAL, then);
    }
    if ((type & Ordering.RUNNABLE_LEFT) != 0
        && (filter & Action.RUNNABLE) != 0
        && then.runnable()
        && (flags & Action.RUNNABLE) == 0) {
      clearBecause(then, Action.RUNNABLE, first);
    }
    if ((type & Ordering.IMPLIES_THEN) != 0
        && (filter & Action.OPTIONAL) != 0
        && then.optional()
        && (flags & Action.OPTIONAL) == 0
        && !first.is(Action.MIGRATE_RUNNABLE)) {
      clearBecause(then, Action.OPTIONAL, first);
    }
    if ((type & Ordering.RESTART) != 0) {
      restart(first, then, filter);
    }
    int changed = 0;
    if (thenBefore != then.flags) {
      changed |= CHANGED_THEN;
    }
    if (firstBefore != first.flags) {
      changed |= CHANGED_FIRST;
    }
    return changed;
  }

  private static void asymmetric(Action first, Action then) {
    if (then.rsc == null || first.runnable()) {
      return;
    }
    if (then.optional()) {
      Role role = Resources.state(then.rsc, true);
      if (role == Role.STOPPED && "stop".equals(then.task)) {
        return;
      }
      if (role.ordinal() >= Role.STARTED.ordinal()
          && "start".equals(then.task)
          && then.rsc.runningOn.size() == 1
          && then.rsc.runningOn.get(0) == then.node) {
        return;
      }
    }
    clearBecause(then, Action.OPTIONAL, first);
    clearBecause(then, Action.RUNNABLE, first);
  }

  private static void restart(Action first, Action then, int filter) {
    String reason = null;
    if ((filter & Action.OPTIONAL) != 0 && !then.optional()) {
      reason = "restart";
    }
    if ((filter & Action.RUNNABLE) != 0
        && !then.runnable()
        && then.rsc != null
        && then.rsc.managed
        && first.rsc == then.rsc) {
      reason = "stop";
    }
    if (reason == null) {
      return;
    }
    if (first.runnable()) {
      clearBecause(first, Action.OPTIONAL, then);
    }
    if (!then.optional()) {
      clearBecause(first, Action.OPTIONAL, then);
    }
    if (!first.optional() && !first.runnable()) {
      clearBecause(then, Action.RUNNABLE, first);
    }
  }
}
