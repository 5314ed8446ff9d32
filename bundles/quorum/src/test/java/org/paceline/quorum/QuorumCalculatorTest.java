package org.paceline.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.paceline.quorum.Fixtures.nodes;
import static org.paceline.quorum.Fixtures.votequorum;
import static org.paceline.quorum.Fixtures.weighted;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;

class QuorumCalculatorTest {

  private static final Duration WINDOW = Duration.ofSeconds(10);

  @Nested
  class SimpleMajority {

    @Test
    void threeNodesNeedTwo() {
      SimulatedCluster c = new SimulatedCluster(votequorum().build(), nodes(3));

      QuorumState alone = c.view(1).get(1);
      assertThat(alone.quorate()).isFalse();
      assertThat(alone.votes()).isEqualTo(1);
      assertThat(alone.expectedVotes()).isEqualTo(3);
      assertThat(alone.quorum()).isEqualTo(2);
      assertThat(alone.reason()).isEqualTo("1 of 3 votes, quorum 2");

      QuorumState two = c.view(1, 2).get(1);
      assertThat(two.quorate()).isTrue();
      assertThat(two.members()).containsExactly(1, 2);
      assertThat(two.reason()).isEqualTo("2 of 3 votes, quorum 2");

      assertThat(c.all().values()).allMatch(QuorumState::quorate);
    }

    @ParameterizedTest(name = "{0} of 5 nodes: quorate {1}")
    @CsvSource({"1, false", "2, false", "3, true", "4, true", "5, true"})
    void fiveNodesNeedThree(int present, boolean quorate) {
      SimulatedCluster c = new SimulatedCluster(votequorum().build(), nodes(5));
      Integer[] members = IntStream.rangeClosed(1, present).boxed().toArray(Integer[]::new);

      QuorumState s = c.view(members).get(1);

      assertThat(s.quorate()).isEqualTo(quorate);
      assertThat(s.votes()).isEqualTo(present);
      assertThat(s.expectedVotes()).isEqualTo(5);
      assertThat(s.quorum()).isEqualTo(3);
    }

    @Test
    void splitThreeTwoLeavesOnlyTheMajorityQuorate() {
      SimulatedCluster c = new SimulatedCluster(votequorum().build(), nodes(5));
      c.all();

      Map<Integer, QuorumState> s = c.partition(List.of(1, 2, 3), List.of(4, 5));

      assertThat(s.get(1).quorate()).isTrue();
      assertThat(s.get(2).quorate()).isTrue();
      assertThat(s.get(3).quorate()).isTrue();
      assertThat(s.get(1).members()).containsExactly(1, 2, 3);
      assertThat(s.get(1).reason()).isEqualTo("3 of 5 votes, quorum 3");
      assertThat(s.get(4).quorate()).isFalse();
      assertThat(s.get(5).quorate()).isFalse();
      assertThat(s.get(4).members()).containsExactly(4, 5);
      assertThat(s.get(4).reason()).isEqualTo("2 of 5 votes, quorum 3");
    }

    @Test
    void theMinorityRegainsQuorumWhenThePartitionHeals() {
      SimulatedCluster c = new SimulatedCluster(votequorum().build(), nodes(5));
      c.all();
      c.partition(List.of(1, 2, 3), List.of(4, 5));

      assertThat(c.all().values()).allMatch(QuorumState::quorate);
      assertThat(c.state(4).expectedVotes()).isEqualTo(5);
    }

    @Test
    void beforeTheFirstViewNothingIsQuorate() {
      QuorumCalculator calc = QuorumCalculator.of(votequorum().build(), nodes(3));

      assertThat(calc.current().quorate()).isFalse();
      assertThat(calc.current().members()).isEmpty();
      assertThat(calc.current().reason()).isEqualTo("no ring view yet");
    }

    @Test
    void aRepeatedOrOlderViewChangesNothing() {
      QuorumCalculator calc = QuorumCalculator.of(votequorum().build(), nodes(3));
      RingView v5 = new RingView(new RingId(5, 1), List.of(1, 2), List.of(1, 2), List.of());
      QuorumState first = calc.onView(v5, SimulatedCluster.START);

      RingView older = new RingView(new RingId(4, 1), List.of(1), List.of(), List.of(2));
      assertThat(calc.isNew(v5)).isFalse();
      assertThat(calc.isNew(older)).isFalse();
      assertThat(calc.onView(v5, SimulatedCluster.START)).isSameAs(first);
      assertThat(calc.onView(older, SimulatedCluster.START)).isSameAs(first);
      assertThat(calc.current().quorate()).isTrue();
    }

    @Test
    void aNodeMissingFromTheNodelistHasNoVote() {
      SimulatedCluster c = new SimulatedCluster(votequorum().build(), nodes(3));
      QuorumCalculator calc = c.calculator(1);

      QuorumState s =
          calc.onView(
              new RingView(new RingId(1, 1), List.of(1, 9), List.of(1, 9), List.of()), c.now());

      assertThat(s.votes()).isEqualTo(1);
      assertThat(s.quorate()).isFalse();
    }
  }

  @Nested
  class EvenSplit {

    @Test
    void withoutATieBreakerNeitherHalfIsQuorate() {
      SimulatedCluster c = new SimulatedCluster(votequorum().build(), nodes(4));
      c.all();

      Map<Integer, QuorumState> s = c.partition(List.of(1, 2), List.of(3, 4));

      assertThat(s.values()).noneMatch(QuorumState::quorate);
      assertThat(s.get(1).reason()).isEqualTo("2 of 4 votes, quorum 3");
    }

    @Test
    void lowestKeepsTheHalfWithTheLowestNodeId() {
      SimulatedCluster c =
          new SimulatedCluster(votequorum().autoTieBreaker("lowest").build(), nodes(4));
      c.all();

      Map<Integer, QuorumState> s = c.partition(List.of(1, 2), List.of(3, 4));

      assertThat(s.get(1).quorate()).isTrue();
      assertThat(s.get(2).quorate()).isTrue();
      assertThat(s.get(1).quorum()).isEqualTo(3);
      assertThat(s.get(1).reason())
          .isEqualTo(
              "2 of 4 votes, quorum 3; tie broken by auto_tie_breaker: lowest node 1 is here");
      assertThat(s.get(3).quorate()).isFalse();
      assertThat(s.get(4).quorate()).isFalse();
      assertThat(s.get(3).reason()).endsWith("auto_tie_breaker: lowest node 1 is not here");
    }

    @Test
    void highestKeepsTheHalfWithTheHighestNodeId() {
      SimulatedCluster c =
          new SimulatedCluster(votequorum().autoTieBreaker("highest").build(), nodes(4));
      c.all();

      Map<Integer, QuorumState> s = c.partition(List.of(1, 2), List.of(3, 4));

      assertThat(s.get(1).quorate()).isFalse();
      assertThat(s.get(2).quorate()).isFalse();
      assertThat(s.get(3).quorate()).isTrue();
      assertThat(s.get(4).quorate()).isTrue();
    }

    @Test
    void aListKeepsTheHalfWithTheFirstListedNode() {
      SimulatedCluster c =
          new SimulatedCluster(votequorum().autoTieBreakerList(3, 1).build(), nodes(4));
      c.all();

      Map<Integer, QuorumState> s = c.partition(List.of(1, 2), List.of(3, 4));

      assertThat(s.get(3).quorate()).isTrue();
      assertThat(s.get(3).reason())
          .endsWith("tie broken by auto_tie_breaker: listed node 3 is here");
      assertThat(s.get(1).quorate()).isFalse();
      assertThat(s.get(1).reason())
          .endsWith("listed node 3 was in the previous view and may be in the other half");
    }

    @Test
    void aListSkipsAListedNodeThatWasNotInTheClusterBeforeTheSplit() {
      SimulatedCluster c =
          new SimulatedCluster(votequorum().autoTieBreakerList(3, 1).build(), nodes(4));
      c.view(1, 2, 4); // node 3 is down
      assertThat(c.state(1).quorate()).isTrue();

      Map<Integer, QuorumState> s = c.partition(List.of(1, 2), List.of(4));

      assertThat(s.get(1).quorate()).isTrue();
      assertThat(s.get(1).reason()).endsWith("listed node 1 is here");
      assertThat(s.get(4).quorate()).isFalse();
    }

    @Test
    void lowestMeansTheLowestNodeOfTheLastQuorateMembership() {
      SimulatedCluster c =
          new SimulatedCluster(votequorum().autoTieBreaker("lowest").build(), nodes(6));
      c.view(2, 3, 4, 5, 6); // node 1 is down: 5 of 6 votes

      Map<Integer, QuorumState> s = c.partition(List.of(2, 3, 4), List.of(5, 6));

      assertThat(s.get(2).quorate()).isTrue();
      assertThat(s.get(2).reason()).endsWith("lowest node 2 is here");
      assertThat(s.get(5).quorate()).isFalse();
    }

    @Test
    void noTieBreakBeforeAQuorateMembership() {
      SimulatedCluster c =
          new SimulatedCluster(votequorum().autoTieBreaker("lowest").build(), nodes(4));

      QuorumState s = c.view(1, 2).get(1);

      assertThat(s.quorate()).isFalse();
      assertThat(s.reason()).endsWith("auto_tie_breaker: no quorate membership seen yet");
    }

    @Test
    void noTieBreakWhenTheNodesThatLeftCouldBeQuorate() {
      SimulatedCluster c =
          new SimulatedCluster(
              votequorum().autoTieBreaker("lowest").waitForAll(true).build(), nodes(5));
      c.all();

      Map<Integer, QuorumState> s = c.partition(List.of(1, 2), List.of(3, 4, 5));

      assertThat(s.get(1).quorate()).isFalse();
      assertThat(s.get(1).reason()).isEqualTo("2 of 5 votes, quorum 3");
      assertThat(s.get(3).quorate()).isTrue();
    }

    @Test
    void inAnOddClusterATieBreakerDecidesHalfOfTheRest() {
      SimulatedCluster c =
          new SimulatedCluster(
              votequorum().autoTieBreaker("lowest").waitForAll(true).build(), nodes(5));
      c.all();
      c.view(1, 2, 3, 4); // node 5 fails

      Map<Integer, QuorumState> s = c.partition(List.of(1, 2), List.of(3, 4));

      assertThat(s.get(1).quorate()).isTrue();
      assertThat(s.get(3).quorate()).isFalse();
    }

    @Test
    void anOddClusterWithoutWaitForAllTurnsTheTieBreakerOff() {
      QuorumRules rules = QuorumRules.from(votequorum().autoTieBreaker("lowest").build(), nodes(3));

      assertThat(rules.tieBreaker()).isEmpty();
      assertThat(rules.notes()).anyMatch(n -> n.startsWith("auto_tie_breaker is off"));
    }

    @Test
    void anOddClusterWithLastManStandingAndNoWaitForAllIsRefused() {
      assertThatThrownBy(
              () ->
                  QuorumRules.from(
                      votequorum().autoTieBreaker("lowest").lastManStanding(WINDOW).build(),
                      nodes(5)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("wait_for_all");
    }
  }

  @Nested
  class TwoNode {

    @Test
    void waitsForBothNodesAtStartThenOneIsEnough() {
      SimulatedCluster c = new SimulatedCluster(votequorum().twoNode().build(), nodes(2));

      QuorumState alone = c.view(1).get(1);
      assertThat(alone.quorate()).isFalse();
      assertThat(alone.reason())
          .isEqualTo("waiting for all nodes (wait_for_all): 1 of 2 votes, quorum 1 (two_node)");

      QuorumState both = c.view(1, 2).get(1);
      assertThat(both.quorate()).isTrue();
      assertThat(both.quorum()).isEqualTo(1);

      QuorumState survivor = c.view(1).get(1);
      assertThat(survivor.quorate()).isTrue();
      assertThat(survivor.votes()).isEqualTo(1);
      assertThat(survivor.expectedVotes()).isEqualTo(2);
      assertThat(survivor.quorum()).isEqualTo(1);
      assertThat(survivor.reason()).isEqualTo("1 of 2 votes, quorum 1 (two_node)");
    }

    @Test
    void withWaitForAllOffOneNodeIsQuorateFromTheStart() {
      SimulatedCluster c =
          new SimulatedCluster(votequorum().twoNode().waitForAll(false).build(), nodes(2));

      QuorumState alone = c.view(1).get(1);

      assertThat(alone.quorate()).isTrue();
      assertThat(alone.quorum()).isEqualTo(1);
    }

    @Test
    void bothHalvesOfASplitAreQuorateAndFencingDecides() {
      SimulatedCluster c = new SimulatedCluster(votequorum().twoNode().build(), nodes(2));
      c.all();

      Map<Integer, QuorumState> s = c.partition(List.of(1), List.of(2));

      assertThat(s.values()).allMatch(QuorumState::quorate);
    }

    @Test
    void aTieBreakerReplacesTwoNode() {
      SimulatedCluster c =
          new SimulatedCluster(votequorum().twoNode().autoTieBreaker("lowest").build(), nodes(2));
      assertThat(c.calculator(1).rules().twoNode()).isFalse();
      assertThat(c.calculator(1).rules().notes()).anyMatch(n -> n.startsWith("two_node is off"));
      c.all();

      Map<Integer, QuorumState> s = c.partition(List.of(1), List.of(2));

      assertThat(s.get(1).quorate()).isTrue();
      assertThat(s.get(1).quorum()).isEqualTo(2);
      assertThat(s.get(2).quorate()).isFalse();
    }
  }

  @Nested
  class WaitForAll {

    @Test
    void notQuorateUntilEveryNodeWasSeenOnce() {
      SimulatedCluster c = new SimulatedCluster(votequorum().waitForAll(true).build(), nodes(3));

      QuorumState two = c.view(1, 2).get(1);
      assertThat(two.quorate()).isFalse();
      assertThat(two.reason())
          .isEqualTo("waiting for all nodes (wait_for_all): 2 of 3 votes, quorum 2");

      assertThat(c.view(1, 2, 3).get(1).quorate()).isTrue();
      assertThat(c.view(1, 2).get(1).quorate()).as("normal rules once all were seen").isTrue();
    }

    @Test
    void losingQuorumMeansWaitingForAllAgain() {
      SimulatedCluster c = new SimulatedCluster(votequorum().waitForAll(true).build(), nodes(3));
      c.all();
      c.view(1, 2);

      assertThat(c.view(1).get(1).quorate()).isFalse();
      QuorumState back = c.view(1, 2).get(1);
      assertThat(back.quorate()).isFalse();
      assertThat(back.reason()).startsWith("waiting for all nodes (wait_for_all)");
      assertThat(c.view(1, 2, 3).get(1).quorate()).isTrue();
    }

    @Test
    void withoutItAMajorityIsQuorateAtStart() {
      SimulatedCluster c = new SimulatedCluster(votequorum().build(), nodes(3));

      assertThat(c.view(1, 2).get(1).quorate()).isTrue();
    }
  }

  @Nested
  class LastManStanding {

    @Test
    void fiveNodesShrinkToTwoOneWindowAtATime() {
      SimulatedCluster c =
          new SimulatedCluster(votequorum().lastManStanding(WINDOW).build(), nodes(5));
      c.all();

      // 5 -> 4: quorate with the configured expected votes
      QuorumState four = c.view(1, 2, 3, 4).get(1);
      assertThat(four.quorate()).isTrue();
      assertThat(four.expectedVotes()).isEqualTo(5);
      assertThat(four.quorum()).isEqualTo(3);
      assertThat(c.advance(WINDOW.minusMillis(1)).tick(1)).isEmpty();
      QuorumState lowered = c.advance(Duration.ofMillis(1)).tick(1).orElseThrow();
      assertThat(lowered.expectedVotes()).isEqualTo(4);
      assertThat(lowered.quorum()).isEqualTo(3);
      assertThat(lowered.quorate()).isTrue();
      assertThat(lowered.ringId()).isEqualTo(four.ringId());
      assertThat(lowered.members()).containsExactly(1, 2, 3, 4);
      assertThat(lowered.reason())
          .isEqualTo("4 of 4 votes, quorum 3 (expected votes lowered from 5 by last_man_standing)");

      // 4 -> 3
      assertThat(c.view(1, 2, 3).get(1).quorate()).isTrue();
      assertThat(c.advance(WINDOW.minusMillis(1)).tick(1)).isEmpty();
      QuorumState three = c.advance(Duration.ofMillis(1)).tick(1).orElseThrow();
      assertThat(three.expectedVotes()).isEqualTo(3);
      assertThat(three.quorum()).isEqualTo(2);

      // 3 -> 2
      QuorumState two = c.view(1, 2).get(1);
      assertThat(two.quorate()).isTrue();
      assertThat(two.quorum()).isEqualTo(2);
      QuorumState twoLowered = c.advance(WINDOW).tick(1).orElseThrow();
      assertThat(twoLowered.expectedVotes()).isEqualTo(2);
      assertThat(twoLowered.quorum()).isEqualTo(2);
      assertThat(twoLowered.quorate()).isTrue();

      // 2 -> 1: one node of two is not quorate without a tie-breaker, and stays at 2
      QuorumState one = c.view(1).get(1);
      assertThat(one.quorate()).isFalse();
      assertThat(c.advance(WINDOW).tick(1)).isEmpty();
      assertThat(c.state(1).expectedVotes()).isEqualTo(2);
    }

    @Test
    void aMembershipChangeRestartsTheWindow() {
      SimulatedCluster c =
          new SimulatedCluster(votequorum().lastManStanding(WINDOW).build(), nodes(5));
      c.all();
      c.view(1, 2, 3, 4);
      c.advance(Duration.ofSeconds(6));
      c.view(1, 2, 3);
      assertThat(c.calculator(1).lastManStandingDeadline()).contains(c.now().plus(WINDOW));

      assertThat(c.advance(Duration.ofSeconds(6)).tick(1)).isEmpty();
      assertThat(c.advance(Duration.ofSeconds(4)).tick(1).orElseThrow().expectedVotes())
          .isEqualTo(3);
      assertThat(c.calculator(1).lastManStandingDeadline()).isEmpty();
    }

    @Test
    void aNodeRejoiningWithinTheWindowRestartsIt() {
      SimulatedCluster c =
          new SimulatedCluster(votequorum().lastManStanding(WINDOW).build(), nodes(5));
      c.all();
      c.view(1, 2, 3);
      c.advance(Duration.ofSeconds(6));
      c.view(1, 2, 3, 4);

      assertThat(c.advance(Duration.ofSeconds(4)).tick(1)).isEmpty();
      QuorumState lowered = c.advance(Duration.ofSeconds(6)).tick(1).orElseThrow();
      assertThat(lowered.expectedVotes()).isEqualTo(4);
      assertThat(lowered.quorum()).isEqualTo(3);
    }

    @Test
    void aMinorityDoesNotLowerItsExpectedVotes() {
      SimulatedCluster c =
          new SimulatedCluster(votequorum().lastManStanding(WINDOW).build(), nodes(5));
      c.all();
      c.partition(List.of(1, 2, 3), List.of(4, 5));

      Map<Integer, QuorumState> changed = c.advance(WINDOW).tick();

      assertThat(changed.keySet()).containsExactly(1, 2, 3);
      assertThat(changed.get(1).expectedVotes()).isEqualTo(3);
      assertThat(c.state(4).expectedVotes()).isEqualTo(5);
      assertThat(c.state(4).quorate()).isFalse();
    }

    @Test
    void withATieBreakerItGoesDownToOneNode() {
      SimulatedCluster c =
          new SimulatedCluster(
              votequorum().lastManStanding(WINDOW).autoTieBreaker("lowest").build(), nodes(4));
      c.all();
      c.view(1, 2, 3);
      c.advance(WINDOW).tick();
      c.view(1, 2);
      assertThat(c.advance(WINDOW).tick(1).orElseThrow().expectedVotes()).isEqualTo(2);

      Map<Integer, QuorumState> split = c.partition(List.of(1), List.of(2));
      assertThat(split.get(1).quorate()).as("tie-breaker").isTrue();
      assertThat(split.get(2).quorate()).isFalse();

      Map<Integer, QuorumState> changed = c.advance(WINDOW).tick();
      assertThat(changed.keySet()).containsExactly(1);
      QuorumState last = changed.get(1);
      assertThat(last.quorate()).isTrue();
      assertThat(last.expectedVotes()).isEqualTo(1);
      assertThat(last.quorum()).isEqualTo(1);
      assertThat(last.reason()).doesNotContain("auto_tie_breaker");
    }

    @Test
    void rejoiningNodesRaiseExpectedVotesOneByOne() {
      SimulatedCluster c =
          new SimulatedCluster(votequorum().lastManStanding(WINDOW).build(), nodes(5));
      c.all();
      c.view(1, 2, 3);
      c.advance(WINDOW).tick();
      assertThat(c.state(1).expectedVotes()).isEqualTo(3);

      QuorumState four = c.view(1, 2, 3, 4).get(1);
      assertThat(four.expectedVotes()).isEqualTo(4);
      assertThat(four.quorum()).isEqualTo(3);
      assertThat(c.advance(WINDOW).tick(1)).isEmpty();

      QuorumState five = c.view(1, 2, 3, 4, 5).get(1);
      assertThat(five.expectedVotes()).isEqualTo(5);
      assertThat(five.reason()).isEqualTo("5 of 5 votes, quorum 3");
    }

    @Test
    void weightedVotesTurnItOff() {
      SimulatedCluster c =
          new SimulatedCluster(votequorum().lastManStanding(WINDOW).build(), weighted(2, 1, 1, 1));
      assertThat(c.calculator(1).rules().lastManStandingWindow()).isEmpty();
      assertThat(c.calculator(1).rules().notes())
          .anyMatch(n -> n.startsWith("last_man_standing is off"));
      c.all();
      c.view(1, 2, 3);

      assertThat(c.advance(WINDOW).tick()).isEmpty();
      assertThat(c.state(1).expectedVotes()).isEqualTo(5);
    }
  }

  /** The walk-through of docs/design/quorum.md. */
  @Nested
  class DesignNoteWalkThrough {

    private void assertState(QuorumState s, boolean quorate, int votes, int expected, int quorum) {
      assertThat(s.quorate()).as("quorate: %s", s.reason()).isEqualTo(quorate);
      assertThat(s.votes()).as("votes").isEqualTo(votes);
      assertThat(s.expectedVotes()).as("expected votes").isEqualTo(expected);
      assertThat(s.quorum()).as("quorum").isEqualTo(quorum);
    }

    private SimulatedCluster throughStepFive(Fixtures.Quorum quorum) {
      SimulatedCluster c = new SimulatedCluster(quorum.build(), nodes(3));
      assertState(c.view(1).get(1), false, 1, 3, 2);
      assertState(c.view(1, 2).get(1), false, 2, 3, 2);
      assertState(c.all().get(1), true, 3, 3, 2);
      assertState(c.view(1, 2).get(1), true, 2, 3, 2);
      assertState(c.advance(WINDOW).tick().get(1), true, 2, 2, 2);
      return c;
    }

    @Test
    void threeNodesWithWaitForAllAndLastManStanding() {
      SimulatedCluster c = throughStepFive(votequorum().waitForAll(true).lastManStanding(WINDOW));

      Map<Integer, QuorumState> split = c.partition(List.of(1), List.of(2));
      assertState(split.get(1), false, 1, 2, 2);
      assertState(split.get(2), false, 1, 2, 2);
      assertState(c.view(1, 2).get(1), true, 2, 2, 2);
      assertState(c.all().get(1), true, 3, 3, 2);
    }

    @Test
    void withATieBreakerNodeOneKeepsQuorumAlone() {
      SimulatedCluster c =
          throughStepFive(
              votequorum().waitForAll(true).lastManStanding(WINDOW).autoTieBreaker("lowest"));

      Map<Integer, QuorumState> split = c.partition(List.of(1), List.of(2));
      assertState(split.get(1), true, 1, 2, 2);
      assertState(split.get(2), false, 1, 2, 2);
      assertState(c.advance(WINDOW).tick(1).orElseThrow(), true, 1, 1, 1);
    }
  }

  @Nested
  class ExpectedVotes {

    @Test
    void anExplicitValueOverridesTheNodelist() {
      SimulatedCluster c = new SimulatedCluster(votequorum().expectedVotes(5).build(), nodes(3));

      QuorumState two = c.view(1, 2).get(1);
      assertThat(two.quorate()).isFalse();
      assertThat(two.expectedVotes()).isEqualTo(5);
      assertThat(two.quorum()).isEqualTo(3);
      assertThat(c.all().get(1).quorate()).isTrue();
    }

    @Test
    void moreVotesThanExpectedRaiseTheExpectedVotes() {
      SimulatedCluster c = new SimulatedCluster(votequorum().expectedVotes(2).build(), nodes(3));

      QuorumState two = c.view(1, 2).get(1);
      assertThat(two.quorate()).isTrue();
      assertThat(two.quorum()).isEqualTo(2);

      QuorumState three = c.all().get(1);
      assertThat(three.expectedVotes()).isEqualTo(3);
      assertThat(three.reason())
          .isEqualTo(
              "3 of 3 votes, quorum 2 (expected votes raised from 2:" + " more votes present)");
      assertThat(c.view(1).get(1).expectedVotes())
          .as("expected votes do not fall back")
          .isEqualTo(3);
    }
  }

  @Nested
  class Weights {

    @Test
    void quorumVotesWeighTheNodes() {
      SimulatedCluster c = new SimulatedCluster(votequorum().build(), weighted(3, 1, 1));
      c.all();

      Map<Integer, QuorumState> s = c.partition(List.of(1), List.of(2, 3));

      assertThat(s.get(1).quorate()).isTrue();
      assertThat(s.get(1).votes()).isEqualTo(3);
      assertThat(s.get(1).expectedVotes()).isEqualTo(5);
      assertThat(s.get(1).quorum()).isEqualTo(3);
      assertThat(s.get(2).quorate()).isFalse();
      assertThat(s.get(2).votes()).isEqualTo(2);
    }

    @Test
    void aNodeWithoutVotesCountsForNothing() {
      SimulatedCluster c = new SimulatedCluster(votequorum().build(), weighted(1, 1, 0));

      assertThat(c.view(1, 3).get(1).quorate()).isFalse();
      assertThat(c.view(1, 2).get(1).quorate()).isTrue();
    }
  }

  @Nested
  class NoProvider {

    @Test
    void everyPartitionIsQuorate() {
      SimulatedCluster c = new SimulatedCluster(votequorum().noProvider().build(), nodes(3));
      assertThat(c.state(1).quorate()).isTrue();
      assertThat(c.state(1).reason()).isEqualTo("no quorum provider: always quorate");
      c.all();

      Map<Integer, QuorumState> s = c.partition(List.of(1), List.of(2, 3));

      assertThat(s.values()).allMatch(QuorumState::quorate);
      assertThat(s.get(1).reason()).isEqualTo("no quorum provider: always quorate");
      assertThat(s.get(1).votes()).isEqualTo(1);
    }

    @Test
    void anUnknownProviderIsRefused() {
      assertThatThrownBy(
              () -> QuorumRules.from(votequorum().provider("corosync_quorum").build(), nodes(3)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("quorum.provider");
    }
  }
}
