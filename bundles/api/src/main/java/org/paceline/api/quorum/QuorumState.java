package org.paceline.api.quorum;

import java.util.List;
import java.util.Objects;
import org.paceline.api.ring.RingId;

/**
 * Whether this node's partition has quorum, as votequorum computes it.
 *
 * @param ringId the ring view the state was computed for
 * @param quorate whether the partition has quorum
 * @param members node ids in the partition
 * @param votes the votes present in the partition
 * @param expectedVotes the expected votes in force (may have decreased with last_man_standing)
 * @param quorum the votes needed: {@code floor(expectedVotes / 2) + 1}, or 1 with two_node
 * @param reason a short explanation (e.g. "waiting for all nodes (wait_for_all)")
 */
public record QuorumState(
    RingId ringId,
    boolean quorate,
    List<Integer> members,
    int votes,
    int expectedVotes,
    int quorum,
    String reason) {

  public QuorumState {
    Objects.requireNonNull(ringId, "ringId");
    members = List.copyOf(members);
    reason = reason == null ? "" : reason;
  }
}
