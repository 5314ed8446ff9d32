package org.paceline.scheduler.internal;

import org.paceline.cib.model.Role;

/**
 * The orderings a resource implies by itself: stop before start (restart), demote before stop and
 * start before promote, a group's members in order and inside its pseudo-actions, a clone's
 * instances inside the clone's pseudo-actions.
 */
final class InternalOrderings {

  private final Cluster c;

  private InternalOrderings(Cluster c) {
    this.c = c;
  }

  static void create(Cluster c) {
    InternalOrderings o = new InternalOrderings(c);
    for (SchedResource r : c.resources) {
      o.resource(r);
    }
  }

  private void order(
      SchedResource first, String firstTask, SchedResource then, String thenTask, int type) {
    c.orderings.add(
        new Cluster.PendingOrdering(first, firstTask, null, then, thenTask, null, type));
  }

  private void resource(SchedResource r) {
    if (r instanceof SchedPrimitive p) {
      primitive(p);
    } else if (r instanceof SchedGroup g) {
      group(g);
    } else {
      clone((SchedClone) r);
    }
  }

  private void primitive(SchedPrimitive p) {
    if (!p.managed) {
      return;
    }
    order(p, "stop", p, "start", Ordering.OPTIONAL | Ordering.IMPLIES_THEN | Ordering.RESTART);
    boolean promotable = p.top() instanceof SchedClone cl && cl.promotable;
    if (promotable || p.role.ordinal() > Role.UNPROMOTED.ordinal()) {
      order(p, "demote", p, "stop", Ordering.PROMOTED_IMPLIES_FIRST);
      order(p, "start", p, "promote", Ordering.RUNNABLE_LEFT);
    }
  }

  private void group(SchedGroup g) {
    order(g, "stop", g, "stopped", Ordering.RUNNABLE_LEFT);
    order(g, "stopped", g, "start", Ordering.OPTIONAL);
    order(g, "start", g, "running", Ordering.RUNNABLE_LEFT);
    boolean promotable = g.top() instanceof SchedClone cl && cl.promotable;
    SchedResource previous = null;
    SchedResource lastActive = null;
    for (SchedResource member : g.children) {
      int downFlags = Ordering.IMPLIES_FIRST_PRINTED;
      int postDownFlags = Ordering.IMPLIES_THEN_PRINTED;
      resource(member);
      if (previous == null && g.ordered) {
        downFlags |= Ordering.OPTIONAL;
        postDownFlags = Ordering.IMPLIES_THEN;
      }
      if (promotable) {
        order(g, "demote", member, "demote", downFlags);
        order(member, "demote", g, "demoted", postDownFlags);
        order(
            member,
            "promote",
            g,
            "promoted",
            Ordering.RUNNABLE_LEFT | Ordering.IMPLIES_THEN | Ordering.IMPLIES_THEN_PRINTED);
        order(g, "promote", member, "promote", Ordering.IMPLIES_FIRST_PRINTED);
      }
      order(g, "stop", member, "stop", downFlags);
      order(member, "stop", g, "stopped", postDownFlags);
      order(g, "start", member, "start", Ordering.IMPLIES_FIRST_PRINTED);
      order(
          member,
          "start",
          g,
          "running",
          Ordering.RUNNABLE_LEFT | Ordering.IMPLIES_THEN | Ordering.IMPLIES_THEN_PRINTED);
      if (!g.ordered) {
        order(
            g,
            "start",
            member,
            "start",
            Ordering.IMPLIES_THEN | Ordering.RUNNABLE_LEFT | Ordering.IMPLIES_FIRST_PRINTED);
        if (promotable) {
          order(
              g,
              "promote",
              member,
              "promote",
              Ordering.IMPLIES_THEN | Ordering.RUNNABLE_LEFT | Ordering.IMPLIES_FIRST_PRINTED);
        }
      } else if (previous == null) {
        order(g, "start", member, "start", Ordering.NONE);
        if (promotable) {
          order(g, "promote", member, "promote", Ordering.NONE);
        }
      } else {
        order(previous, "start", member, "start", Ordering.IMPLIES_THEN | Ordering.RUNNABLE_LEFT);
        order(member, "stop", previous, "stop", Ordering.OPTIONAL | Ordering.RESTART);
        if (!member.runningOn.isEmpty() && previous.runningOn.isEmpty()) {
          order(member, "stop", previous, "start", Ordering.IMPLIES_FIRST | Ordering.RUNNABLE_LEFT);
        }
        if (promotable) {
          order(
              previous,
              "promote",
              member,
              "promote",
              Ordering.IMPLIES_THEN | Ordering.RUNNABLE_LEFT);
          order(member, "demote", previous, "demote", Ordering.OPTIONAL);
        }
      }
      if (!member.runningOn.isEmpty()) {
        if (g.ordered
            && previous != null
            && previous.runningOn.isEmpty()
            && lastActive != null
            && !lastActive.runningOn.isEmpty()) {
          order(member, "stop", lastActive, "stop", Ordering.OPTIONAL);
        }
        lastActive = member;
      }
      previous = member;
    }
  }

  private void clone(SchedClone cl) {
    order(cl, "stopped", cl, "start", Ordering.OPTIONAL);
    order(cl, "start", cl, "running", Ordering.RUNNABLE_LEFT);
    order(cl, "stop", cl, "stopped", Ordering.RUNNABLE_LEFT);
    if (cl.promotable) {
      order(cl, "demoted", cl, "stop", Ordering.OPTIONAL);
      order(cl, "running", cl, "promote", Ordering.RUNNABLE_LEFT);
    }
    SchedResource last = null;
    for (SchedResource inst : cl.children) {
      resource(inst);
      order(cl, "start", inst, "start", Ordering.RUNNABLE_LEFT | Ordering.IMPLIES_FIRST_PRINTED);
      order(inst, "start", cl, "running", Ordering.IMPLIES_THEN_PRINTED);
      if (cl.orderedClone && last != null) {
        order(last, "start", inst, "start", Ordering.OPTIONAL);
      }
      order(cl, "stop", inst, "stop", Ordering.IMPLIES_FIRST_PRINTED);
      order(inst, "stop", cl, "stopped", Ordering.IMPLIES_THEN_PRINTED);
      if (cl.orderedClone && last != null) {
        order(inst, "stop", last, "stop", Ordering.OPTIONAL);
      }
      last = inst;
    }
    if (cl.promotable) {
      order(cl, "demote", cl, "demoted", Ordering.RUNNABLE_LEFT);
      order(cl, "promote", cl, "promoted", Ordering.RUNNABLE_LEFT);
      order(cl, "demoted", cl, "promote", Ordering.OPTIONAL);
      for (SchedResource inst : cl.children) {
        order(cl, "demote", inst, "demote", Ordering.IMPLIES_FIRST_PRINTED);
        order(inst, "demote", cl, "demoted", Ordering.IMPLIES_THEN_PRINTED);
        order(cl, "promote", inst, "promote", Ordering.IMPLIES_FIRST_PRINTED);
        order(inst, "promote", cl, "promoted", Ordering.IMPLIES_THEN_PRINTED);
      }
    }
  }
}
