package org.paceline.scheduler.internal;

import org.paceline.cib.model.LocationConstraint;
import org.paceline.cib.model.Role;

/**
 * A location constraint resolved for one resource: the score for each node it names (by node index,
 * {@link Scores#MISSING} for a node it does not name), an optional role filter and the discovery
 * mode.
 */
final class LocationEntry {
  final String id;
  final SchedResource resource;
  final Role role;
  final LocationConstraint.Discovery discovery;
  final int[] scores;

  LocationEntry(
      String id,
      SchedResource resource,
      Role role,
      LocationConstraint.Discovery discovery,
      int[] scores) {
    this.id = id;
    this.resource = resource;
    this.role = role;
    this.discovery = discovery;
    this.scores = scores;
  }
}
