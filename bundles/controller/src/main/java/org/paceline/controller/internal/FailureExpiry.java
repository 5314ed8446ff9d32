package org.paceline.controller.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.PacemakerDurations;

/**
 * When the next recorded failure expires under its resource's {@code failure-timeout}: the DC
 * reruns the scheduler then, so an expired fail count stops counting without waiting for the
 * cluster-recheck-interval.
 */
final class FailureExpiry {

  private static final String LAST_FAILURE = "last-failure-";

  private FailureExpiry() {}

  /** The earliest expiry after {@code now} (plus one second of slack), or null if none. */
  static Instant next(Cib cib, Instant now) {
    Instant best = null;
    for (NodeStatus ns : cib.status().nodes()) {
      for (Map.Entry<String, String> e : ns.transientAttributes().entrySet()) {
        if (!e.getKey().startsWith(LAST_FAILURE)) {
          continue;
        }
        int hash = e.getKey().indexOf('#', LAST_FAILURE.length());
        if (hash < 0) {
          continue;
        }
        String primitive =
            NodeStatus.primitiveOf(e.getKey().substring(LAST_FAILURE.length(), hash));
        Duration timeout = failureTimeout(cib, primitive);
        if (timeout == null) {
          continue;
        }
        long last;
        try {
          last = Long.parseLong(e.getValue().trim());
        } catch (NumberFormatException ex) {
          continue;
        }
        Instant at = Instant.ofEpochSecond(last).plus(timeout).plusSeconds(1);
        if (at.isAfter(now) && (best == null || at.isBefore(best))) {
          best = at;
        }
      }
    }
    return best;
  }

  private static Duration failureTimeout(Cib cib, String primitive) {
    if (cib.configuration().resource(primitive).isEmpty()) {
      return null;
    }
    String v = cib.configuration().effectiveMeta(primitive).get("failure-timeout");
    if (v == null) {
      return null;
    }
    try {
      Duration d = PacemakerDurations.parse(v, "failure-timeout");
      return d.isZero() || d.isNegative() ? null : d;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
