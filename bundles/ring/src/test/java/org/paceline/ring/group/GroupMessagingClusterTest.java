package org.paceline.ring.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.paceline.api.ring.MessageTooLargeException;
import org.paceline.ring.group.GroupMembershipClusterTest.Member;

/** Group messages over the real ring: sizes, limits, concurrent senders, a crash mid-message. */
class GroupMessagingClusterTest {

  private static final Duration TOKEN = Duration.ofMillis(500);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<Integer> ALL = List.of(1, 2, 3);

  private static byte[] body(int size, long seed) {
    byte[] b = new byte[size];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      b[i] = (byte) r.nextInt();
    }
    return b;
  }

  /** Sends {@code messages} from {@code member} on a new thread; failures end up in the list. */
  private static Thread sendInBackground(
      Member member, List<byte[]> messages, List<Throwable> failures) {
    Thread t =
        new Thread(
            () -> {
              try {
                for (byte[] m : messages) {
                  member.send(m);
                }
              } catch (Exception e) {
                failures.add(e);
              }
            },
            "test-sender");
    t.start();
    return t;
  }

  @Test
  void messagesOfEverySizeArriveWholeAndInOneOrderOnEveryMember() throws Exception {
    try (GroupTestCluster c = new GroupTestCluster(3, TOKEN)) {
      c.awaitSettled(ALL);
      List<Member> m = GroupMembershipClusterTest.joinAll(c, "g", 1, 2, 3);
      int chunk = c.maxChunk();
      List<Integer> sizes = List.of(1, chunk - 1, chunk, chunk + 1, 100 * 1024, 1 << 20);
      List<byte[]> from1 = sizes.stream().map(s -> body(s, s)).toList();
      List<Integer> reversed = new ArrayList<>(sizes);
      java.util.Collections.reverse(reversed);
      List<byte[]> from3 = reversed.stream().map(s -> body(s, -s)).toList();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      Thread t1 = sendInBackground(m.get(0), from1, failures);
      Thread t3 = sendInBackground(m.get(2), from3, failures);
      t1.join();
      t3.join();
      assertThat(failures).isEmpty();
      await()
          .atMost(WAIT)
          .until(() -> m.stream().allMatch(x -> x.recorder().messages.size() == 12));
      for (Member x : m) {
        Recorder r = x.recorder();
        assertThat(bodiesFrom(r, 1)).containsExactlyElementsOf(from1);
        assertThat(bodiesFrom(r, 3)).containsExactlyElementsOf(from3);
      }
      assertThat(m.get(0).recorder().messageEvents())
          .isEqualTo(m.get(1).recorder().messageEvents())
          .isEqualTo(m.get(2).recorder().messageEvents());
      for (GroupTestCluster.Node n : c.nodes) {
        assertThat(n.counters.get(Reassembler.MALFORMED)).isZero();
      }
    }
  }

  private static List<byte[]> bodiesFrom(Recorder r, int sender) {
    return r.messages.stream().filter(d -> d.sender() == sender).map(d -> d.body()).toList();
  }

  @Test
  void oneByteOverOneMebibyteIsRefusedAndNothingIsSent() throws Exception {
    try (GroupTestCluster c = new GroupTestCluster(2, TOKEN)) {
      c.awaitSettled(List.of(1, 2));
      List<Member> m = GroupMembershipClusterTest.joinAll(c, "g", 1, 2);
      assertThatThrownBy(() -> m.get(0).send(new byte[(1 << 20) + 1]))
          .isInstanceOf(MessageTooLargeException.class);
      m.get(0).send(new byte[] {5});
      await().atMost(WAIT).until(() -> m.stream().allMatch(x -> !x.recorder().messages.isEmpty()));
      for (Member x : m) {
        assertThat(x.recorder().messages).hasSize(1);
        assertThat(x.recorder().messages.get(0).body()).containsExactly(5);
      }
      for (GroupTestCluster.Node n : c.nodes) {
        assertThat(n.counters.get(Reassembler.ORPHANS)).isZero();
        assertThat(n.counters.get(Reassembler.PARTIALS_DISCARDED)).isZero();
      }
    }
  }

  @Test
  void concurrentLargeSendersOnEveryNodeGiveEveryMemberTheSameSequence() throws Exception {
    try (GroupTestCluster c = new GroupTestCluster(3, TOKEN)) {
      c.awaitSettled(ALL);
      List<Member> m = GroupMembershipClusterTest.joinAll(c, "g", 1, 2, 3);
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      List<Thread> threads = new ArrayList<>();
      List<List<String>> sentPerThread = new ArrayList<>();
      SplittableRandom sizes = new SplittableRandom(7);
      for (int node = 1; node <= 3; node++) {
        for (int t = 0; t < 2; t++) {
          List<byte[]> messages = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            int size = i == 0 ? 1 << 20 : 1 + sizes.nextInt(600 * 1024);
            messages.add(body(size, node * 100L + t * 10 + i));
          }
          int sender = node;
          sentPerThread.add(messages.stream().map(b -> Recorder.describe(sender, b)).toList());
          threads.add(sendInBackground(m.get(node - 1), messages, failures));
        }
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failures).isEmpty();
      await()
          .atMost(WAIT)
          .until(() -> m.stream().allMatch(x -> x.recorder().messages.size() == 18));
      List<String> reference = m.get(0).recorder().messageEvents();
      for (Member x : m) {
        assertThat(x.recorder().messageEvents()).isEqualTo(reference);
      }
      for (List<String> sent : sentPerThread) {
        assertThat(reference).containsSubsequence(sent);
      }
      for (GroupTestCluster.Node n : c.nodes) {
        assertThat(n.counters.get(Reassembler.MALFORMED)).isZero();
        assertThat(n.counters.get(Reassembler.PARTIALS_DISCARDED)).isZero();
      }
    }
  }

  @Test
  void aNodeCrashingMidMessageIsDroppedIdenticallyBySurvivors() throws Exception {
    try (GroupTestCluster c = new GroupTestCluster(3, TOKEN)) {
      c.awaitSettled(ALL);
      List<Member> m = GroupMembershipClusterTest.joinAll(c, "g", 1, 2, 3);
      Recorder r1 = m.get(0).recorder();
      Recorder r2 = m.get(1).recorder();
      c.node(3).sender.pauseAfter(300);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread crashing =
          new Thread(
              () -> {
                try {
                  m.get(2).send(body(1 << 20, 3));
                } catch (Exception e) {
                  failure.set(e);
                }
              },
              "crashing-sender");
      crashing.start();
      // Survivors hold part of node 3's message while node 1 keeps talking.
      await()
          .atMost(WAIT)
          .until(
              () ->
                  c.node(1).groups.partialSenders().contains(3)
                      && c.node(2).groups.partialSenders().contains(3));
      m.get(0).send(body(5000, 1));
      c.node(3).stop();
      crashing.join();
      assertThat(failure.get())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("node 3");
      await().atMost(WAIT).until(() -> c.settled(List.of(1, 2)));
      await()
          .atMost(WAIT)
          .until(() -> r1.members().equals(List.of(1, 2)) && r2.members().equals(List.of(1, 2)));
      m.get(1).send(body(70_000, 2));
      await().atMost(WAIT).until(() -> r1.messages.size() == 2 && r2.messages.size() == 2);
      assertThat(r1.lastView().left()).containsExactly(3);
      List<String> since1 = GroupMembershipClusterTest.eventsSinceView(r1, ALL);
      assertThat(since1).isEqualTo(GroupMembershipClusterTest.eventsSinceView(r2, ALL));
      assertThat(since1).noneMatch(e -> e.startsWith("msg 3 "));
      for (int id : List.of(1, 2)) {
        assertThat(c.node(id).counters.get(Reassembler.PARTIALS_DISCARDED)).isEqualTo(1);
        assertThat(c.node(id).counters.get(Reassembler.MALFORMED)).isZero();
        assertThat(c.node(id).groups.partialSenders()).isEmpty();
      }
    }
  }
}
