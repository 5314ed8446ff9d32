package org.paceline.scheduler.internal;

import java.util.Map;

/**
 * A cluster node as one scheduler run sees it: identity, attributes and the state derived from its
 * status entry. Mutable only while the run builds it; owned by one {@link Cluster}.
 */
public final class SchedNode {

  final int index;
  final String name;
  final String id;
  final Map<String, String> attributes;

  boolean online;
  boolean unclean;
  boolean unseen = true;
  boolean standby;
  boolean standbyOnFail;
  boolean pending;
  boolean shutdown;
  boolean maintenance;
  boolean expectedUp;
  boolean remote;

  /** Whether this node's resource history was read. */
  boolean historyRead;

  /** Why the node must be fenced, or null. */
  String fenceReason;

  /** Pacemaker's per-node resource count: active resources plus those assigned in this run. */
  int numResources;

  /** Utilization capacity and what this run's assignments use, per attribute (or null). */
  int[] capacity;

  int[] used;

  /** Primitives active here according to the history. */
  int runningPrimitives;

  SchedNode(int index, String name, String id, Map<String, String> attributes) {
    this.index = index;
    this.name = name;
    this.id = id;
    this.attributes = attributes;
  }

  /** The node's name. */
  public String name() {
    return name;
  }

  /**
   * Whether resources may run here now: online, clean, not standby, shutting down or in
   * maintenance.
   */
  boolean canRunResources() {
    return online && !shutdown && !unclean && !standby && !maintenance;
  }

  String attribute(String name) {
    return attributes.get(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
