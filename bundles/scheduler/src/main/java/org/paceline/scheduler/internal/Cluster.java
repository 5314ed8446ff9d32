package org.paceline.scheduler.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.model.ClusterOptions;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Status;

/**
 * The working set of one scheduler run (Pacemaker's "scheduler data"): options, nodes, resources,
 * constraints, actions and orderings. Each phase reads and extends it; nothing outlives the run.
 */
public final class Cluster {

  final Configuration config;
  final Status status;
  final Instant now;
  final boolean quorate;

  // options
  boolean fencingEnabled;
  boolean haveFencingDevice;
  boolean symmetric;
  ClusterOptions.NoQuorumPolicy noQuorumPolicy;
  boolean stopAll;
  boolean maintenanceMode;
  boolean startFailureIsFatal;
  boolean startupFencing;
  boolean stopOrphanResources;
  boolean stopOrphanActions;
  boolean startupProbes;
  ClusterOptions.PlacementStrategy placementStrategy;

  /** Utilization attribute names, when a placement strategy uses them (else null). */
  String[] utilizationNames;

  String fencingAction;

  SchedNode[] nodes;
  final Map<String, SchedNode> nodesByName = new HashMap<>();
  final Map<String, SchedNode> nodesById = new HashMap<>();

  /** Top-level resources, in processing order (priority, then configuration order). */
  final List<SchedResource> resources = new ArrayList<>();

  /** Every resource at every level by id (instances by instance id). */
  final Map<String, SchedResource> byId;

  /** Configured ids (primitive, group and clone ids) to their run-time resource. */
  final Map<String, SchedResource> byConfigId;

  final List<Colocation> colocations = new ArrayList<>();
  final List<LocationEntry> locations = new ArrayList<>();

  /** Whether any location constraint disables resource discovery somewhere. */
  boolean anyDiscoveryNever;

  final List<PendingOrdering> orderings = new ArrayList<>();

  final List<Action> actions = new ArrayList<>();

  /** Fence actions by node index. */
  Action[] fenceActions;

  /** The transition summary, once scheduled. */
  List<org.paceline.scheduler.Change> summary = List.of();

  /** Warnings about the input, for the caller to show. */
  final List<String> warnings = new ArrayList<>();

  Cluster(Configuration config, Status status, Instant now, boolean quorate) {
    this.config = config;
    this.status = status;
    this.now = now;
    this.quorate = quorate;
    int expected = Math.max(16, config.resources().size() * 2);
    this.byId = new HashMap<>(expected * 2);
    this.byConfigId = new HashMap<>(expected * 2);
  }

  private String[] nodeNames;

  /** The node names in node order (shared; do not change). */
  String[] nodeNames() {
    if (nodeNames == null) {
      nodeNames = new String[nodes.length];
      for (SchedNode n : nodes) {
        nodeNames[n.index] = n.name;
      }
    }
    return nodeNames;
  }

  int nodeCount() {
    return nodes.length;
  }

  SchedNode node(String name) {
    return nodesByName.get(name);
  }

  /**
   * Whether this partition can fence {@code node} (null: any node): fencing is enabled, a device is
   * configured, and the partition has quorum (or ignores its loss, or the node is in its
   * membership).
   */
  boolean canFence(SchedNode node) {
    if (!fencingEnabled || !haveFencingDevice) {
      return false;
    }
    if (quorate || noQuorumPolicy == ClusterOptions.NoQuorumPolicy.IGNORE) {
      return true;
    }
    return node != null && node.online;
  }

  /** Creates and records an action. */
  Action newAction(SchedResource rsc, String task, SchedNode node, long intervalMs, int flags) {
    Action a = new Action(actions.size(), rsc, task, node, intervalMs, flags);
    actions.add(a);
    if (rsc != null) {
      rsc.actions.add(a);
    }
    return a;
  }

  /** An ordering to resolve once all actions exist. */
  record PendingOrdering(
      SchedResource firstRsc,
      String firstTask,
      Action firstAction,
      SchedResource thenRsc,
      String thenTask,
      Action thenAction,
      int type) {}
}
