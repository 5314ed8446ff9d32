package org.paceline.scheduler.internal;

import java.util.List;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.Primitive;

/** A primitive resource, a group member or a clone instance of a primitive, in one run. */
public final class SchedPrimitive extends SchedResource {

  /** What a resource needs before it may start ({@code requires}). */
  enum Requires {
    NOTHING,
    QUORUM,
    FENCING,
    UNFENCING
  }

  /** What to do when the resource is active on more than one node ({@code multiple-active}). */
  enum Recovery {
    STOP_START,
    STOP_ONLY,
    BLOCK,
    STOP_UNEXPECTED
  }

  final Primitive definition;
  final AgentId agent;
  final String agentText;

  /** The configured id, without an instance number. */
  final String baseId;

  /** The instance number inside a clone, or -1. */
  final int instance;

  Requires requires = Requires.FENCING;
  Recovery recovery = Recovery.STOP_START;
  int migrationThreshold = Scores.INF;
  long failureTimeoutMs;
  boolean fencingDevice;
  String pendingTask;
  SchedNode pendingNode;

  /** The history id this instance was matched with (e.g. {@code rsc:3}), for display. */
  String historyName;

  /** The history id this primitive is known as on each node (by node index), or null. */
  String[] historyNames;

  /** Nodes where a failure requires stopping the resource (recovery). */
  List<SchedNode> recoverOn;

  SchedPrimitive(
      String id,
      String baseId,
      int instance,
      Primitive definition,
      SchedResource parent,
      int nodeCount) {
    super(id, Variant.PRIMITIVE, parent, nodeCount);
    this.definition = definition;
    this.agent = definition.agent();
    this.agentText = agent.toString();
    this.baseId = baseId;
    this.instance = instance;
  }

  /**
   * Recurring operations active in the history, each packed as {@code nodeIndex << 40 |
   * intervalMs}; the first {@link #activeMonitorCount} entries are used.
   */
  long[] activeMonitors;

  /** What the resource uses of each utilization attribute (placement strategies), or null. */
  int[] need;

  int activeMonitorCount;

  static long monitorKey(SchedNode node, long intervalMs) {
    return ((long) node.index << 40) | (intervalMs & ((1L << 40) - 1));
  }

  void addActiveMonitor(SchedNode node, long intervalMs) {
    long key = monitorKey(node, intervalMs);
    if (activeMonitor(key)) {
      return;
    }
    if (activeMonitors == null) {
      activeMonitors = new long[2];
    } else if (activeMonitorCount == activeMonitors.length) {
      activeMonitors = java.util.Arrays.copyOf(activeMonitors, activeMonitorCount * 2);
    }
    activeMonitors[activeMonitorCount++] = key;
  }

  boolean activeMonitor(SchedNode node, long intervalMs) {
    return activeMonitor(monitorKey(node, intervalMs));
  }

  private boolean activeMonitor(long key) {
    for (int i = 0; i < activeMonitorCount; i++) {
      if (activeMonitors[i] == key) {
        return true;
      }
    }
    return false;
  }

  List<Operation> operations() {
    return definition.operations();
  }

  /** The agent as crm_mon prints it: {@code class:provider:type}. */
  String agentText() {
    return agentText;
  }
}
