package org.paceline.api.ring;

import java.util.List;
import java.util.Objects;

/**
 * The members of a process group: the nodes of the current ring view that have joined the group.
 *
 * @param group the group's name
 * @param ringId the ring view this group view belongs to
 * @param members node ids of the group's members, ascending
 * @param joined members new since the previous group view
 * @param left members gone since the previous group view (left the group or the ring)
 */
public record GroupView(
    String group, RingId ringId, List<Integer> members, List<Integer> joined, List<Integer> left) {

  public GroupView {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(ringId, "ringId");
    members = List.copyOf(members);
    joined = List.copyOf(joined);
    left = List.copyOf(left);
  }
}
