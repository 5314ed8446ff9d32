package org.paceline.cib.replica;

import java.util.List;
import java.util.Objects;
import org.paceline.api.ring.RingId;
import org.paceline.cib.model.Versions;
import org.paceline.cib.service.CibChange;

/** What replicas send each other through the "cib" group. */
sealed interface ReplicaMessage {

  /** A proposed change; {@code origin}+{@code request} let the proposer find its answer. */
  record Change(int origin, long request, CibChange change) implements ReplicaMessage {
    public Change {
      Objects.requireNonNull(change, "change");
    }
  }

  /**
   * A replica's standing at the start of a sync round: its version and digest as of the group view
   * change that opened the round.
   */
  record Offer(RoundKey round, Versions versions, byte[] digest) implements ReplicaMessage {
    public Offer {
      Objects.requireNonNull(round, "round");
      Objects.requireNonNull(versions, "versions");
      digest = digest.clone();
    }
  }

  /** One piece of the winning replica's compressed CIB, sent when some member differs. */
  record SnapshotChunk(RoundKey round, int index, int count, byte[] data)
      implements ReplicaMessage {
    public SnapshotChunk {
      Objects.requireNonNull(round, "round");
      if (count < 1 || index < 0 || index >= count) {
        throw new IllegalArgumentException("chunk " + index + " of " + count);
      }
    }
  }

  /** Identifies a sync round: the group view that opened it. */
  record RoundKey(RingId ring, List<Integer> members) {
    public RoundKey {
      Objects.requireNonNull(ring, "ring");
      members = List.copyOf(members);
    }
  }
}
