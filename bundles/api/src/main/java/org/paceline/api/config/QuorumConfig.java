package org.paceline.api.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Votequorum settings from corosync.conf's {@code quorum} section.
 *
 * @param provider {@code provider} ({@code corosync_votequorum}), or empty for no quorum
 * @param expectedVotes {@code expected_votes}; 0 means the sum of the nodelist's votes
 * @param twoNode {@code two_node}
 * @param waitForAll {@code wait_for_all} (defaults to {@code two_node})
 * @param lastManStanding {@code last_man_standing}
 * @param lastManStandingWindow {@code last_man_standing_window}
 * @param autoTieBreaker {@code auto_tie_breaker}
 * @param autoTieBreakerNode {@code auto_tie_breaker_node}: {@code lowest}, {@code highest} or a
 *     list of node ids
 * @param autoTieBreakerNodeIds the node ids when {@code autoTieBreakerNode} is a list
 */
public record QuorumConfig(
    String provider,
    int expectedVotes,
    boolean twoNode,
    boolean waitForAll,
    boolean lastManStanding,
    Duration lastManStandingWindow,
    boolean autoTieBreaker,
    String autoTieBreakerNode,
    List<Integer> autoTieBreakerNodeIds) {

  public QuorumConfig {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(lastManStandingWindow, "lastManStandingWindow");
    Objects.requireNonNull(autoTieBreakerNode, "autoTieBreakerNode");
    autoTieBreakerNodeIds = List.copyOf(autoTieBreakerNodeIds);
  }
}
