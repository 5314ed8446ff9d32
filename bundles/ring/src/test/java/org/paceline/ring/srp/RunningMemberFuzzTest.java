package org.paceline.ring.srp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.paceline.ring.layer.Counters;
import org.paceline.ring.layer.CryptoLayer;
import org.paceline.ring.layer.Layer;

/**
 * Feeds 100,000 hostile packets into a running member's stack (below its crypto layer) while the
 * ring carries traffic: nothing escapes, the ring keeps delivering in one order without a view
 * change, and the counters account for the drops.
 */
class RunningMemberFuzzTest {

  /** Captures what a forged sender's crypto layer seals. */
  private static final class Capture extends Layer {
    byte[] last;

    @Override
    public void down(int[] to, byte[] packet) {
      last = packet;
    }
  }

  @Test
  void hostilePacketsAreDroppedAndCountedWhileTheRingDelivers() throws Exception {
    try (TestCluster c = new TestCluster(3, Duration.ofMillis(300))) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.agree(List.of(1, 2, 3)));
      TestCluster.Node target = c.node(1);
      List<Integer> viewsBefore = c.nodes.stream().map(n -> n.views.size()).toList();
      Random random = new Random(42);

      // A forged sender with the right key (an insider's packets, node id 99 which is not in
      // the nodelist) and one with a wrong key.
      Capture right = new Capture();
      CryptoLayer forged = new CryptoLayer(c.key, "test", 99, new Counters());
      Layer.stack(forged, right);
      byte[] wrongKey = c.key.clone();
      wrongKey[0] ^= 1;
      Capture wrong = new Capture();
      CryptoLayer forgedWrong = new CryptoLayer(wrongKey, "test", 2, new Counters());
      Layer.stack(forgedWrong, wrong);

      List<Thread> senders = new ArrayList<>();
      for (TestCluster.Node n : c.nodes) {
        senders.add(n.sendInBackground(n.id * 1_000_000L, 2_000));
      }
      int sent = 0;
      long expectBadTag = 0;
      long expectReplayed = 0;
      long expectShort = 0;
      while (sent < 100_000) {
        int kind = sent % 5;
        byte[] packet;
        int from;
        switch (kind) {
          case 0 -> {
            // random garbage claiming to come from node 2
            packet = new byte[random.nextInt(200)];
            random.nextBytes(packet);
            from = 2;
          }
          case 1 -> {
            // a valid packet of the insider with one bit flipped
            forged.down(new int[] {1}, randomProtocolPayload(random));
            packet = right.last.clone();
            int bit = random.nextInt(packet.length * 8);
            packet[bit / 8] ^= (byte) (1 << (bit % 8));
            from = 99;
            if (bit / 8 >= 1 + 4) { // a flipped sender id is a sender mismatch instead
              expectBadTag++;
            }
          }
          case 2 -> {
            // a valid packet truncated
            forged.down(new int[] {1}, randomProtocolPayload(random));
            packet = java.util.Arrays.copyOf(right.last, random.nextInt(right.last.length));
            from = 99;
            expectShort++;
          }
          case 3 -> {
            // a packet sealed with the wrong key, as node 2
            forgedWrong.down(new int[] {1}, randomProtocolPayload(random));
            packet = wrong.last;
            from = 2;
            expectBadTag++;
          }
          default -> {
            // a valid insider packet with a garbage protocol payload, then its replay
            forged.down(new int[] {1}, randomProtocolPayload(random));
            packet = right.last;
            from = 99;
            target.crypto.up(from, packet);
            sent++;
            expectReplayed++;
          }
        }
        target.crypto.up(from, packet);
        sent++;
        if (sent % 1_000 == 0) {
          Thread.yield();
        }
      }
      for (Thread t : senders) {
        t.join();
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> c.nodes.stream().allMatch(n -> n.deliveredOrder().size() == 6_000));
      for (TestCluster.Node n : c.nodes) {
        assertThat(n.deliveredOrder()).isEqualTo(c.node(1).deliveredOrder());
        assertThat(n.views).as("no view change").hasSize(viewsBefore.get(n.id - 1));
      }
      Counters k = target.counters;
      assertThat(sent).isGreaterThanOrEqualTo(100_000);
      assertThat(k.get("bad_tag")).isGreaterThanOrEqualTo(expectBadTag);
      assertThat(k.get("replayed")).isGreaterThanOrEqualTo(expectReplayed);
      assertThat(k.get("truncated") + k.get("bad_tag") + k.get("bad_version"))
          .isGreaterThanOrEqualTo(expectShort);
      assertThat(k.get("internal_errors")).isZero();
      assertThat(k.get("malformed")).isPositive();
      assertThat(target.transport.isReceiving()).isTrue();
    }
  }

  /** Bytes that look a little like a protocol packet: a plausible type, then noise. */
  private static byte[] randomProtocolPayload(Random random) {
    byte[] p = new byte[1 + random.nextInt(120)];
    random.nextBytes(p);
    p[0] = (byte) (1 + random.nextInt(8));
    return p;
  }
}
