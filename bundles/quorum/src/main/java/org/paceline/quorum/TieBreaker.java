package org.paceline.quorum;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * votequorum's {@code auto_tie_breaker_node}: which half of an even split keeps quorum.
 *
 * <p>{@link Lowest} and {@link Highest} name a node of the last membership in which this partition
 * was quorate by its own votes: both halves of a split were in that membership, so they agree on
 * the node. {@link InOrder} walks a configured list and takes the first listed node present here,
 * unless a node listed before it was in the previous view: that node may be alive in the other
 * half, which then wins.
 */
public sealed interface TieBreaker {

  /**
   * Whether the partition {@code members} wins a tie.
   *
   * @param members the members of the partition now
   * @param previousMembers the members of this node's previous view
   * @param lastQuorateMembers the members of the last view that was quorate by votes, empty if none
   *     was
   */
  Verdict decide(
      Set<Integer> members, Set<Integer> previousMembers, Set<Integer> lastQuorateMembers);

  /**
   * A tie-breaker's decision.
   *
   * @param wins whether this partition keeps quorum
   * @param reason a short explanation for the quorum state's reason
   */
  record Verdict(boolean wins, String reason) {}

  /** The lowest node id of the last quorate membership wins ({@code lowest}, the default). */
  record Lowest() implements TieBreaker {
    @Override
    public Verdict decide(
        Set<Integer> members, Set<Integer> previousMembers, Set<Integer> lastQuorateMembers) {
      if (lastQuorateMembers.isEmpty()) {
        return new Verdict(false, "auto_tie_breaker: no quorate membership seen yet");
      }
      return byNode("lowest", Collections.min(lastQuorateMembers), members);
    }

    @Override
    public String toString() {
      return "lowest";
    }
  }

  /** The highest node id of the last quorate membership wins ({@code highest}). */
  record Highest() implements TieBreaker {
    @Override
    public Verdict decide(
        Set<Integer> members, Set<Integer> previousMembers, Set<Integer> lastQuorateMembers) {
      if (lastQuorateMembers.isEmpty()) {
        return new Verdict(false, "auto_tie_breaker: no quorate membership seen yet");
      }
      return byNode("highest", Collections.max(lastQuorateMembers), members);
    }

    @Override
    public String toString() {
      return "highest";
    }
  }

  /**
   * The first listed node present wins, unless an earlier listed node was in the previous view (a
   * list of node ids).
   *
   * @param nodeIds the listed node ids, in order of preference
   */
  record InOrder(List<Integer> nodeIds) implements TieBreaker {
    public InOrder {
      nodeIds = List.copyOf(nodeIds);
      if (nodeIds.isEmpty()) {
        throw new IllegalArgumentException("auto_tie_breaker_node: the list of node ids is empty");
      }
    }

    @Override
    public Verdict decide(
        Set<Integer> members, Set<Integer> previousMembers, Set<Integer> lastQuorateMembers) {
      for (int i = 0; i < nodeIds.size(); i++) {
        int candidate = nodeIds.get(i);
        if (!members.contains(candidate)) {
          continue;
        }
        for (int earlier : nodeIds.subList(0, i)) {
          if (previousMembers.contains(earlier)) {
            return new Verdict(
                false,
                "auto_tie_breaker: listed node "
                    + earlier
                    + " was in the previous view and may be in the other half");
          }
        }
        return new Verdict(
            true, "tie broken by auto_tie_breaker: listed node " + candidate + " is here");
      }
      return new Verdict(false, "auto_tie_breaker: no listed node is here");
    }

    @Override
    public String toString() {
      return "list " + nodeIds.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }
  }

  /**
   * Parses {@code auto_tie_breaker_node}: {@code lowest}, {@code highest}, or a list of node ids
   * given in {@code nodeIds} (the value is then {@code list}) or as the space-separated value
   * itself.
   *
   * @throws IllegalArgumentException if the value is none of these
   */
  static TieBreaker parse(String value, List<Integer> nodeIds) {
    String v = value.trim();
    if (v.equals("lowest")) {
      return new Lowest();
    }
    if (v.equals("highest")) {
      return new Highest();
    }
    if (!nodeIds.isEmpty()) {
      return new InOrder(nodeIds);
    }
    List<Integer> ids = new ArrayList<>();
    for (String part : v.split("\\s+")) {
      try {
        ids.add(Integer.parseInt(part));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "auto_tie_breaker_node: '" + value + "' is not lowest, highest or a list of node ids",
            e);
      }
    }
    return new InOrder(ids);
  }

  private static Verdict byNode(String which, int node, Set<Integer> members) {
    return members.contains(node)
        ? new Verdict(
            true, "tie broken by auto_tie_breaker: " + which + " node " + node + " is here")
        : new Verdict(false, "auto_tie_breaker: " + which + " node " + node + " is not here");
  }
}
