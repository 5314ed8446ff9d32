package org.paceline.scheduler.internal;

/**
 * Node-specific criteria applied before assignment: location constraints, resource stickiness on
 * the current node, bans where the fail count reached migration-threshold, and the internal
 * colocations that keep group members together.
 */
final class Placement {

  private Placement() {}

  static void apply(Cluster c) {
    for (LocationEntry e : c.locations) {
      applyLocation(c, e.resource, e);
    }
    for (SchedResource r : c.resources) {
      stickiness(c, r);
    }
    for (SchedNode n : c.nodes) {
      for (SchedResource r : c.resources) {
        threshold(c, r, n);
      }
    }
    for (SchedResource r : c.resources) {
      internalColocations(c, r);
    }
  }

  // ---------------------------------------------------------------- locations

  private static void applyLocation(Cluster c, SchedResource rsc, LocationEntry e) {
    if (rsc instanceof SchedGroup g) {
      applyScores(c, g, e, e.scores);
      boolean reset = g.colocated;
      int[] zero = null;
      for (SchedResource m : g.children) {
        if (zero == null) {
          applyLocation(c, m, e);
          if (reset) {
            zero = new int[e.scores.length];
            for (int i = 0; i < zero.length; i++) {
              zero[i] = e.scores[i] == Scores.MISSING ? Scores.MISSING : 0;
            }
          }
        } else {
          applyScores(c, m, e, zero);
        }
      }
      return;
    }
    applyScores(c, rsc, e, e.scores);
    if (rsc instanceof SchedClone) {
      for (SchedResource inst : rsc.children) {
        applyLocation(c, inst, e);
      }
    }
  }

  private static void applyScores(Cluster c, SchedResource rsc, LocationEntry e, int[] scores) {
    if (e.role != null && e.role != rsc.nextRole) {
      return;
    }
    for (SchedNode n : c.nodes) {
      int s = scores[n.index];
      if (s == Scores.MISSING) {
        continue;
      }
      rsc.addScore(n, s);
      if (s != 0) {
        rsc.note(n, s, "location constraint " + e.id);
      }
    }
  }

  // ---------------------------------------------------------------- stickiness

  private static void stickiness(Cluster c, SchedResource rsc) {
    if (!rsc.children.isEmpty()) {
      for (SchedResource ch : rsc.children) {
        stickiness(c, ch);
      }
      return;
    }
    if (!rsc.managed || rsc.stickiness < 1 || rsc.runningOn.size() != 1) {
      return;
    }
    SchedNode node = rsc.runningOn.get(0);
    if (!c.symmetric && !rsc.isAllowed(node)) {
      return;
    }
    rsc.addScore(node, rsc.stickiness);
    rsc.note(node, rsc.stickiness, "resource-stickiness (running there)");
  }

  // ---------------------------------------------------------------- failures

  private static void threshold(Cluster c, SchedResource rsc, SchedNode node) {
    if (!rsc.children.isEmpty()) {
      for (SchedResource ch : rsc.children) {
        threshold(c, ch, node);
      }
      return;
    }
    SchedPrimitive p = (SchedPrimitive) rsc;
    if (p.migrationThreshold == 0 || p.failureIgnored) {
      return;
    }
    int failures = FailCounts.count(c, p, node, true);
    if (failures <= 0) {
      return;
    }
    SchedResource ban = p.unique ? p : p.top();
    if (p.migrationThreshold - failures <= 0) {
      banTree(ban, node);
      ban.note(
          node,
          -Scores.INF,
          p.id
              + " failed "
              + Scores.text(failures)
              + " time(s) there, reaching migration-threshold "
              + Scores.text(p.migrationThreshold));
    }
  }

  private static void banTree(SchedResource r, SchedNode node) {
    r.addScore(node, -Scores.INF);
    for (SchedResource ch : r.children) {
      banTree(ch, node);
    }
  }

  // ---------------------------------------------------------------- group colocations

  private static void internalColocations(Cluster c, SchedResource r) {
    if (r instanceof SchedGroup g && g.colocated) {
      SchedResource prev = null;
      for (SchedResource m : g.children) {
        if (prev != null) {
          Colocation col =
              new Colocation(
                  "group:internal_colocation",
                  m,
                  prev,
                  Scores.INF,
                  null,
                  null,
                  null,
                  m.critical,
                  false);
          ConstraintUnpacker.attach(c, col);
        }
        prev = m;
      }
    }
    for (SchedResource ch : r.children) {
      internalColocations(c, ch);
    }
  }
}
