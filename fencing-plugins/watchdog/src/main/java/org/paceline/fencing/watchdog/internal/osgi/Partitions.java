package org.paceline.fencing.watchdog.internal.osgi;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.quorum.QuorumState;
import org.paceline.fencing.watchdog.PartitionView;

/** Turns the quorum service's node ids into the node names fencing speaks. */
final class Partitions {

  private Partitions() {}

  /** The partition of {@code state}, members named from {@code nodes} ({@code #ID} if unknown). */
  static PartitionView view(List<ClusterNode> nodes, QuorumState state) {
    Map<Integer, String> names = new HashMap<>();
    for (ClusterNode n : nodes) {
      names.put(n.nodeId(), n.name());
    }
    Set<String> members = new LinkedHashSet<>();
    for (int id : state.members()) {
      members.add(names.getOrDefault(id, "#" + id));
    }
    return new PartitionView(state.quorate(), members);
  }
}
