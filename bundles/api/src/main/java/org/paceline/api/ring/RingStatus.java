package org.paceline.api.ring;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a node's ring looks like right now, for status pages and diagnostics.
 *
 * @param nodeId this node's id
 * @param state the protocol state: {@code GATHER}, {@code COMMIT}, {@code RECOVERY} or {@code
 *     OPERATIONAL}
 * @param view the last view delivered
 * @param counters event counters (packets dropped by reason, retransmissions, view changes, ...)
 * @param faults the fault injection in force (all zero in normal operation)
 */
public record RingStatus(
    int nodeId, String state, RingView view, Map<String, Long> counters, FaultSpec faults) {

  public RingStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(view, "view");
    counters = Map.copyOf(counters);
    Objects.requireNonNull(faults, "faults");
  }

  /**
   * Fault injection on a node's ring traffic (for tests and drills): probabilities apply to each
   * packet sent; cut links drop traffic to and from the listed nodes.
   *
   * @param drop probability of dropping a packet
   * @param duplicate probability of sending a packet twice
   * @param reorder probability of holding a packet back behind later ones
   * @param delayMillis extra delay for every packet, in milliseconds (0: none)
   * @param cut node ids whose links are cut
   */
  public record FaultSpec(
      double drop, double duplicate, double reorder, long delayMillis, Set<Integer> cut) {

    public FaultSpec {
      cut = Set.copyOf(cut);
      check("drop", drop);
      check("duplicate", duplicate);
      check("reorder", reorder);
      if (delayMillis < 0 || delayMillis > 60_000) {
        throw new IllegalArgumentException("delay must be 0..60000 ms, got " + delayMillis);
      }
    }

    private static void check(String name, double p) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException(name + " must be a probability 0..1, got " + p);
      }
    }

    /** No faults. */
    public static FaultSpec none() {
      return new FaultSpec(0, 0, 0, 0, Set.of());
    }
  }
}
