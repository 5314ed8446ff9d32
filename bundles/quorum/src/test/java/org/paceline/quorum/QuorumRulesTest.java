package org.paceline.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.paceline.quorum.Fixtures.nodes;
import static org.paceline.quorum.Fixtures.votequorum;
import static org.paceline.quorum.Fixtures.weighted;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumRulesTest {

  @Test
  void expectedVotesComeFromTheNodelistUnlessSet() {
    assertThat(QuorumRules.from(votequorum().build(), weighted(3, 1, 1)).expectedVotes())
        .isEqualTo(5);
    assertThat(QuorumRules.from(votequorum().expectedVotes(8).build(), nodes(3)).expectedVotes())
        .isEqualTo(8);
  }

  @Test
  void optionsThatApplyAreKeptWithoutNotes() {
    QuorumRules rules =
        QuorumRules.from(
            votequorum()
                .waitForAll(true)
                .lastManStanding(Duration.ofSeconds(20))
                .autoTieBreakerList(2, 1)
                .build(),
            nodes(4));

    assertThat(rules.enabled()).isTrue();
    assertThat(rules.waitForAll()).isTrue();
    assertThat(rules.lastManStandingWindow()).contains(Duration.ofSeconds(20));
    assertThat(rules.tieBreaker()).contains(new TieBreaker.InOrder(List.of(2, 1)));
    assertThat(rules.notes()).isEmpty();
  }

  @Test
  void votesOfUnknownNodesAreZero() {
    QuorumRules rules = QuorumRules.from(votequorum().build(), weighted(2, 1));

    assertThat(rules.votesOf(1)).isEqualTo(2);
    assertThat(rules.votesOf(7)).isZero();
    assertThat(rules.votesOf(List.of(1, 2, 7))).isEqualTo(3);
  }

  @Test
  void withoutAProviderNothingElseApplies() {
    QuorumRules rules =
        QuorumRules.from(
            votequorum().noProvider().twoNode().autoTieBreaker("lowest").build(), nodes(2));

    assertThat(rules.enabled()).isFalse();
    assertThat(rules.twoNode()).isFalse();
    assertThat(rules.waitForAll()).isFalse();
    assertThat(rules.tieBreaker()).isEmpty();
  }

  @Test
  void aNodeIdTwiceIsRefused() {
    assertThatThrownBy(
            () ->
                QuorumRules.from(
                    votequorum().build(), List.of(Fixtures.node(1, 1), Fixtures.node(1, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nodeid 1");
  }
}
