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
 * @param fromSameRing the members (this node included) that came to this ring from the same ring as
 *     this node, as the ring's formation recorded it (Totem's transitional membership): they
 *     delivered the same messages of that ring. Empty when not known (e.g. the first ring).
 */
public record RingView(
    RingId ringId,
    List<Integer> members,
    List<Integer> joined,
    List<Integer> left,
    List<Integer> fromSameRing) {

  public RingView {
    Objects.requireNonNull(ringId, "ringId");
    members = List.copyOf(members);
    joined = List.copyOf(joined);
    left = List.copyOf(left);
    fromSameRing = List.copyOf(fromSameRing);
  }

  /** A view whose members' previous rings are not known. */
  public RingView(RingId ringId, List<Integer> members, List<Integer> joined, List<Integer> left) {
    this(ringId, members, joined, left, List.of());
  }

  /**
   * Whether every member came from this node's previous ring: nodes only left, and the members
   * share what they delivered before.
   */
  public boolean onlyLeft() {
    return !members.isEmpty() && fromSameRing.containsAll(members);
  }

  /** Whether {@code nodeId} is a member. */
  public boolean contains(int nodeId) {
    return members.contains(nodeId);
  }
}
