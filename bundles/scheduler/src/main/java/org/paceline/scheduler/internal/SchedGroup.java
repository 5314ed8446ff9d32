package org.paceline.scheduler.internal;

/** A group (or a group instance inside a clone) in one scheduler run. */
public final class SchedGroup extends SchedResource {

  final String baseId;
  final int instance;
  boolean ordered = true;
  boolean colocated = true;

  SchedGroup(String id, String baseId, int instance, SchedResource parent, int nodeCount) {
    super(id, Variant.GROUP, parent, nodeCount);
    this.baseId = baseId;
    this.instance = instance;
  }

  SchedPrimitive first() {
    return children.isEmpty() ? null : (SchedPrimitive) children.get(0);
  }

  SchedPrimitive last() {
    return children.isEmpty() ? null : (SchedPrimitive) children.get(children.size() - 1);
  }
}
