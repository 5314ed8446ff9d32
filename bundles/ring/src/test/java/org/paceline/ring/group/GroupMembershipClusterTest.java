package org.paceline.ring.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.paceline.api.ring.Group;
import org.paceline.api.ring.GroupView;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;

/** Group views over the real ring: joins, leaves, non-members, ring view listeners. */
class GroupMembershipClusterTest {

  private static final Duration TOKEN = Duration.ofMillis(500);
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** One node's membership of a group and what its listener heard. */
  record Member(Group group, Recorder recorder) {
    void send(byte[] message) throws Exception {
      group.send(message);
    }
  }

  /**
   * Joins {@code group} on each node in turn, waiting until each join shows on every member.
   *
   * @return the members, in the order of {@code ids}
   */
  static List<Member> joinAll(GroupTestCluster c, String group, int... ids) {
    List<Member> out = new java.util.ArrayList<>();
    List<Integer> expected = new java.util.ArrayList<>();
    for (int id : ids) {
      Recorder r = new Recorder();
      out.add(new Member(c.node(id).groups.join(group, r), r));
      expected.add(id);
      List<Integer> want = expected.stream().sorted().toList();
      List<Member> sofar = List.copyOf(out);
      await()
          .atMost(WAIT)
          .until(() -> sofar.stream().allMatch(m -> m.recorder().members().equals(want)));
    }
    return out;
  }

  /** The events from the first view with exactly {@code members} on. */
  static List<String> eventsSinceView(Recorder r, List<Integer> members) {
    for (int i = 0; i < r.events.size(); i++) {
      if (r.events.get(i).startsWith("view") && r.events.get(i).contains(" " + members + " ")) {
        return r.eventsFrom(i);
      }
    }
    throw new AssertionError("no view " + members + " in " + r.events);
  }

  @Test
  void twoNodesJoinAGroupAndSeeEachOther() throws Exception {
    try (GroupTestCluster c = new GroupTestCluster(2, TOKEN)) {
      c.awaitSettled(List.of(1, 2));
      List<Member> m = joinAll(c, "g", 1, 2);
      Recorder[] r = {m.get(0).recorder(), m.get(1).recorder()};
      RingId ring = c.node(1).groups.currentView().ringId();
      assertThat(r[0].views)
          .extracting(GroupView::members, GroupView::joined, GroupView::left)
          .containsExactly(
              tuple(List.of(1), List.of(1), List.of()),
              tuple(List.of(1, 2), List.of(2), List.of()));
      assertThat(r[1].views)
          .extracting(GroupView::members, GroupView::joined, GroupView::left)
          .containsExactly(tuple(List.of(1, 2), List.of(2), List.of()));
      assertThat(r[0].views).allMatch(v -> v.ringId().equals(ring) && v.group().equals("g"));
      assertThat(r[0].threads).containsOnly("ring-deliver-1");
      assertThat(r[1].threads).containsOnly("ring-deliver-2");
    }
  }

  @Test
  void aMemberLeavingIsSeenByTheOthersAndHearsNothingMore() throws Exception {
    try (GroupTestCluster c = new GroupTestCluster(3, TOKEN)) {
      List<Integer> all = List.of(1, 2, 3);
      c.awaitSettled(all);
      List<Member> m = joinAll(c, "g", 1, 2, 3);
      Group h1 = c.node(1).groups.join("h", new Recorder()); // another group on the same node
      Recorder r1 = m.get(0).recorder();
      Recorder r2 = m.get(1).recorder();
      Recorder r3 = m.get(2).recorder();
      Group g2 = m.get(1).group();
      int heardBy2 = r2.events.size();
      g2.close();
      await().atMost(WAIT).until(() -> r1.members().equals(List.of(1, 3)));
      await().atMost(WAIT).until(() -> r3.members().equals(List.of(1, 3)));
      assertThat(r1.lastView().left()).containsExactly(2);
      assertThat(r1.lastView().joined()).isEmpty();
      assertThatThrownBy(() -> g2.send(new byte[] {1})).isInstanceOf(IllegalStateException.class);
      m.get(0).send(new byte[] {42});
      await().atMost(WAIT).until(() -> r1.messages.size() == 1 && r3.messages.size() == 1);
      assertThat(r2.events).hasSize(heardBy2);
      assertThat(eventsSinceView(r1, all)).isEqualTo(eventsSinceView(r3, all));
      // Node 2 may join again: everyone sees it come back.
      Recorder again = new Recorder();
      c.node(2).groups.join("g", again);
      await().atMost(WAIT).until(() -> again.members().equals(all) && r1.members().equals(all));
      assertThat(again.views.get(0).joined()).containsExactly(2);
      assertThat(r1.lastView().joined()).containsExactly(2);
      h1.close();
    }
  }

  @Test
  void aNodeThatDidNotJoinGetsNothing() throws Exception {
    try (GroupTestCluster c = new GroupTestCluster(3, TOKEN)) {
      c.awaitSettled(List.of(1, 2, 3));
      List<Member> m = joinAll(c, "g", 1, 2);
      Recorder[] r = {m.get(0).recorder(), m.get(1).recorder()};
      Recorder other = new Recorder();
      Group o = c.node(3).groups.join("other", other);
      await().atMost(WAIT).until(() -> other.members().equals(List.of(3)));
      for (int i = 0; i < 3; i++) {
        m.get(0).send(new byte[] {(byte) i});
      }
      await().atMost(WAIT).until(() -> r[0].messages.size() == 3 && r[1].messages.size() == 3);
      // Agreed order: node 3 delivers the three messages before its own marker.
      o.send(new byte[] {9});
      await().atMost(WAIT).until(() -> other.messages.size() == 1);
      assertThat(other.messages.get(0).sender()).isEqualTo(3);
      assertThat(c.node(3).counters.get(GroupMessaging.MESSAGES_IGNORED)).isEqualTo(3);
      await()
          .atMost(WAIT)
          .until(() -> c.node(1).counters.get(GroupMessaging.MESSAGES_IGNORED) == 1);
      assertThat(r[0].messages).hasSize(3);
      assertThat(other.views).hasSize(1);
    }
  }

  @Test
  void ringViewListenersStartWithTheCurrentViewAndFollowACrash() throws Exception {
    try (GroupTestCluster c = new GroupTestCluster(3, TOKEN)) {
      c.awaitSettled(List.of(1, 2, 3));
      List<RingView> seen = new CopyOnWriteArrayList<>();
      List<String> threads = new CopyOnWriteArrayList<>();
      AutoCloseable h =
          c.node(1)
              .groups
              .addViewListener(
                  v -> {
                    seen.add(v);
                    threads.add(Thread.currentThread().getName());
                  });
      assertThat(seen).hasSize(1);
      assertThat(seen.get(0).members()).containsExactly(1, 2, 3);
      assertThat(threads.get(0)).isEqualTo(Thread.currentThread().getName());
      c.node(3).stop();
      await().atMost(WAIT).until(() -> seen.get(seen.size() - 1).members().equals(List.of(1, 2)));
      assertThat(seen.get(seen.size() - 1).left()).containsExactly(3);
      assertThat(seen.stream().map(RingView::ringId).toList())
          .isSortedAccordingTo(RingId::compareTo)
          .doesNotHaveDuplicates();
      assertThat(threads.subList(1, threads.size())).containsOnly("ring-deliver-1");
      h.close();
    }
  }
}
