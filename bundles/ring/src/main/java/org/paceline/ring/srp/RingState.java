package org.paceline.ring.srp;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.paceline.api.ring.RingId;

/**
 * One ring's ordered-message state on this node: the messages received (kept until every member has
 * them), how far they are contiguous ({@code aru}), and how far they were delivered.
 */
final class RingState {

  final RingId id;
  final int[] members;
  final Map<Long, Wire.Mcast> buf = new HashMap<>();
  long aru;
  long highSeq;
  long delivered;
  long discardedUpTo;
  long lastTokenSeq;
  long previousTokenAru = -1;

  RingState(RingId id, int[] members) {
    this.id = id;
    this.members = members.clone();
    Arrays.sort(this.members);
  }

  boolean isMember(int node) {
    return Arrays.binarySearch(members, node) >= 0;
  }

  /** The member after {@code node} in ring order (wrapping). */
  int next(int node) {
    int i = Arrays.binarySearch(members, node);
    return members[(i + 1) % members.length];
  }

  /**
   * Stores an mcast if it is new.
   *
   * @return whether it was new
   */
  boolean store(Wire.Mcast m) {
    if (m.seq() <= aru || m.seq() <= discardedUpTo || buf.containsKey(m.seq())) {
      return false;
    }
    buf.put(m.seq(), m);
    if (m.seq() > highSeq) {
      highSeq = m.seq();
    }
    while (buf.containsKey(aru + 1)) {
      aru++;
    }
    return true;
  }

  /** Drops messages every member has and this node delivered. */
  void discardUpTo(long safe) {
    long limit = Math.min(safe, delivered);
    while (discardedUpTo < limit) {
      discardedUpTo++;
      buf.remove(discardedUpTo);
    }
  }
}
