package org.paceline.api.ring;

import java.util.List;
import java.util.Objects;

/**
 * An agreed membership of the ring, as every member of it reports it.
 *
 * @param ringId the ring's id
 * @param members node ids of the members, ascending
 * @param joined members that were not in this node's previous view
 * @param left members of this node's previous view that are not in this one
 */
public record RingView(
    RingId ringId, List<Integer> members, List<Integer> joined, List<Integer> left) {

  public RingView {
    Objects.requireNonNull(ringId, "ringId");
    members = List.copyOf(members);
    joined = List.copyOf(joined);
    left = List.copyOf(left);
  }

  /** Whether {@code nodeId} is a member. */
  public boolean contains(int nodeId) {
    return members.contains(nodeId);
  }
}
