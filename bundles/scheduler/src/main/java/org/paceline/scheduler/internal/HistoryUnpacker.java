package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.model.ExecStatus;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.ResourceHistory;
import org.paceline.cib.model.Role;

/**
 * Phase "unpack", part 2: reads each node's operation history and derives where each resource is
 * active, in which role, whether it failed, and what the failure requires (recovery, blocking,
 * fencing the node, banning it from the node). Anonymous clone histories are matched to instances;
 * histories of resources no longer configured become orphans to stop.
 */
final class HistoryUnpacker {

  private static final int OCF_OK = OperationResults.OCF_OK;
  private static final int OCF_NOT_RUNNING = OperationResults.OCF_NOT_RUNNING;
  private static final int OCF_RUNNING_PROMOTED = OperationResults.OCF_RUNNING_PROMOTED;

  /** Pacemaker's call order: by call id (pending calls last), then by last-rc-change. */
  static final Comparator<OperationRecord> CALL_ORDER =
      Comparator.comparingLong((OperationRecord o) -> o.callId() < 0 ? Long.MAX_VALUE : o.callId())
          .thenComparingLong(OperationRecord::lastRcChange);

  private final Cluster c;
  private final ConfigUnpacker config;
  private final OperationResults results;

  private HistoryUnpacker(Cluster c) {
    this.c = c;
    this.config = ConfigUnpacker.forCluster(c);
    this.results = new OperationResults(c);
  }

  static void unpack(Cluster c) {
    new HistoryUnpacker(c).run();
  }

  private void run() {
    for (NodeStatus ns : c.status.nodes()) {
      SchedNode node = c.node(ns.node());
      if (node == null || node.historyRead) {
        continue;
      }
      if (!c.fencingEnabled && !node.online) {
        // Without fencing nothing can be done about an offline node's resources.
        continue;
      }
      node.historyRead = true;
      List<ResourceHistory> hs = ns.resources();
      for (int i = 0, n = hs.size(); i < n; i++) {
        resource(node, hs.get(i));
      }
    }
    for (SchedResource r : c.resources) {
      finish(r);
    }
  }

  private void finish(SchedResource r) {
    for (SchedResource ch : r.children) {
      finish(ch);
    }
    if (r instanceof SchedGroup g && !g.children.isEmpty()) {
      r.role = g.children.get(0).role;
    } else if (r instanceof SchedClone) {
      Role max = Role.STOPPED;
      for (SchedResource ch : r.children) {
        if (ch.role.ordinal() > max.ordinal()) {
          max = ch.role;
        }
      }
      r.role = max;
    }
    if (r.isPrimitive() && r.role == Role.STARTED && r.inPromotable()) {
      r.role = Role.UNPROMOTED;
    }
  }

  // ---------------------------------------------------------------- finding the resource

  private void resource(SchedNode node, ResourceHistory h) {
    List<OperationRecord> ops = h.operations();
    String id = h.resource();
    SchedPrimitive rsc = find(node, id);
    if (rsc == null) {
      if (ops.isEmpty()) {
        return;
      }
      rsc = orphan(id, h);
    }
    if (!id.equals(rsc.id) && !id.equals(rsc.historyName)) {
      rsc.historyName = id;
    }
    if (ops.size() == 1 && stoppedProbe(ops.get(0))) {
      // The common case: a probe found the resource stopped (same effect as the full path).
      rsc.nextRole = null;
      markKnown(rsc, node);
      if (rsc.historyName != null && rsc.historyName.indexOf(':') >= 0) {
        rsc.historyName = null;
      }
      if (rsc.targetRole != null) {
        rsc.nextRole = rsc.targetRole;
      }
      return;
    }
    // the instance takes over the name of a history it was matched with (not of a mere probe)
    if (rsc.historyNames == null) {
      rsc.historyNames = new String[c.nodes.length];
    }
    rsc.historyNames[node.index] = id;
    Role saved = rsc.role;
    OperationResults.Local local = new OperationResults.Local();
    // Pacemaker reads the entries in reverse document order, then sorts them stably.
    List<OperationRecord> sorted = ops.size() <= 1 ? ops : callOrder(ops);
    for (int i = 0, n = sorted.size(); i < n; i++) {
      results.apply(rsc, node, sorted.get(i), local);
    }
    recurring(rsc, node, sorted);
    state(rsc, node, local);
    if (rsc.targetRole != null
        && (rsc.nextRole == null || rsc.targetRole.ordinal() < rsc.nextRole.ordinal())) {
      rsc.nextRole = rsc.targetRole;
    }
    Role now = local.role == null ? Role.STOPPED : local.role;
    rsc.role = saved.ordinal() > now.ordinal() ? saved : now;
  }

  private static boolean stoppedProbe(OperationRecord op) {
    return op.intervalMs() == 0
        && op.rc() == OCF_NOT_RUNNING
        && (op.status() == ExecStatus.DONE || op.status() == ExecStatus.ERROR)
        && "monitor".equals(op.operation())
        && OperationResults.targetRc(op) == OCF_NOT_RUNNING;
  }

  private static void markKnown(SchedPrimitive rsc, SchedNode node) {
    for (SchedResource r = rsc; r != null; r = r.parent) {
      r.knownOn[node.index] = true;
      if (r.unique) {
        break;
      }
    }
  }

  /** The operations in call order; ties keep reverse document order, as Pacemaker reads them. */
  private static List<OperationRecord> callOrder(List<OperationRecord> ops) {
    int n = ops.size();
    OperationRecord[] a = new OperationRecord[n];
    for (int i = 0; i < n; i++) {
      a[i] = ops.get(n - 1 - i);
    }
    // insertion sort: stable and fast for the handful of entries a history has
    for (int i = 1; i < n; i++) {
      OperationRecord x = a[i];
      int j = i - 1;
      while (j >= 0 && CALL_ORDER.compare(a[j], x) > 0) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = x;
    }
    return java.util.Arrays.asList(a);
  }

  private SchedPrimitive orphan(String id, ResourceHistory h) {
    AgentId agent = h.agent() != null ? h.agent() : AgentId.ocf("pacemaker", "Dummy");
    SchedPrimitive p = config.addOrphan(id, new Primitive(id, agent));
    if (c.stopOrphanResources) {
      for (SchedNode n : c.nodes) {
        p.addScore(n, -Scores.INF);
      }
    } else {
      p.managed = false;
    }
    return p;
  }

  private SchedPrimitive find(SchedNode node, String id) {
    SchedResource exact = c.byId.get(id);
    SchedPrimitive rsc = null;
    if (exact == null) {
      SchedResource zero = c.byId.get(NodeStatus.primitiveOf(id) + ":0");
      if (zero instanceof SchedPrimitive z && !z.unique && z.owningClone() != null) {
        rsc = z;
      }
    } else if (exact instanceof SchedPrimitive p) {
      rsc = p;
    } else {
      return null;
    }
    if (rsc == null) {
      return null;
    }
    SchedClone clone = rsc.owningClone();
    if (clone != null && !clone.unique) {
      rsc = anonymous(node, clone, NodeStatus.primitiveOf(id));
    }
    return rsc;
  }

  private SchedPrimitive anonymous(SchedNode node, SchedClone clone, String base) {
    SchedPrimitive found = null;
    SchedPrimitive inactive = null;
    boolean skipInactive = false;
    for (SchedResource inst : clone.children) {
      if (found != null) {
        break;
      }
      SchedNode loc = location(inst);
      if (loc != null) {
        if (loc == node) {
          SchedPrimitive m = member(inst, base);
          if (m != null) {
            if (!m.runningOn.isEmpty()) {
              skipInactive = true;
            } else {
              found = m;
            }
          }
        }
      } else if (!skipInactive && inactive == null && !inst.blocked) {
        inactive = member(inst, base);
        if (inactive != null && inactive.pendingNode != null && inactive.pendingNode != node) {
          inactive = null;
        }
      }
    }
    if (found == null && !skipInactive && inactive != null) {
      found = inactive;
    }
    if (found != null
        && found.requires != SchedPrimitive.Requires.FENCING
        && found.requires != SchedPrimitive.Requires.UNFENCING
        && (!node.online || node.unclean)
        && clone.maxTotal < c.nodes.length) {
      found = null;
    }
    if (found == null) {
      SchedResource inst = config.addCloneInstance(clone);
      found = member(inst, base);
    }
    return found;
  }

  private static SchedNode location(SchedResource r) {
    if (!r.runningOn.isEmpty()) {
      return r.runningOn.get(0);
    }
    for (SchedResource ch : r.children) {
      SchedNode n = location(ch);
      if (n != null) {
        return n;
      }
    }
    return null;
  }

  private static SchedPrimitive member(SchedResource inst, String base) {
    if (inst instanceof SchedPrimitive p) {
      return p.baseId.equals(base) ? p : null;
    }
    for (SchedResource ch : inst.children) {
      if (ch instanceof SchedPrimitive p && p.baseId.equals(base)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Records the recurring operations active on the node: those recorded after the last start (and
   * not before a later stop), whatever their result, unless still pending.
   */
  private static void recurring(SchedPrimitive rsc, SchedNode node, List<OperationRecord> sorted) {
    if (!node.online) {
      return;
    }
    int[] idx = activeIndexes(sorted);
    int start = idx[0];
    int stop = idx[1];
    for (int i = 0; i < sorted.size(); i++) {
      if (start < stop && i <= stop) {
        continue;
      }
      if (i < start) {
        continue;
      }
      OperationRecord o = sorted.get(i);
      if (o.intervalMs() == 0 || o.status() == ExecStatus.PENDING) {
        continue;
      }
      rsc.addActiveMonitor(node, o.intervalMs());
    }
  }

  private static int[] activeIndexes(List<OperationRecord> ops) {
    int start = -1;
    int stop = -1;
    int impliedMonitor = -1;
    int impliedClone = -1;
    for (int i = 0; i < ops.size(); i++) {
      OperationRecord o = ops.get(i);
      String t = o.operation();
      if ("stop".equals(t) && o.status() == ExecStatus.DONE) {
        stop = i;
      } else if ("start".equals(t) || "migrate_from".equals(t)) {
        start = i;
      } else if (impliedMonitor <= stop && "monitor".equals(t)) {
        if (o.rc() == OCF_OK || o.rc() == OCF_RUNNING_PROMOTED) {
          impliedMonitor = i;
        }
      } else if ("promote".equals(t) || "demote".equals(t)) {
        impliedClone = i;
      }
    }
    if (start == -1) {
      if (impliedClone != -1) {
        start = impliedClone;
      } else if (impliedMonitor != -1) {
        start = impliedMonitor;
      }
    }
    return new int[] {start, stop};
  }

  // ---------------------------------------------------------------- the resulting state

  private void state(SchedPrimitive rsc, SchedNode node, OperationResults.Local local) {
    Role role = local.role;
    FailPolicy onFail = local.onFail;
    if (role != null) {
      markKnown(rsc, node);
    }
    boolean active = role != null && role != Role.STOPPED;
    if (active && !node.online && !node.maintenance && rsc.managed) {
      if (c.fencingEnabled) {
        ConfigUnpacker.fence(node, rsc.id + " is thought to be active there");
      }
    }
    FailPolicy saved = onFail;
    if (node.unclean) {
      onFail = FailPolicy.IGNORE;
    }
    switch (onFail) {
      case DEMOTE:
        rsc.failed = true;
        break;
      case FENCE:
        ConfigUnpacker.fence(node, rsc.id + " failed there");
        break;
      case STANDBY:
        node.standby = true;
        node.standbyOnFail = true;
        break;
      case BLOCK:
        rsc.managed = false;
        rsc.blocked = true;
        break;
      case MIGRATE:
        rsc.addScore(node, -Scores.INF);
        rsc.note(node, -Scores.INF, rsc.id + " failed there and may not run there");
        break;
      case STOP:
        rsc.nextRole = Role.STOPPED;
        break;
      case RECOVER:
        if (active) {
          rsc.failed = true;
          rsc.stopNeeded = true;
          recoverOn(rsc, node);
        }
        break;
      default:
        break;
    }
    if (!active && rsc.historyName != null && rsc.historyName.indexOf(':') >= 0) {
      // Old status sections name instances; a stopped one must not keep the name.
      rsc.historyName = null;
    }
    if (active && node.maintenance) {
      // Resources on a node in maintenance are left alone.
      rsc.managed = false;
      rsc.maintenance = true;
    }
    if (active) {
      addRunning(rsc, node, saved != FailPolicy.IGNORE);
      switch (onFail) {
        case IGNORE:
          break;
        case DEMOTE, BLOCK:
          rsc.failed = true;
          break;
        default:
          rsc.failed = true;
          rsc.stopNeeded = true;
          break;
      }
    }
  }

  /** Records that the resource must be stopped on the node for recovery. */
  private static void recoverOn(SchedPrimitive rsc, SchedNode node) {
    if (rsc.recoverOn == null) {
      rsc.recoverOn = new ArrayList<>(1);
    }
    if (!rsc.recoverOn.contains(node)) {
      rsc.recoverOn.add(node);
    }
  }

  /** Adds {@code node} to where the resource (and its parents) run. */
  private void addRunning(SchedPrimitive rsc, SchedNode node, boolean failed) {
    if (rsc.runningOn.contains(node)) {
      return;
    }
    rsc.runningOn.add(node);
    node.runningPrimitives++;
    if (rsc.runningOn.size() > 1) {
      switch (rsc.recovery) {
        case STOP_ONLY:
          for (SchedNode n : c.nodes) {
            rsc.allowed[n.index] = -Scores.INF;
          }
          rsc.note(
              null,
              -Scores.INF,
              rsc.id + " is active on several nodes (multiple-active=stop_only)");
          break;
        case BLOCK:
          rsc.managed = false;
          rsc.blocked = true;
          break;
        default:
          break;
      }
    }
    for (SchedResource p = rsc.parent; p != null; p = p.parent) {
      if (!p.runningOn.contains(node)) {
        p.runningOn.add(node);
      }
    }
  }
}
