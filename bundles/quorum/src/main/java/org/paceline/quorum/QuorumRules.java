package org.paceline.quorum;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.QuorumConfig;

/**
 * The votequorum rules in force, resolved once from corosync.conf's {@code quorum} section and
 * nodelist: which options really apply after votequorum's own compatibility rules, and each node's
 * votes.
 *
 * <p>Use {@link #from} to build one; it applies these adjustments, each recorded in {@link
 * #notes()} so the caller can log them:
 *
 * <ul>
 *   <li>{@code two_node} and {@code auto_tie_breaker} exclude each other: the tie-breaker wins and
 *       {@code two_node} is off.
 *   <li>{@code auto_tie_breaker} in a cluster with an odd number of votes needs {@code
 *       wait_for_all}; without it the tie-breaker is off, and with {@code last_man_standing} as
 *       well the configuration is refused.
 *   <li>{@code last_man_standing} needs every node to have one vote at most; otherwise it is off.
 * </ul>
 *
 * @param enabled whether a quorum provider is configured; without one every partition is quorate
 * @param expectedVotes the expected votes at start: {@code expected_votes}, or the sum of the
 *     nodelist's votes when that is 0
 * @param votes each nodelist node's votes ({@code quorum_votes}), by node id
 * @param twoNode whether {@code two_node} applies (quorum 1 while at most two nodes are present)
 * @param waitForAll whether {@code wait_for_all} applies
 * @param lastManStandingWindow the {@code last_man_standing_window} when last man standing applies
 * @param tieBreaker the {@code auto_tie_breaker} rule when it applies
 * @param notes what was adjusted from the configuration, and why
 */
public record QuorumRules(
    boolean enabled,
    int expectedVotes,
    Map<Integer, Integer> votes,
    boolean twoNode,
    boolean waitForAll,
    Optional<Duration> lastManStandingWindow,
    Optional<TieBreaker> tieBreaker,
    List<String> notes) {

  /** The {@code provider} value that turns votequorum on. */
  public static final String VOTEQUORUM = "corosync_votequorum";

  public QuorumRules {
    votes = Map.copyOf(votes);
    Objects.requireNonNull(lastManStandingWindow, "lastManStandingWindow");
    Objects.requireNonNull(tieBreaker, "tieBreaker");
    notes = List.copyOf(notes);
    if (expectedVotes < 0) {
      throw new IllegalArgumentException("expected votes cannot be negative: " + expectedVotes);
    }
  }

  /**
   * Resolves the rules in force for {@code config} and {@code nodes}.
   *
   * @throws IllegalArgumentException if votequorum would refuse to start with this configuration,
   *     or the provider is unknown
   */
  public static QuorumRules from(QuorumConfig config, List<ClusterNode> nodes) {
    Map<Integer, Integer> votes = new LinkedHashMap<>();
    int nodelistVotes = 0;
    boolean allSingleVotes = true;
    for (ClusterNode n : nodes) {
      if (n.votes() < 0) {
        throw new IllegalArgumentException(
            "nodelist node " + n.nodeId() + ": quorum_votes cannot be negative: " + n.votes());
      }
      if (votes.put(n.nodeId(), n.votes()) != null) {
        throw new IllegalArgumentException("nodelist: nodeid " + n.nodeId() + " appears twice");
      }
      nodelistVotes += n.votes();
      allSingleVotes &= n.votes() <= 1;
    }
    int expected = config.expectedVotes() > 0 ? config.expectedVotes() : nodelistVotes;

    if (config.provider().isEmpty()) {
      return new QuorumRules(
          false, expected, votes, false, false, Optional.empty(), Optional.empty(), List.of());
    }
    if (!config.provider().equals(VOTEQUORUM)) {
      throw new IllegalArgumentException(
          "quorum.provider: '" + config.provider() + "' is not " + VOTEQUORUM + " or empty");
    }

    List<String> notes = new ArrayList<>();
    Optional<TieBreaker> tieBreaker =
        config.autoTieBreaker()
            ? Optional.of(
                TieBreaker.parse(config.autoTieBreakerNode(), config.autoTieBreakerNodeIds()))
            : Optional.empty();
    boolean twoNode = config.twoNode();
    if (twoNode && tieBreaker.isPresent()) {
      twoNode = false;
      notes.add("two_node is off: auto_tie_breaker decides ties instead");
    }
    if (tieBreaker.isPresent() && nodelistVotes % 2 == 1 && !config.waitForAll()) {
      if (config.lastManStanding()) {
        throw new IllegalArgumentException(
            "quorum: auto_tie_breaker and last_man_standing in a cluster with an odd number of"
                + " votes ("
                + nodelistVotes
                + ") need wait_for_all: 1");
      }
      tieBreaker = Optional.empty();
      notes.add(
          "auto_tie_breaker is off: a cluster with an odd number of votes ("
              + nodelistVotes
              + ") needs wait_for_all with it");
    }
    Optional<Duration> lmsWindow = Optional.empty();
    if (config.lastManStanding()) {
      if (allSingleVotes) {
        lmsWindow = Optional.of(config.lastManStandingWindow());
      } else {
        notes.add("last_man_standing is off: it needs every node to have quorum_votes 1");
      }
    }
    return new QuorumRules(
        true, expected, votes, twoNode, config.waitForAll(), lmsWindow, tieBreaker, notes);
  }

  /**
   * The votes of {@code nodeId}: its {@code quorum_votes}, or 0 for a node missing from the
   * nodelist.
   */
  public int votesOf(int nodeId) {
    return votes.getOrDefault(nodeId, 0);
  }

  /** The sum of the votes of {@code members}. */
  public int votesOf(Iterable<Integer> members) {
    int sum = 0;
    for (int m : members) {
      sum += votesOf(m);
    }
    return sum;
  }
}
