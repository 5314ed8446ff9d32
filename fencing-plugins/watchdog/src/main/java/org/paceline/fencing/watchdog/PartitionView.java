package org.paceline.fencing.watchdog;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * This node's partition as the quorum service last reported it.
 *
 * @param quorate whether the partition has quorum
 * @param members the names of the nodes in the partition
 */
public record PartitionView(boolean quorate, Set<String> members) {

  public PartitionView {
    members = Set.copyOf(Objects.requireNonNull(members, "members"));
  }

  /** Whether {@code node} is in this partition. */
  public boolean contains(String node) {
    return members.contains(node);
  }

  @Override
  public String toString() {
    return (quorate ? "quorate" : "inquorate") + " partition " + new TreeSet<>(members);
  }
}
