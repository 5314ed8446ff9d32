package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.model.Role;

/** Small queries over resources of any variant. */
final class Resources {

  private Resources() {}

  /**
   * The single node {@code r} is (current) or will be (not current) on: for a collective, the one
   * node all its active members share; null when none or several.
   */
  static SchedNode location(SchedResource r, boolean current) {
    List<SchedNode> nodes = new ArrayList<>(2);
    locations(r, current, nodes);
    return nodes.size() == 1 ? nodes.get(0) : null;
  }

  static void locations(SchedResource r, boolean current, List<SchedNode> out) {
    if (!r.children.isEmpty()) {
      for (SchedResource ch : r.children) {
        locations(ch, current, out);
      }
      return;
    }
    if (current) {
      for (SchedNode n : r.runningOn) {
        if (!out.contains(n)) {
          out.add(n);
        }
      }
    } else if (r.assigned != null && !out.contains(r.assigned)) {
      out.add(r.assigned);
    }
  }

  /** The role of a resource now (current) or next: for a collective, its highest member role. */
  static Role state(SchedResource r, boolean current) {
    if (!r.children.isEmpty()) {
      Role max = Role.STOPPED;
      for (SchedResource ch : r.children) {
        Role x = state(ch, current);
        if (x.ordinal() > max.ordinal()) {
          max = x;
        }
      }
      return max;
    }
    if (current) {
      return r.role;
    }
    return r.nextRole == null ? Role.STOPPED : r.nextRole;
  }

  /** Whether {@code r} or any descendant is blocked. */
  static boolean anyBlocked(SchedResource r) {
    if (r.blocked) {
      return true;
    }
    for (SchedResource ch : r.children) {
      if (anyBlocked(ch)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code r} and all its descendants are active. */
  static boolean fullyActive(SchedResource r) {
    if (r.children.isEmpty()) {
      return !r.runningOn.isEmpty();
    }
    for (SchedResource ch : r.children) {
      if (!fullyActive(ch)) {
        return false;
      }
    }
    return true;
  }
}
