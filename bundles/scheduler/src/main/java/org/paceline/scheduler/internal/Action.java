package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.model.Role;

/**
 * One action of a transition in the making: a resource action on a node, a pseudo-action of a group
 * or clone, or a node action (fencing, shutdown). Flags follow Pacemaker's: an optional action is
 * not needed (it will not be in the graph); an unrunnable one cannot be executed.
 */
final class Action {

  static final int OPTIONAL = 1;
  static final int RUNNABLE = 1 << 1;
  static final int PSEUDO = 1 << 2;
  static final int REQUIRES_ANY = 1 << 3;
  static final int PRINT_ALWAYS = 1 << 4;
  static final int MIGRATE_RUNNABLE = 1 << 5;

  final int id;
  final SchedResource rsc;
  final String task;
  final SchedNode node;
  final long intervalMs;
  int flags;
  String reason;

  /** For recurring monitors: the role they check, or null. */
  Role role;

  /** For fencing: reboot or off. */
  String fenceAction;

  /** For pseudo-actions of a clone's notifications: the notified operation. */
  String notifyTask;

  /** For notify actions: what the agent is told ({@code notify_type}, lists, ...). */
  java.util.Map<String, String> notifyMeta;

  int runnableBefore;
  int requiredRunnableBefore;

  final List<Ordering> before = new ArrayList<>(2);
  final List<Ordering> after = new ArrayList<>(2);

  Action(int id, SchedResource rsc, String task, SchedNode node, long intervalMs, int flags) {
    this.id = id;
    this.rsc = rsc;
    this.task = task;
    this.node = node;
    this.intervalMs = intervalMs;
    this.flags = flags;
  }

  boolean is(int flag) {
    return (flags & flag) != 0;
  }

  boolean optional() {
    return is(OPTIONAL);
  }

  boolean runnable() {
    return is(RUNNABLE);
  }

  boolean pseudo() {
    return is(PSEUDO);
  }

  void set(int flag) {
    flags |= flag;
  }

  void clear(int flag) {
    flags &= ~flag;
  }

  /** Sets the reason unless one is set already (or {@code overwrite}). */
  void reason(String text, boolean overwrite) {
    if (reason == null || overwrite) {
      reason = text;
    }
  }

  /** Pacemaker's operation key: {@code RSC_TASK_INTERVAL}, or the task for node actions. */
  String key() {
    if (rsc == null) {
      return task;
    }
    return rsc.id + "_" + (notifyTask != null ? notifyTask : task) + "_" + intervalMs;
  }

  @Override
  public String toString() {
    return key() + (node == null ? "" : " on " + node.name);
  }
}
