package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.model.Role;

/**
 * Phase "notifications" (after the orderings, when it is known which actions happen): for a clone
 * with {@code notify=true}, each of its operations that happens (stop, start, demote, promote) is
 * announced to the instances before and after it, as Pacemaker Explained describes clone
 * notifications.
 *
 * <p>For an operation T with completion event D (stopped, running, demoted, promoted) the clone
 * gets the pseudo-actions {@code pre_notify_T}, {@code confirmed-pre_notify_T}, {@code
 * post_notify_D} and {@code confirmed-post_notify_D}; every recipient instance gets a {@code
 * notify} action between a pair of them. The pre-notification precedes T; the post-notification
 * follows D, and whatever depended on D waits for the confirmed post-notification. The phases
 * follow each other: demote, stop, start, promote.
 *
 * <p>Recipients: instances active before the operation for a pre-notification of stop or demote and
 * a post-notification of demote; those active and not stopping for the post-notification of stop
 * and the pre-notification of start; those active afterwards for the rest.
 */
final class Notifications {

  private static final String[] TASKS = {"demote", "stop", "start", "promote"};
  private static final String[] DONE = {"demoted", "stopped", "running", "promoted"};

  private final Cluster c;

  private Notifications(Cluster c) {
    this.c = c;
  }

  static void create(Cluster c) {
    Notifications n = new Notifications(c);
    for (SchedResource r : c.resources) {
      if (r instanceof SchedClone cl && cl.notifyEnabled) {
        n.clone(cl);
      }
    }
  }

  private void clone(SchedClone cl) {
    Map<String, String> base = null;
    Action previousConfirmed = null;
    for (int t = 0; t < TASKS.length; t++) {
      Action op = pseudo(cl, TASKS[t]);
      if (op == null || !GraphBuilder.inGraph(op)) {
        continue;
      }
      Action done = pseudo(cl, DONE[t]);
      if (base == null) {
        base = baseMeta(cl);
      }
      boolean postRunnable = done != null && done.runnable();
      Action pre = notifyPseudo(cl, "pre_notify_" + TASKS[t], true);
      Action preDone = notifyPseudo(cl, "confirmed-pre_notify_" + TASKS[t], true);
      Action post = notifyPseudo(cl, "post_notify_" + DONE[t], postRunnable);
      Action postDone = notifyPseudo(cl, "confirmed-post_notify_" + DONE[t], postRunnable);
      // whatever op waited for, the pre-notification waits for too
      for (Ordering o : new ArrayList<>(op.before)) {
        OrderingEngine.order(o.first, pre, Ordering.OPTIONAL);
      }
      OrderingEngine.order(pre, preDone, Ordering.OPTIONAL);
      OrderingEngine.order(preDone, op, Ordering.OPTIONAL);
      if (done != null) {
        List<Ordering> dependents = new ArrayList<>(done.after);
        OrderingEngine.order(done, post, Ordering.OPTIONAL);
        OrderingEngine.order(post, postDone, Ordering.OPTIONAL);
        for (Ordering o : dependents) {
          OrderingEngine.order(postDone, o.then, Ordering.OPTIONAL);
        }
      }
      if (previousConfirmed != null) {
        OrderingEngine.order(previousConfirmed, pre, Ordering.OPTIONAL);
      }
      previousConfirmed = postDone;
      for (SchedResource inst : cl.children) {
        for (SchedPrimitive p : inst.primitives()) {
          SchedNode before = recipientBefore(p, TASKS[t]);
          if (before != null) {
            notifyAction(p, before, "pre", TASKS[t], pre, preDone, true, base);
          }
          SchedNode after = recipientAfter(p, TASKS[t]);
          if (after != null) {
            notifyAction(p, after, "post", TASKS[t], post, postDone, postRunnable, base);
          }
        }
      }
    }
  }

  private static Action pseudo(SchedClone cl, String task) {
    for (Action a : cl.actions) {
      if (a.node == null && a.intervalMs == 0 && a.task.equals(task)) {
        return a;
      }
    }
    return null;
  }

  private Action notifyPseudo(SchedClone cl, String task, boolean runnable) {
    return c.newAction(cl, task, null, 0, Action.PSEUDO | (runnable ? Action.RUNNABLE : 0));
  }

  private void notifyAction(
      SchedPrimitive p,
      SchedNode node,
      String type,
      String task,
      Action first,
      Action then,
      boolean runnable,
      Map<String, String> base) {
    Action a = c.newAction(p, "notify", node, 0, runnable ? Action.RUNNABLE : 0);
    a.notifyTask = type + "_notify_" + task;
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("notify_type", type);
    meta.put("notify_operation", task);
    meta.putAll(base);
    a.notifyMeta = meta;
    OrderingEngine.order(first, a, Ordering.OPTIONAL);
    OrderingEngine.order(a, then, Ordering.OPTIONAL);
  }

  // ---------------------------------------------------------------- recipients

  /** The clean node an instance is active on now, or null. */
  private static SchedNode current(SchedPrimitive p) {
    SchedNode n = ActionBuilder.activeNode(p);
    return n != null && n.online && !n.unclean ? n : null;
  }

  /** The node an instance will be active on afterwards, or null. */
  private static SchedNode next(SchedPrimitive p) {
    SchedNode n = p.assigned;
    if (n == null || p.nextRole == null || p.nextRole.ordinal() < Role.STARTED.ordinal()) {
      return null;
    }
    if (!n.online || n.unclean) {
      return null;
    }
    if (p.runningOn.contains(n) && !happens(p, "stop", n)) {
      return n;
    }
    return happens(p, "start", n) ? n : null;
  }

  private static SchedNode recipientBefore(SchedPrimitive p, String task) {
    return switch (task) {
      case "stop", "demote" -> current(p);
      case "start" -> activeNotStopping(p);
      default -> next(p);
    };
  }

  private static SchedNode recipientAfter(SchedPrimitive p, String task) {
    return switch (task) {
      case "demote" -> current(p);
      case "stop" -> activeNotStopping(p);
      default -> next(p);
    };
  }

  private static SchedNode activeNotStopping(SchedPrimitive p) {
    SchedNode n = current(p);
    return n != null && !happens(p, "stop", n) ? n : null;
  }

  /** Whether the primitive's one-time action {@code task} on {@code node} is in the graph. */
  private static boolean happens(SchedPrimitive p, String task, SchedNode node) {
    for (Action a : p.actions) {
      if (a.node == node && a.intervalMs == 0 && a.task.equals(task) && GraphBuilder.inGraph(a)) {
        return true;
      }
    }
    return false;
  }

  private static SchedNode anyHappening(SchedPrimitive p, String task) {
    for (Action a : p.actions) {
      if (a.intervalMs == 0 && a.task.equals(task) && a.node != null && a.runnable()) {
        if (!a.optional()) {
          return a.node;
        }
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- what the agent is told

  /**
   * The lists every notification of the clone carries (as Pacemaker passes them in {@code
   * OCF_RESKEY_CRM_meta_notify_*}): instances (and their nodes) active, inactive, starting,
   * stopping, promoting, demoting, promoted and unpromoted; all nodes and the available ones.
   */
  private Map<String, String> baseMeta(SchedClone cl) {
    List<String> activeR = new ArrayList<>();
    List<String> activeU = new ArrayList<>();
    List<String> inactiveR = new ArrayList<>();
    List<String> promotedR = new ArrayList<>();
    List<String> promotedU = new ArrayList<>();
    List<String> unpromotedR = new ArrayList<>();
    List<String> unpromotedU = new ArrayList<>();
    Map<String, List<List<String>>> ops = new LinkedHashMap<>();
    for (String t : TASKS) {
      ops.put(t, List.of(new ArrayList<>(), new ArrayList<>()));
    }
    for (SchedResource inst : cl.children) {
      for (SchedPrimitive p : inst.primitives()) {
        SchedNode now = current(p);
        if (now == null) {
          inactiveR.add(p.id);
        } else {
          activeR.add(p.id);
          activeU.add(now.name);
          if (p.role == Role.PROMOTED) {
            promotedR.add(p.id);
            promotedU.add(now.name);
          } else {
            unpromotedR.add(p.id);
            unpromotedU.add(now.name);
          }
        }
        for (String t : TASKS) {
          SchedNode n = anyHappening(p, t);
          if (n != null) {
            ops.get(t).get(0).add(p.id);
            ops.get(t).get(1).add(n.name);
          }
        }
      }
    }
    List<String> all = new ArrayList<>();
    List<String> available = new ArrayList<>();
    for (SchedNode n : c.nodes) {
      all.add(n.name);
      if (n.online && !n.unclean && !n.standby && cl.score(n) > -Scores.INF) {
        available.add(n.name);
      }
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put("notify_active_resource", join(activeR));
    m.put("notify_active_uname", join(activeU));
    m.put("notify_inactive_resource", join(inactiveR));
    for (String t : TASKS) {
      m.put("notify_" + t + "_resource", join(ops.get(t).get(0)));
      m.put("notify_" + t + "_uname", join(ops.get(t).get(1)));
    }
    if (cl.promotable) {
      m.put("notify_promoted_resource", join(promotedR));
      m.put("notify_promoted_uname", join(promotedU));
      m.put("notify_unpromoted_resource", join(unpromotedR));
      m.put("notify_unpromoted_uname", join(unpromotedU));
      // the names older agents read
      m.put("notify_master_resource", join(promotedR));
      m.put("notify_master_uname", join(promotedU));
      m.put("notify_slave_resource", join(unpromotedR));
      m.put("notify_slave_uname", join(unpromotedU));
    }
    m.put("notify_all_uname", join(all));
    m.put("notify_available_uname", join(available));
    return m;
  }

  private static String join(List<String> items) {
    return items.isEmpty() ? " " : String.join(" ", items);
  }
}
