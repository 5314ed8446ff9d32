package org.paceline.quorum;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.QuorumConfig;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;

/**
 * One {@link QuorumCalculator} per node of a nodelist, fed the ring views a real ring would give
 * each node: every member of a partition gets the same view, and ring ids only grow. Time stands
 * still until {@link #advance} moves it.
 */
final class SimulatedCluster {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final Map<Integer, QuorumCalculator> calculators = new TreeMap<>();
  private final Map<Integer, List<Integer>> lastMembers = new TreeMap<>();
  private long seq;
  private Instant now = START;

  SimulatedCluster(QuorumConfig config, List<ClusterNode> nodes) {
    for (ClusterNode n : nodes) {
      calculators.put(n.nodeId(), QuorumCalculator.of(config, nodes));
      lastMembers.put(n.nodeId(), List.of());
    }
  }

  /** Every node in one partition. */
  Map<Integer, QuorumState> all() {
    return partition(List.copyOf(calculators.keySet()));
  }

  /**
   * The given nodes form one ring (nodes not named stay as they are).
   *
   * @return the new state of each member
   */
  Map<Integer, QuorumState> view(Integer... members) {
    return partition(Arrays.asList(members));
  }

  /**
   * Each list forms its own ring, as after a network split; nodes in no list stay as they are (they
   * are down, or their view did not change).
   *
   * @return the new state of every node named
   */
  @SafeVarargs
  final Map<Integer, QuorumState> partition(List<Integer>... partitions) {
    Map<Integer, QuorumState> states = new TreeMap<>();
    for (List<Integer> partition : partitions) {
      List<Integer> members = List.copyOf(new TreeSet<>(partition));
      seq++;
      RingId ringId = new RingId(seq, Collections.min(members));
      for (int id : members) {
        RingView view = viewFor(id, ringId, members);
        states.put(id, calculator(id).onView(view, now));
        lastMembers.put(id, members);
      }
    }
    return states;
  }

  /** Moves time forward by {@code d}. */
  SimulatedCluster advance(Duration d) {
    now = now.plus(d);
    return this;
  }

  /** Ticks every node at the current time; returns the states that changed. */
  Map<Integer, QuorumState> tick() {
    Map<Integer, QuorumState> changed = new TreeMap<>();
    calculators.forEach((id, c) -> c.tick(now).ifPresent(s -> changed.put(id, s)));
    return changed;
  }

  /** Ticks one node at the current time. */
  Optional<QuorumState> tick(int nodeId) {
    return calculator(nodeId).tick(now);
  }

  QuorumState state(int nodeId) {
    return calculator(nodeId).current();
  }

  QuorumCalculator calculator(int nodeId) {
    QuorumCalculator c = calculators.get(nodeId);
    if (c == null) {
      throw new IllegalArgumentException("node " + nodeId + " is not in the nodelist");
    }
    return c;
  }

  Instant now() {
    return now;
  }

  private RingView viewFor(int nodeId, RingId ringId, List<Integer> members) {
    List<Integer> before = lastMembers.get(nodeId);
    List<Integer> joined = new ArrayList<>(members);
    joined.removeAll(before);
    List<Integer> left = new ArrayList<>(before);
    left.removeAll(members);
    return new RingView(ringId, members, joined, left);
  }
}
