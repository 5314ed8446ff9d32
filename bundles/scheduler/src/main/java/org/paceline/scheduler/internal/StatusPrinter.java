package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.model.Role;

/**
 * Prints an unpacked cluster as crm_mon / crm_simulate do: the node list (special states one per
 * line, then the Online and OFFLINE lists) and the full list of resources with group and clone
 * nesting.
 */
public final class StatusPrinter {

  private final Cluster c;
  private final List<String> out;

  private StatusPrinter(Cluster c, List<String> out) {
    this.c = c;
    this.out = out;
  }

  /** Appends the node list and the resource list, crm_simulate's layout, to {@code out}. */
  static void print(Cluster c, List<String> out) {
    StatusPrinter p = new StatusPrinter(c, out);
    p.nodes();
    out.add("");
    p.resources();
  }

  // ---------------------------------------------------------------- nodes

  private void nodes() {
    out.add("  * Node List:");
    List<String> online = new ArrayList<>();
    List<String> offline = new ArrayList<>();
    for (SchedNode n : c.nodes) {
      if (n.unclean || n.pending || n.standby || n.maintenance || (n.standbyOnFail && n.online)) {
        out.add("    * Node " + n.name + ": " + nodeState(n));
      } else if (n.online) {
        online.add(n.name);
      } else {
        offline.add(n.name);
      }
    }
    if (!online.isEmpty()) {
      out.add("    * Online: [ " + String.join(" ", online) + " ]");
    }
    if (!offline.isEmpty()) {
      out.add("    * OFFLINE: [ " + String.join(" ", offline) + " ]");
    }
  }

  static String nodeState(SchedNode n) {
    if (n.unclean) {
      if (n.online) {
        return "UNCLEAN (online)";
      }
      return n.pending ? "UNCLEAN (pending)" : "UNCLEAN (offline)";
    }
    if (n.pending) {
      return "pending";
    }
    if (n.standbyOnFail && n.online) {
      return "standby (on-fail)";
    }
    if (n.standby) {
      if (n.online) {
        return n.runningPrimitives > 0 ? "standby (with active resources)" : "standby";
      }
      return "OFFLINE (standby)";
    }
    if (n.maintenance) {
      return n.online ? "maintenance" : "OFFLINE (maintenance)";
    }
    return n.online ? "online" : "OFFLINE";
  }

  // ---------------------------------------------------------------- resources

  private void resources() {
    out.add("  * Full List of Resources:");
    int before = out.size();
    for (SchedResource r : c.resources) {
      if (r.orphan && !r.active()) {
        continue;
      }
      resource(r, "    ");
    }
    if (out.size() == before) {
      out.add("    * No resources");
    }
  }

  private void resource(SchedResource r, String indent) {
    if (r instanceof SchedPrimitive p) {
      out.add(indent + "* " + primitive(p, p.unique || p.owningClone() == null ? p.id : p.baseId));
    } else if (r instanceof SchedGroup g) {
      group(g, indent);
    } else {
      clone((SchedClone) r, indent);
    }
  }

  private void group(SchedGroup g, String indent) {
    List<String> attrs = new ArrayList<>();
    if (g.targetRole == Role.STOPPED) {
      attrs.add("disabled");
    }
    if (g.maintenance) {
      attrs.add("maintenance");
    } else if (!g.managed) {
      attrs.add("unmanaged");
    }
    String id = g.owningClone() != null && !g.unique ? g.id : g.id;
    out.add(
        indent
            + "* Resource Group: "
            + id
            + (attrs.isEmpty() ? "" : " (" + String.join(", ", attrs) + ")")
            + ":");
    for (SchedResource m : g.children) {
      resource(m, indent + "  ");
    }
  }

  private String cloneHeader(SchedClone cl) {
    List<String> attrs = new ArrayList<>();
    if (cl.promotable) {
      attrs.add("promotable");
    }
    if (cl.unique) {
      attrs.add("unique");
    }
    if (cl.targetRole == Role.STOPPED) {
      attrs.add("disabled");
    }
    if (cl.maintenance) {
      attrs.add("maintenance");
    } else if (!cl.managed) {
      attrs.add("unmanaged");
    }
    return "* Clone Set: "
        + cl.id
        + " ["
        + cl.childId()
        + "]"
        + (attrs.isEmpty() ? "" : " (" + String.join(", ", attrs) + ")")
        + ":";
  }

  private void clone(SchedClone cl, String indent) {
    out.add(indent + cloneHeader(cl));
    String inner = indent + "  ";
    List<SchedNode> promoted = new ArrayList<>();
    List<SchedNode> started = new ArrayList<>();
    for (SchedResource inst : cl.children) {
      boolean partially = inst.active();
      boolean full = false;
      if (cl.unique) {
        full = partially || !inst.orphan;
      } else if (!partially) {
        continue;
      } else if (anyOrphan(inst) || !allManaged(inst) || anyFailed(inst)) {
        full = true;
      } else if (fullyActive(inst)) {
        SchedNode loc = singleLocation(inst);
        if (loc != null) {
          Role role = displayRole(inst);
          if (!loc.online && loc.unclean) {
            full = true;
          } else if (role.ordinal() > Role.UNPROMOTED.ordinal()) {
            promoted.add(loc);
          } else {
            started.add(loc);
          }
        } else {
          full = true;
        }
      } else {
        full = true;
      }
      if (full) {
        resource(inst, inner);
      }
    }
    promoted.sort((a, b) -> Scores.compareNames(a.name, b.name));
    started.sort((a, b) -> Scores.compareNames(a.name, b.name));
    if (!promoted.isEmpty()) {
      out.add(inner + "* Promoted: [ " + names(promoted) + " ]");
    }
    if (!started.isEmpty()) {
      if (cl.promotable) {
        out.add(
            inner
                + "* Unpromoted"
                + (cl.targetRole == Role.UNPROMOTED ? " (target-role)" : "")
                + ": [ "
                + names(started)
                + " ]");
      } else {
        out.add(inner + "* Started: [ " + names(started) + " ]");
      }
    }
    int active = promoted.size() + started.size();
    if (!cl.unique && cl.maxTotal > active) {
      List<SchedNode> stopped = new ArrayList<>();
      boolean anyAllowed = false;
      for (SchedNode n : c.nodes) {
        if (cl.isAllowed(n)) {
          anyAllowed = true;
          break;
        }
      }
      for (SchedNode n : c.nodes) {
        boolean listed = anyAllowed ? cl.isAllowed(n) : cl.knownOn[n.index];
        if (listed && !cl.runningOn.contains(n)) {
          stopped.add(n);
        }
      }
      if (!stopped.isEmpty()) {
        String state = cl.targetRole == Role.STOPPED ? "Stopped (disabled)" : "Stopped";
        out.add(inner + "* " + state + ": [ " + names(stopped) + " ]");
      }
    }
  }

  private static String names(List<SchedNode> nodes) {
    StringBuilder b = new StringBuilder();
    for (SchedNode n : nodes) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(n.name);
    }
    return b.toString();
  }

  private static boolean anyOrphan(SchedResource r) {
    if (r.orphan) {
      return true;
    }
    for (SchedResource ch : r.children) {
      if (anyOrphan(ch)) {
        return true;
      }
    }
    return false;
  }

  private static boolean allManaged(SchedResource r) {
    if (!r.managed) {
      return false;
    }
    for (SchedResource ch : r.children) {
      if (!allManaged(ch)) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyFailed(SchedResource r) {
    if (r.failed) {
      return true;
    }
    for (SchedResource ch : r.children) {
      if (anyFailed(ch)) {
        return true;
      }
    }
    return false;
  }

  private static boolean fullyActive(SchedResource r) {
    if (r instanceof SchedPrimitive) {
      return !r.runningOn.isEmpty();
    }
    for (SchedResource ch : r.children) {
      if (!fullyActive(ch)) {
        return false;
      }
    }
    return true;
  }

  /** The single node all of the instance runs on, or null if it runs on several. */
  private static SchedNode singleLocation(SchedResource r) {
    SchedNode loc = null;
    for (SchedPrimitive p : r.primitives()) {
      if (p.runningOn.size() != 1) {
        return null;
      }
      if (loc == null) {
        loc = p.runningOn.get(0);
      } else if (loc != p.runningOn.get(0)) {
        return null;
      }
    }
    return loc;
  }

  private static Role displayRole(SchedResource r) {
    if (r instanceof SchedPrimitive p) {
      return displayRole(p);
    }
    Role max = Role.STOPPED;
    for (SchedResource ch : r.children) {
      Role x = displayRole(ch);
      if (x.ordinal() > max.ordinal()) {
        max = x;
      }
    }
    return max;
  }

  static Role displayRole(SchedPrimitive p) {
    Role role = p.role;
    if (role == Role.STARTED && p.inPromotable()) {
      return Role.UNPROMOTED;
    }
    return role;
  }

  private String primitive(SchedPrimitive p, String name) {
    StringBuilder b = new StringBuilder();
    b.append(name).append("\t(").append(p.agentText()).append("):\t");
    SchedNode node = p.runningOn.size() == 1 ? p.runningOn.get(0) : null;
    if (p.orphan) {
      b.append(" ORPHANED");
    }
    Role role = displayRole(p);
    if (p.failed) {
      b.append(" FAILED");
      if (role.ordinal() > Role.UNPROMOTED.ordinal()) {
        b.append(' ').append(role);
      }
    } else {
      b.append(' ').append(role);
    }
    if (node != null) {
      b.append(' ').append(node.name);
    }
    Map<String, Boolean> flags = new LinkedHashMap<>();
    if (node != null && !node.online && node.unclean) {
      flags.put("UNCLEAN", true);
    }
    if (p.targetRole == Role.STOPPED) {
      flags.put("disabled", true);
    } else if (p.targetRole == Role.UNPROMOTED && p.inPromotable()) {
      flags.put("target-role:Unpromoted", true);
    }
    if (p.blocked) {
      flags.put("blocked", true);
    } else if (p.maintenance) {
      flags.put("maintenance", true);
    } else if (!p.managed) {
      flags.put("unmanaged", true);
    }
    if (p.failureIgnored) {
      flags.put("failure ignored", true);
    }
    if (!flags.isEmpty()) {
      b.append(" (").append(String.join(", ", flags.keySet())).append(')');
    }
    if (p.runningOn.size() > 1) {
      b.append(" [");
      for (SchedNode n : p.runningOn) {
        b.append(' ').append(n.name);
      }
      b.append(" ]");
    }
    return b.toString();
  }
}
