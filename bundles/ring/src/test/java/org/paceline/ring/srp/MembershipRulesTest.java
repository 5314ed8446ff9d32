package org.paceline.ring.srp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.paceline.api.ring.RingId;

/**
 * The membership rules one node applies, driven packet by packet: which joins break a commit in
 * progress, which commits a member refuses, when a node that has not answered is left out, and how
 * fast a representative may propose again after a failed proposal.
 */
class MembershipRulesTest {

  private static final Duration TOKEN = Duration.ofMillis(1000);
  private static final Duration JOIN = Duration.ofMillis(50);
  private static final List<Integer> NODES = List.of(1, 2, 3);

  private static Wire.Join join(int sender, long ringSeq, long round, int[] proc, int[] fail) {
    return new Wire.Join(sender, ringSeq, round, proc, fail);
  }

  /** Node 2's commit token (rotation 1) for ring {@code seq} of nodes 2 and 3. */
  private static Wire.Commit commitOf2And3(long seq) {
    RingId ring = new RingId(seq, 2);
    return new Wire.Commit(
        ring,
        1,
        1,
        List.of(
            new Wire.CommitEntry(2, true, new RingId(0, 2), 0, 0, 0),
            new Wire.CommitEntry(3, false, ring, 0, 0, 0)));
  }

  /** Node 3 agrees with node 2 on ring [2, 3] and takes node 2's commit for ring 2.seq. */
  private static void commitWith2(EngineProbe p, long seq) {
    p.from(2, join(2, 0, 100, new int[] {2, 3}, new int[0]));
    p.from(2, commitOf2And3(seq));
    p.awaitSent(Wire.Commit.class, c -> c.ring().seq() == seq && c.hop() == 2);
    assertThat(p.state()).isEqualTo(SrpEngine.State.COMMIT);
  }

  @Test
  void aCommitIsBrokenOnlyByAMemberThatHasSeenItOrLeaves() throws Exception {
    try (EngineProbe p = new EngineProbe(3, NODES, TOKEN, JOIN)) {
      commitWith2(p, 5);
      // A node outside the ring being formed merges once it is installed.
      p.from(1, join(1, 3, 200, new int[] {1, 2, 3}, new int[0]));
      p.settle();
      assertThat(p.state()).isEqualTo(SrpEngine.State.COMMIT);
      // A member's join from before the commit (sets it has moved on from since) is answered by
      // the commit token itself.
      p.from(2, join(2, 4, 101, new int[] {1, 2, 3}, new int[0]));
      p.settle();
      assertThat(p.state()).isEqualTo(SrpEngine.State.COMMIT);
      // A member that has seen this commit and gathers again ends it.
      p.from(2, join(2, 5, 102, new int[] {2, 3}, new int[0]));
      Awaitility.await().until(() -> p.state() == SrpEngine.State.GATHER);
    }
    try (EngineProbe p = new EngineProbe(3, NODES, TOKEN, JOIN)) {
      commitWith2(p, 5);
      // A member's leave ends it whatever ring seq it saw: node 3 goes on alone.
      p.from(2, join(2, 0, 101, new int[] {2, 3}, new int[] {2}));
      Awaitility.await()
          .until(
              () ->
                  !p.views.isEmpty()
                      && p.views.get(p.views.size() - 1).members().equals(List.of(3)));
    }
  }

  @Test
  void aMemberRefusesACommitForARingSeqItHasSeenAlready() throws Exception {
    try (EngineProbe p = new EngineProbe(3, NODES, TOKEN, JOIN)) {
      // Node 2's join tells node 3 of ring seq 6 (a ring formed elsewhere meanwhile).
      p.from(2, join(2, 6, 100, new int[] {2, 3}, new int[0]));
      p.from(2, commitOf2And3(6));
      p.settle();
      assertThat(p.counters.get("commit_rejected")).isEqualTo(1);
      assertThat(p.state()).isEqualTo(SrpEngine.State.GATHER);
      p.from(2, commitOf2And3(7));
      Awaitility.await().until(() -> p.state() == SrpEngine.State.COMMIT);
    }
  }

  @Test
  void aRefusedCommitIsAnsweredWithAJoinThatHasSeenIt() throws Exception {
    try (EngineProbe p = new EngineProbe(3, NODES, TOKEN, JOIN)) {
      p.from(2, join(2, 0, 100, new int[] {1, 2, 3}, new int[0]));
      p.from(2, commitOf2And3(9)); // node 3 counts node 1 in: not the ring it agreed on
      p.settle();
      assertThat(p.counters.get("commit_rejected")).isEqualTo(1);
      // So the representative, still committing, knows the commit failed and gathers again.
      assertThat(p.find(Wire.Join.class, j -> j.ringSeq() >= 9)).isNotNull();
    }
  }

  @Test
  void aNodeThatKeepsTalkingIsNotLeftOutAtTheJoinTimeout() throws Exception {
    ScheduledExecutorService node1 =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "node-1-talks"));
    try (EngineProbe p = new EngineProbe(3, NODES, TOKEN, JOIN)) {
      // Node 1 is alive but slow: it sends (here, merge probes) but has not answered our joins.
      node1.scheduleAtFixedRate(
          () -> p.from(1, new Wire.MergeDetect(new RingId(4, 1), 1)), 0, 50, TimeUnit.MILLISECONDS);
      p.from(2, join(2, 0, 100, new int[] {1, 2, 3}, new int[0]));
      // It is left out only when the round runs out of time (the consensus timeout), never as
      // silent after the join timeout.
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> p.counters.get("left_out_disagreeing") > 0);
      assertThat(p.counters.get("left_out_silent")).isZero();
    } finally {
      node1.shutdownNow();
      assertThat(node1.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
    try (EngineProbe p = new EngineProbe(3, NODES, TOKEN, JOIN)) {
      // A node never heard from is left out as silent.
      p.from(2, join(2, 0, 100, new int[] {1, 2, 3}, new int[0]));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> p.counters.get("left_out_silent") > 0);
      assertThat(p.find(Wire.Join.class, j -> j.failSet().length == 1 && j.failSet()[0] == 1))
          .isNotNull();
    }
  }

  @Test
  void aRepresentativeWhoseProposalsKeepFailingBacksOff() throws Exception {
    try (EngineProbe p = new EngineProbe(1, List.of(1, 2), TOKEN, JOIN)) {
      p.from(2, join(2, 0, 100, new int[] {1, 2}, new int[0]));
      p.awaitSent(Wire.Commit.class, c -> true);
      // Node 2 breaks every commit at once: each of its joins has seen a newer ring.
      for (int i = 1; i <= 200; i++) {
        p.from(2, join(2, 1_000 + i, 100 + i, new int[] {1, 2}, new int[0]));
      }
      p.settle();
      long commits =
          p.sent.stream()
              .map(EngineProbe.Sent::packet)
              .filter(Wire.Commit.class::isInstance)
              .map(c -> ((Wire.Commit) c).ring())
              .distinct()
              .count();
      assertThat(commits).as("proposals for 200 failed commits").isLessThan(20);
      assertThat(p.counters.get("proposals_deferred")).isPositive();
    }
  }
}
