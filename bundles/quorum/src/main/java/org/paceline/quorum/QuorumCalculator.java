package org.paceline.quorum;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.QuorumConfig;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;

/**
 * Computes votequorum's answer for one node: fed this node's ring views in order, it returns the
 * {@link QuorumState} of each. Plain and single-threaded: it keeps no clock and starts no timer;
 * the caller passes the time with each view and calls {@link #tick} so that {@code
 * last_man_standing} can act once its window has passed.
 *
 * <p>The rules, in the order they are applied to a view:
 *
 * <ol>
 *   <li>The votes present are the sum of the members' {@code quorum_votes} (a node missing from the
 *       nodelist has none). If they exceed the expected votes in force, the expected votes rise to
 *       them.
 *   <li>Quorum is {@code floor(expected / 2) + 1}, or 1 with {@code two_node} while at most two
 *       nodes are present.
 *   <li>With {@code wait_for_all}, a node that is not quorate (since it started, or since it lost
 *       quorum) stays so until all the expected votes are present in one view.
 *   <li>The partition is quorate when its votes reach quorum.
 *   <li>With {@code auto_tie_breaker}, a partition holding exactly {@code floor(expected / 2)}
 *       votes, whose departed nodes hold fewer votes than quorum (so the other half cannot be
 *       quorate by votes), is quorate if the {@link TieBreaker} picks it.
 *   <li>With {@code last_man_standing}, a quorate view that lost nodes arms a window; any later
 *       view restarts it. When {@link #tick} finds the window over and the partition still quorate,
 *       the expected votes drop to the votes present. Without a tie-breaker this stops at two nodes
 *       (one node of two is not quorate); with one it can reach a single node.
 * </ol>
 *
 * <p>Without a quorum provider every view is quorate.
 */
public final class QuorumCalculator {

  private static final RingId NO_RING = new RingId(0, 0);

  private final QuorumRules rules;
  private int expectedVotes;
  private boolean waitingForAll;
  private Set<Integer> previousMembers = Set.of();
  private Set<Integer> lastQuorateMembers = Set.of();
  private RingId lastRingId;
  private Instant lastManStandingDeadline;
  private QuorumState current;

  public QuorumCalculator(QuorumRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.expectedVotes = rules.expectedVotes();
    this.waitingForAll = rules.waitForAll();
    this.current =
        new QuorumState(
            NO_RING,
            !rules.enabled(),
            List.of(),
            0,
            expectedVotes,
            quorum(Set.of()),
            rules.enabled() ? "no ring view yet" : "no quorum provider: always quorate");
  }

  /**
   * A calculator for corosync.conf's quorum section and nodelist.
   *
   * @throws IllegalArgumentException if votequorum would refuse this configuration
   */
  public static QuorumCalculator of(QuorumConfig config, List<ClusterNode> nodes) {
    return new QuorumCalculator(QuorumRules.from(config, nodes));
  }

  /** The rules in force. */
  public QuorumRules rules() {
    return rules;
  }

  /** The state for the last view (or the last {@link #tick} that changed it). */
  public QuorumState current() {
    return current;
  }

  /** When the pending {@code last_man_standing} window ends, if one is pending. */
  public Optional<Instant> lastManStandingDeadline() {
    return Optional.ofNullable(lastManStandingDeadline);
  }

  /**
   * Whether {@code view} is newer than the last view applied (older or repeated ones are no-ops).
   */
  public boolean isNew(RingView view) {
    return lastRingId == null || view.ringId().compareTo(lastRingId) > 0;
  }

  /**
   * Applies the next ring view.
   *
   * @param view this node's new ring view
   * @param now the time the view arrived, for {@code last_man_standing}'s window
   * @return the state for {@code view}; the current state unchanged if {@code view} is not {@link
   *     #isNew new}
   */
  public QuorumState onView(RingView view, Instant now) {
    Objects.requireNonNull(now, "now");
    if (!isNew(view)) {
      return current;
    }
    Set<Integer> members = Collections.unmodifiableSet(new TreeSet<>(view.members()));
    Set<Integer> left = new TreeSet<>(previousMembers);
    left.removeAll(members);
    int votes = rules.votesOf(members);

    if (!rules.enabled()) {
      current = state(view.ringId(), true, members, votes, "no quorum provider: always quorate");
    } else {
      if (votes > expectedVotes) {
        expectedVotes = votes;
      }
      current = evaluate(view.ringId(), members, votes, left);
      Optional<Duration> window = rules.lastManStandingWindow();
      if (window.isPresent()
          && (lastManStandingDeadline != null || (current.quorate() && !left.isEmpty()))) {
        lastManStandingDeadline = now.plus(window.get());
      }
    }
    previousMembers = members;
    lastRingId = view.ringId();
    return current;
  }

  /**
   * Lets {@code last_man_standing} act: if its window has ended by {@code now} and the partition is
   * still quorate, the expected votes drop to the votes present.
   *
   * @return the new state if the expected votes changed
   */
  public Optional<QuorumState> tick(Instant now) {
    if (lastManStandingDeadline == null || now.isBefore(lastManStandingDeadline)) {
      return Optional.empty();
    }
    lastManStandingDeadline = null;
    int votes = current.votes();
    if (!current.quorate() || votes == 0 || votes >= expectedVotes) {
      return Optional.empty();
    }
    expectedVotes = votes;
    current = evaluate(current.ringId(), new TreeSet<>(current.members()), votes, Set.of());
    return Optional.of(current);
  }

  private QuorumState evaluate(RingId ringId, Set<Integer> members, int votes, Set<Integer> left) {
    int quorum = quorum(members);
    if (waitingForAll) {
      if (votes < expectedVotes) {
        return state(
            ringId,
            false,
            members,
            votes,
            "waiting for all nodes (wait_for_all): " + tally(members, votes));
      }
      waitingForAll = false;
    }
    boolean quorate = votes >= quorum;
    String tieBreak = "";
    if (quorate) {
      lastQuorateMembers = members;
    } else if (rules.tieBreaker().isPresent()
        && votes > 0
        && votes == expectedVotes / 2
        && rules.votesOf(left) < quorum) {
      TieBreaker.Verdict verdict =
          rules.tieBreaker().get().decide(members, previousMembers, lastQuorateMembers);
      quorate = verdict.wins();
      tieBreak = "; " + verdict.reason();
    }
    if (rules.waitForAll() && !quorate) {
      waitingForAll = true;
    }
    return state(ringId, quorate, members, votes, tally(members, votes) + tieBreak);
  }

  private int quorum(Set<Integer> members) {
    return rules.twoNode() && members.size() <= 2 ? 1 : expectedVotes / 2 + 1;
  }

  private QuorumState state(
      RingId ringId, boolean quorate, Set<Integer> members, int votes, String reason) {
    return new QuorumState(
        ringId, quorate, List.copyOf(members), votes, expectedVotes, quorum(members), reason);
  }

  /** "2 of 3 votes, quorum 2", with what changed the numbers from the plain rule. */
  private String tally(Set<Integer> members, int votes) {
    StringBuilder s =
        new StringBuilder()
            .append(votes)
            .append(" of ")
            .append(expectedVotes)
            .append(" votes, quorum ")
            .append(quorum(members));
    if (rules.twoNode() && members.size() <= 2) {
      s.append(" (two_node)");
    }
    if (expectedVotes < rules.expectedVotes()) {
      s.append(" (expected votes lowered from ")
          .append(rules.expectedVotes())
          .append(" by last_man_standing)");
    } else if (expectedVotes > rules.expectedVotes()) {
      s.append(" (expected votes raised from ")
          .append(rules.expectedVotes())
          .append(": more votes present)");
    }
    return s.toString();
  }
}
