package org.paceline.ring.srp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.paceline.api.ring.RingView;

/** Membership and delivery under loss, duplication, reordering, crashes and partitions. */
class FaultToleranceTest {

  private static final Duration TOKEN = Duration.ofMillis(300);

  @Test
  void orderAndDeliveryHoldWithFivePercentLossDuplicationAndReordering() throws Exception {
    try (TestCluster c = new TestCluster(3, Duration.ofMillis(1000))) {
      List<Integer> all = List.of(1, 2, 3);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.agree(all));
      List<Integer> viewsBefore = c.nodes.stream().map(n -> n.views.size()).toList();
      for (TestCluster.Node n : c.nodes) {
        n.faults.drop(0.05).duplicate(0.05).reorder(0.05, Duration.ofMillis(2));
      }
      List<Thread> threads = new ArrayList<>();
      for (TestCluster.Node n : c.nodes) {
        threads.add(n.sendInBackground(n.id * 1_000_000L, 5_000));
      }
      for (Thread t : threads) {
        t.join();
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> c.nodes.stream().allMatch(n -> n.delivered == 15_000));
      List<String> reference = c.node(1).deliveredOrder();
      for (TestCluster.Node n : c.nodes) {
        assertThat(n.deliveredOrder()).isEqualTo(reference);
        assertThat(n.views)
            .as("no view change under 5%% faults")
            .hasSize(viewsBefore.get(n.id - 1));
      }
      long dropped = c.nodes.stream().mapToLong(n -> n.counters.get("fault_dropped")).sum();
      long retransmitted =
          c.nodes.stream().mapToLong(n -> n.counters.get("mcast_retransmits")).sum();
      assertThat(dropped).isPositive();
      assertThat(retransmitted).isPositive();
    }
  }

  @Test
  void survivorsOfACrashFormANewViewAndAgreeOnWhatWasDelivered() throws Exception {
    try (TestCluster c = new TestCluster(3, TOKEN)) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.agree(List.of(1, 2, 3)));
      List<Thread> threads = new ArrayList<>();
      for (TestCluster.Node n : c.nodes) {
        threads.add(n.sendInBackground(n.id * 1_000_000L, 3_000));
      }
      // Crash node 3 while everyone sends.
      Awaitility.await().until(() -> c.node(1).delivered > 500);
      c.node(3).crash();
      for (Thread t : threads) {
        t.join();
      }
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.agree(List.of(1, 2)));
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> c.node(1).delivered == c.node(2).delivered && c.node(1).delivered >= 6_000);
      // Virtual synchrony: the survivors delivered the same messages, in the same order, with
      // the view change at the same place. A survivor that lost the token first may have gone
      // through an empty ring of its own on the way (seen on loaded CI cores): not a difference.
      assertThat(withoutEmptyOwnRings(c.node(2))).isEqualTo(withoutEmptyOwnRings(c.node(1)));
      for (int id : List.of(1, 2)) {
        assertThat(c.node(id).view().members()).containsExactly(1, 2);
      }
      // Both came from the ring of three, unless one of them went through a ring of its own
      // first (it lost the token earlier): then each says only itself.
      for (int id : List.of(1, 2)) {
        RingView v = c.node(id).view();
        assertThat(v.fromSameRing()).contains(id).isSubsetOf(v.members());
        assertThat(v.onlyLeft()).isEqualTo(v.fromSameRing().equals(v.members()));
      }
      assertThat(c.node(1).view().onlyLeft())
          .as("both decide alike")
          .isEqualTo(c.node(2).view().onlyLeft());
    }
  }

  @Test
  void aNodeThatStopsCleanlyLeavesWithoutATokenTimeout() throws Exception {
    try (TestCluster c = new TestCluster(3, Duration.ofSeconds(5))) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.agree(List.of(1, 2, 3)));
      c.node(3).stop();
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> c.agree(List.of(1, 2)));
      for (int id : List.of(1, 2)) {
        assertThat(c.node(id).counters.get("token_lost")).isZero();
        assertThat(c.node(id).view().left()).containsExactly(3);
      }
    }
  }

  @Test
  void aPartitionGivesTwoViewsAndHealingGivesOne() throws Exception {
    try (TestCluster c = new TestCluster(5, TOKEN)) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> c.agree(List.of(1, 2, 3, 4, 5)));
      for (int id : List.of(1, 2, 3)) {
        c.node(id).faults.cut(4, 5);
      }
      for (int id : List.of(4, 5)) {
        c.node(id).faults.cut(1, 2, 3);
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> c.agree(List.of(1, 2, 3)) && c.agree(List.of(4, 5)));
      for (int id : List.of(1, 2, 3, 4, 5)) {
        RingView split = c.node(id).view();
        assertThat(split.fromSameRing()).as("node %d", id).contains(id).isSubsetOf(split.members());
      }
      for (TestCluster.Node n : c.nodes) {
        n.faults.heal(1, 2, 3, 4, 5);
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> c.agree(List.of(1, 2, 3, 4, 5)));
      // The merged ring: the sides came from different rings, so no member came with all others.
      for (TestCluster.Node n : c.nodes) {
        RingView merged = n.view();
        assertThat(merged.fromSameRing()).contains(n.id).isSubsetOf(merged.members());
        assertThat(merged.onlyLeft()).as("node %d", n.id).isFalse();
      }
      // Everyone still delivers in one order after the merge.
      c.nodes.forEach(n -> n.events.clear());
      List<Thread> threads = new ArrayList<>();
      for (TestCluster.Node n : c.nodes) {
        threads.add(n.sendInBackground(n.id * 1_000_000L, 200));
      }
      for (Thread t : threads) {
        t.join();
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> c.nodes.stream().allMatch(n -> n.deliveredOrder().size() == 1_000));
      for (TestCluster.Node n : c.nodes) {
        assertThat(n.deliveredOrder()).isEqualTo(c.node(1).deliveredOrder());
      }
    }
  }

  @Test
  void aRestartedNodeRejoins() throws Exception {
    try (TestCluster c = new TestCluster(3, TOKEN)) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.agree(List.of(1, 2, 3)));
      c.node(2).faults.cut(1, 3);
      c.node(1).faults.cut(2);
      c.node(3).faults.cut(2);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> c.agree(List.of(1, 3)) && c.agree(List.of(2)));
      c.nodes.forEach(n -> n.faults.heal(1, 2, 3));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.agree(List.of(1, 2, 3)));
      RingView v = c.node(2).view();
      assertThat(v.joined()).containsExactly(1, 3);
      assertThat(c.node(1).view().joined()).containsExactly(2);
    }
  }

  /** {@link #eventsAsText}, less the views of a ring of this node alone that delivered nothing. */
  private static List<String> withoutEmptyOwnRings(TestCluster.Node n) {
    List<String> all = eventsAsText(n);
    List<String> out = new ArrayList<>();
    String alone = "view [" + n.id + "]";
    for (int i = 0; i < all.size(); i++) {
      boolean emptyOwnRing =
          all.get(i).equals(alone) && i + 1 < all.size() && all.get(i + 1).startsWith("view ");
      if (!emptyOwnRing) {
        out.add(all.get(i));
      }
    }
    return out;
  }

  private static List<String> eventsAsText(TestCluster.Node n) {
    List<String> out = new ArrayList<>();
    for (TestCluster.Event e : n.events) {
      out.add(
          e.isView()
              ? "view " + e.view().members()
              : e.sender() + ":" + java.nio.ByteBuffer.wrap(e.chunk()).getLong());
    }
    return out;
  }
}
