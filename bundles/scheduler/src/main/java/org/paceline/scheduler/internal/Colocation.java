package org.paceline.scheduler.internal;

import org.paceline.cib.model.Role;

/**
 * A colocation between two resources in one run: {@code dependent} is placed relative to {@code
 * primary}. Internal colocations (group members) are not explicit.
 */
final class Colocation {
  final String id;
  final SchedResource dependent;
  final SchedResource primary;
  final int score;
  final Role dependentRole;
  final Role primaryRole;
  final String nodeAttribute;
  final boolean influence;
  final boolean explicit;

  Colocation(
      String id,
      SchedResource dependent,
      SchedResource primary,
      int score,
      Role dependentRole,
      Role primaryRole,
      String nodeAttribute,
      boolean influence,
      boolean explicit) {
    this.id = id;
    this.dependent = dependent;
    this.primary = primary;
    this.score = score;
    this.dependentRole = dependentRole;
    this.primaryRole = primaryRole;
    this.nodeAttribute = nodeAttribute;
    this.influence = influence;
    this.explicit = explicit;
  }

  boolean mandatory() {
    return score >= Scores.INF || score <= -Scores.INF;
  }

  @Override
  public String toString() {
    return id + "(" + dependent.id + " with " + primary.id + " " + score + ")";
  }
}
