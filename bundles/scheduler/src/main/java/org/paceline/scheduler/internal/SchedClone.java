package org.paceline.scheduler.internal;

import org.paceline.cib.model.Resource;

/** A clone (promotable or not) with its instances, in one scheduler run. */
public final class SchedClone extends SchedResource {

  final Resource template;
  int maxTotal;
  int maxPerNode;
  int promotedMax;
  int promotedNodeMax;
  boolean promotable;
  boolean interleave;
  boolean orderedClone;
  boolean notifyEnabled;

  /** Number of configured (non-orphan) instances. */
  int configuredInstances;

  /** Instances assigned (or promoted) per node, while assigning. */
  int[] counts;

  boolean promotionScoresAdded;
  boolean promotionSorted;

  /** Instances in promotion order, once roles are set. */
  java.util.List<SchedResource> promotionOrder;

  SchedClone(String id, Resource template, int nodeCount) {
    super(id, Variant.CLONE, null, nodeCount);
    this.template = template;
    this.counts = new int[nodeCount];
  }

  /** The id of the cloned resource, as crm_mon prints it in brackets. */
  String childId() {
    return template.id();
  }
}
