package org.paceline.ring.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.paceline.api.ring.Group;
import org.paceline.api.ring.GroupListener;
import org.paceline.api.ring.GroupView;
import org.paceline.api.ring.MessageTooLargeException;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;
import org.paceline.ring.group.GroupWire.Kind;

/** The group channel over an in-memory ring: fragmentation, malformed input, errors, listeners. */
class GroupMessagingTest {

  private static byte[] body(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static FakeRing ringOf(int n) {
    FakeRing ring = new FakeRing(n);
    List<Integer> all = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      all.add(i);
    }
    ring.install(all);
    await().until(() -> all.stream().allMatch(i -> ring.node(i).groups.synced()));
    return ring;
  }

  @Test
  void messagesOfEverySizeArriveWholeOnEveryMember() throws Exception {
    try (FakeRing ring = ringOf(2)) {
      Recorder r1 = new Recorder();
      Recorder r2 = new Recorder();
      Group g1 = ring.node(1).groups.join("g", r1);
      ring.node(2).groups.join("g", r2);
      await().until(() -> r1.members().equals(List.of(1, 2)));
      int chunk = FakeRing.MAX_CHUNK;
      List<byte[]> sent = new ArrayList<>();
      for (int size : List.of(0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk, 1 << 20)) {
        sent.add(body(size, size));
        g1.send(sent.get(sent.size() - 1));
      }
      await().until(() -> r2.messages.size() == sent.size());
      ring.drain();
      for (Recorder r : List.of(r1, r2)) {
        assertThat(r.messages).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
          assertThat(r.messages.get(i).sender()).isEqualTo(1);
          assertThat(r.messages.get(i).body()).isEqualTo(sent.get(i));
        }
      }
      assertThat(ring.node(2).counters.snapshot()).isEmpty();
    }
  }

  @Test
  void aMessageOverOneMebibyteIsRefusedAndNothingIsSent() throws Exception {
    try (FakeRing ring = ringOf(1)) {
      Group g = ring.node(1).groups.join("g", new Recorder());
      assertThat(ring.node(1).groups.maxMessageSize()).isEqualTo(1 << 20);
      int before = ring.node(1).submitted.get();
      assertThatThrownBy(() -> g.send(new byte[(1 << 20) + 1]))
          .isInstanceOf(MessageTooLargeException.class)
          .hasMessageContaining("1048577");
      assertThat(ring.node(1).submitted.get()).isEqualTo(before);
    }
  }

  @Test
  void malformedChunksAreCountedAndDroppedNeverThrown() throws Exception {
    try (FakeRing ring = ringOf(1)) {
      Recorder r = new Recorder();
      ring.node(1).groups.join("g", r);
      await().until(() -> r.views.size() == 1);
      List<byte[]> bad = new ArrayList<>(GroupWireTest.malformedChunks());
      bad.add(GroupWire.split(Kind.JOIN, 1, "g", new byte[3], FakeRing.MAX_CHUNK).get(0));
      bad.add(GroupWire.split(Kind.ANNOUNCE, 2, null, new byte[5], FakeRing.MAX_CHUNK).get(0));
      List<byte[]> twoFragments = GroupWire.split(Kind.DATA, 3, "g", body(400, 1), 300);
      bad.add(twoFragments.get(0));
      bad.add(GroupWireTest.withInt(twoFragments.get(1), 6, 99)); // another message's fragment
      for (byte[] chunk : bad) {
        ring.inject(1, 2, chunk);
      }
      ring.inject(1, 3, twoFragments.get(1)); // orphan: counted apart
      ring.inject(1, 2, GroupWire.split(Kind.DATA, 4, "g", new byte[] {7}, 300).get(0));
      ring.drain();
      assertThat(ring.node(1).counters.get(Reassembler.MALFORMED)).isEqualTo(bad.size() - 1);
      assertThat(ring.node(1).counters.get(Reassembler.ORPHANS)).isEqualTo(1);
      assertThat(r.messages).hasSize(1);
      assertThat(r.messages.get(0).body()).containsExactly(7);
    }
  }

  @Test
  void aDepartedSendersPartialIsDroppedWhileAStayingSendersContinues() throws Exception {
    try (FakeRing ring = ringOf(1)) {
      Recorder r = new Recorder();
      ring.node(1).groups.join("g", r);
      ring.install(List.of(1, 2, 3)); // 2 and 3 are phantoms: their chunks are injected
      byte[] a = body(2000, 2);
      byte[] b = body(2000, 3);
      List<byte[]> ca = GroupWire.split(Kind.DATA, 100, "g", a, FakeRing.MAX_CHUNK);
      List<byte[]> cb = GroupWire.split(Kind.DATA, 100, "g", b, FakeRing.MAX_CHUNK);
      for (int i = 0; i < 3; i++) {
        ring.inject(1, 2, ca.get(i));
        ring.inject(1, 3, cb.get(i));
      }
      ring.drain();
      assertThat(ring.node(1).groups.partialSenders()).containsExactlyInAnyOrder(2, 3);
      ring.install(List.of(1, 2));
      for (int i = 3; i < ca.size(); i++) {
        ring.inject(1, 2, ca.get(i));
      }
      ring.inject(1, 3, cb.get(3));
      ring.drain();
      assertThat(r.messages).hasSize(1);
      assertThat(r.messages.get(0).body()).isEqualTo(a);
      assertThat(ring.node(1).counters.get(Reassembler.PARTIALS_DISCARDED)).isEqualTo(1);
      assertThat(ring.node(1).groups.partialSenders()).isEmpty();
    }
  }

  @Test
  void concurrentSendersOfOneNodeNeverInterleaveFragments() throws Exception {
    try (FakeRing ring = ringOf(2)) {
      Recorder r2 = new Recorder();
      Group g = ring.node(1).groups.join("g", new Recorder());
      ring.node(2).groups.join("g", r2);
      await().until(() -> r2.members().equals(List.of(1, 2)));
      List<String> sent = new CopyOnWriteArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        Thread th =
            new Thread(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    byte[] m = body(1000 + 97 * i, seed * 100L + i);
                    sent.add(Recorder.describe(1, m));
                    try {
                      g.send(m);
                    } catch (MessageTooLargeException e) {
                      throw new IllegalStateException(e);
                    }
                  }
                },
                "sender-" + t);
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        th.join();
      }
      await().until(() -> r2.messages.size() == 80);
      assertThat(r2.messageEvents()).containsExactlyInAnyOrderElementsOf(sent);
      assertThat(ring.node(2).counters.get(Reassembler.MALFORMED)).isZero();
      assertThat(ring.node(2).counters.get(Reassembler.PARTIALS_DISCARDED)).isZero();
    }
  }

  @Test
  void aFullSendQueueFailsWithAClearMessage() throws Exception {
    try (FakeRing ring = ringOf(1)) {
      Group g = ring.node(1).groups.join("g", new Recorder());
      ring.node(1).full = true;
      assertThatThrownBy(() -> g.send(new byte[10]))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("node 1: the ring's send queue stayed full for 200 ms");
      assertThatThrownBy(() -> ring.node(1).groups.join("h", new Recorder()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the join of group h was not sent");
      assertThatThrownBy(g::close).isInstanceOf(IllegalStateException.class);
      ring.node(1).full = false;
      g.close(); // retried
      ring.node(1).groups.join("h", new Recorder()); // the failed join left nothing behind
    }
  }

  @Test
  void misuseIsRefused() throws Exception {
    try (FakeRing ring = ringOf(1)) {
      GroupMessaging groups = ring.node(1).groups;
      Group g = groups.join("g", new Recorder());
      assertThatThrownBy(() -> groups.join("g", new Recorder()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("node 1 already joined group g");
      assertThatThrownBy(() -> groups.join("", new Recorder()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> groups.join("x".repeat(256), new Recorder()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> groups.attach(ring.node(1)))
          .isInstanceOf(IllegalStateException.class);
      g.close();
      g.close();
      assertThatThrownBy(() -> g.send(new byte[1]))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("node 1 left group g");
      groups.join("g", new Recorder()).close(); // may join again
      groups.close();
      assertThatThrownBy(() -> groups.join("h", new Recorder()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
    GroupMessaging unattached = new GroupMessaging(new org.paceline.ring.layer.Counters());
    assertThatThrownBy(unattached::currentView).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void failingListenersAreCountedAndDeliveryGoesOn() throws Exception {
    try (FakeRing ring = ringOf(1)) {
      Recorder after = new Recorder();
      GroupListener failing =
          new GroupListener() {
            @Override
            public void viewChanged(GroupView view) {
              throw new IllegalStateException("view boom");
            }

            @Override
            public void deliver(int sender, byte[] message) {
              throw new IllegalStateException("message boom");
            }
          };
      Group bad = ring.node(1).groups.join("bad", failing);
      ring.node(1).groups.join("good", after);
      AutoCloseable h =
          ring.node(1)
              .groups
              .addViewListener(
                  v -> {
                    throw new IllegalStateException("ring view boom");
                  });
      bad.send(new byte[] {1});
      ring.install(List.of(1));
      await().until(() -> after.views.size() == 1);
      await().until(() -> ring.node(1).counters.get(LocalGroup.LISTENER_ERRORS) == 4);
      h.close();
    }
  }

  @Test
  void ringViewListenersStartWithTheCurrentViewAndSeeIncreasingRings() throws Exception {
    try (FakeRing ring = ringOf(2)) {
      List<RingView> seen = new CopyOnWriteArrayList<>();
      List<String> threads = new CopyOnWriteArrayList<>();
      AutoCloseable h =
          ring.node(1)
              .groups
              .addViewListener(
                  v -> {
                    seen.add(v);
                    threads.add(Thread.currentThread().getName());
                  });
      assertThat(seen).hasSize(1);
      assertThat(seen.get(0)).isEqualTo(ring.node(1).groups.currentView());
      assertThat(threads.get(0)).isEqualTo(Thread.currentThread().getName());
      ring.install(List.of(1));
      ring.install(List.of(1, 2));
      await().until(() -> seen.size() == 3);
      assertThat(seen.stream().map(RingView::ringId).toList())
          .isSortedAccordingTo(RingId::compareTo)
          .doesNotHaveDuplicates();
      assertThat(seen.get(1).left()).containsExactly(2);
      assertThat(threads.subList(1, 3)).containsOnly("fake-ring");
      h.close();
      ring.install(List.of(1));
      ring.drain();
      assertThat(seen).hasSize(3);
    }
  }

  @Test
  void aBlockedRingViewListenerDoesNotHoldBackTheAnnouncement() throws Exception {
    try (FakeRing ring = ringOf(2)) {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch blocked = new CountDownLatch(1);
      AutoCloseable h =
          ring.node(1)
              .groups
              .addViewListener(
                  v -> {
                    if (v.members().size() == 3) {
                      blocked.countDown();
                      try {
                        assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }
                  });
      int before = ring.node(1).submitted.get();
      // Member 3 is a phantom that never announces, so the groups never synchronize; but node 1's
      // announcement must go out while its listener still holds the delivering thread.
      ring.install(List.of(1, 2, 3));
      assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
      await().until(() -> ring.node(1).submitted.get() == before + 1);
      assertThat(release.getCount()).isEqualTo(1);
      release.countDown();
      h.close();
    }
  }
}
