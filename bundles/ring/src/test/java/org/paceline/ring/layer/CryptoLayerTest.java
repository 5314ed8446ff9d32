package org.paceline.ring.layer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.paceline.ring.layer.CryptoLayer.Mode;

class CryptoLayerTest {

  static final byte[] KEY = key(1);
  static final byte[] OTHER_KEY = key(2);
  static final String CLUSTER = "test-cluster";

  static byte[] key(int seed) {
    byte[] k = new byte[32];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (seed * 31 + i * 7);
    }
    return k;
  }

  /** One node's stack: a recording top, the crypto layer, and a recording wire at the bottom. */
  static final class Node {
    final Counters counters = new Counters();
    final RecordingLayer top = new RecordingLayer();
    final RecordingLayer wire = new RecordingLayer();
    final CryptoLayer crypto;

    Node(int id, byte[] key, String cluster, long epoch, Mode mode, int maxPacket) {
      crypto = new CryptoLayer(key, cluster, id, epoch, mode, maxPacket, counters);
      Layer.stack(top, crypto, wire);
    }

    Node(int id, byte[] key, long epoch) {
      this(id, key, CLUSTER, epoch, Mode.ENCRYPT, CryptoLayer.MAX_PACKET);
    }

    /** Seals {@code text} for node 2 and returns the packet as it would go on the wire. */
    byte[] seal(String text) {
      return seal(text.getBytes(UTF_8));
    }

    /** Seals {@code payload} for node 2 and returns the packet (forgetting the recorded one). */
    byte[] seal(byte[] payload) {
      top.down(new int[] {2}, payload);
      byte[] p = wire.lastDown();
      wire.clear();
      return p;
    }

    /** Passes {@code packet} up as if the transport received it from node {@code from}. */
    void receive(int from, byte[] packet) {
      wire.up(from, packet);
    }

    long dropped() {
      return counters.snapshot().values().stream().mapToLong(Long::longValue).sum();
    }
  }

  static long counter(byte[] packet) {
    return ByteBuffer.wrap(packet).getLong(13);
  }

  @Test
  void roundTripBetweenTwoNodesAndToSelf() {
    Node a = new Node(1, KEY, 100);
    Node b = new Node(2, KEY, 200);
    LoopbackLayer wireA = new LoopbackLayer(1);
    LoopbackLayer wireB = new LoopbackLayer(2);
    LoopbackLayer.connect(wireA, wireB);
    RecordingLayer topA = new RecordingLayer();
    RecordingLayer topB = new RecordingLayer();
    Layer.stack(topA, a.crypto, wireA);
    Layer.stack(topB, b.crypto, wireB);

    topA.down(new int[] {2}, "hello b".getBytes(UTF_8));
    topB.down(new int[] {1}, "hello a".getBytes(UTF_8));
    topA.down(new int[] {1, 2}, "to both".getBytes(UTF_8));
    topA.down(new int[] {2}, new byte[0]);

    assertThat(topB.upTexts()).containsExactly("hello b", "to both", "");
    assertThat(topB.ups()).allSatisfy(u -> assertThat(u.from()).isEqualTo(1));
    assertThat(topA.upTexts()).containsExactly("hello a", "to both");
    assertThat(a.counters.snapshot()).isEmpty();
    assertThat(b.counters.snapshot()).isEmpty();
  }

  @Test
  void sealsOncePerDownCallWithTheDocumentedHeader() {
    Node a = new Node(7, KEY, 0x0102030405060708L);

    a.top.down(new int[] {2, 3, 7}, "payload".getBytes(UTF_8));
    a.top.down(new int[] {2}, "payload".getBytes(UTF_8));
    a.top.down(new int[0], "nowhere".getBytes(UTF_8));

    List<RecordingLayer.Down> sent = a.wire.downs();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).to()).containsExactly(2, 3, 7);
    byte[] p = sent.get(0).packet();
    assertThat(p).hasSize("payload".length() + CryptoLayer.OVERHEAD);
    ByteBuffer h = ByteBuffer.wrap(p);
    assertThat(h.get(0)).isEqualTo((byte) 1);
    assertThat(h.getInt(1)).isEqualTo(7);
    assertThat(h.getLong(5)).isEqualTo(0x0102030405060708L);
    assertThat(h.getLong(13)).isEqualTo(1);
    assertThat(counter(sent.get(1).packet())).isEqualTo(2);
    assertThat(CryptoLayer.OVERHEAD).isEqualTo(37);
  }

  @Test
  void encryptsThePayload() {
    Node a = new Node(1, KEY, 1);
    String secret = "secret-secret-secret-secret";

    byte[] p = a.seal(secret);

    assertThat(new String(p, UTF_8)).doesNotContain("secret");
    assertThat(Arrays.copyOfRange(p, CryptoLayer.HEADER, p.length - CryptoLayer.TAG))
        .isNotEqualTo(secret.getBytes(UTF_8));
  }

  @Test
  void aNewEpochIsHigherThanAnEarlierOne() {
    long first = CryptoLayer.newEpoch();
    assertThat(CryptoLayer.newEpoch()).isGreaterThanOrEqualTo(first);
    assertThat(first).isGreaterThan(1_600_000_000_000_000L); // microseconds, after 2020
    assertThat(new CryptoLayer(KEY, CLUSTER, 1, new Counters()).epoch())
        .isGreaterThanOrEqualTo(first);
  }

  @Test
  void wrongKeyOrOtherClusterIsBadTag() {
    Node b = new Node(2, KEY, 2);
    Node evil = new Node(1, OTHER_KEY, 1);
    Node otherCluster = new Node(1, KEY, "other", 1, Mode.ENCRYPT, CryptoLayer.MAX_PACKET);

    b.receive(1, evil.seal("forged"));
    b.receive(1, otherCluster.seal("lost"));

    assertThat(b.top.ups()).isEmpty();
    assertThat(b.counters.get("bad_tag")).isEqualTo(2);
  }

  @Test
  void everyFlippedBitIsDroppedAndCountedOnce() {
    Node a = new Node(1, KEY, 1000);
    Node b = new Node(2, KEY, 2);
    b.receive(1, a.seal("first")); // b now knows a's epoch, so flips can also look stale/replayed
    byte[] good = a.seal("the packet under test");
    int bits = good.length * 8;

    for (int bit = 0; bit < bits; bit++) {
      byte[] bad = good.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      long before = b.dropped();
      b.receive(1, bad);
      assertThat(b.dropped()).as("drops after flipping bit %d", bit).isEqualTo(before + 1);
    }

    assertThat(b.top.upTexts()).containsExactly("first");
    assertThat(b.counters.get("bad_version")).isEqualTo(8);
    assertThat(b.counters.get("sender_mismatch")).isEqualTo(32);
    // epoch (64 bits) and counter (64 bits): stale, replayed or bad tag; the rest: bad tag
    int bodyBits = (good.length - CryptoLayer.HEADER) * 8;
    assertThat(b.counters.get("bad_tag")).isGreaterThanOrEqualTo(bodyBits);
    assertThat(
            b.counters.get("bad_tag") + b.counters.get("stale_epoch") + b.counters.get("replayed"))
        .isEqualTo(bodyBits + 128);
    assertThat(b.counters.get("stale_epoch")).isPositive();
    assertThat(b.counters.get("replayed")).isPositive();

    b.receive(1, good);
    assertThat(b.top.upTexts()).containsExactly("first", "the packet under test");
  }

  @Test
  void truncationAtEveryLengthIsDropped() {
    Node a = new Node(1, KEY, 1);
    Node b = new Node(2, KEY, 2);
    byte[] good = a.seal("some payload to cut");

    for (int len = 0; len < good.length; len++) {
      b.receive(1, Arrays.copyOf(good, len));
    }

    assertThat(b.top.ups()).isEmpty();
    assertThat(b.counters.get("truncated")).isEqualTo(CryptoLayer.OVERHEAD);
    assertThat(b.counters.get("bad_tag")).isEqualTo(good.length - CryptoLayer.OVERHEAD);
    b.receive(1, good);
    assertThat(b.top.upTexts()).containsExactly("some payload to cut");
  }

  @Test
  void oversizedPacketsAreDroppedBothWays() {
    int max = 100;
    Node a = new Node(1, KEY, CLUSTER, 1, Mode.ENCRYPT, max);
    Node b = new Node(2, KEY, CLUSTER, 2, Mode.ENCRYPT, max);
    assertThat(a.crypto.maxPayload()).isEqualTo(max - CryptoLayer.OVERHEAD);

    a.top.down(new int[] {2}, new byte[max - CryptoLayer.OVERHEAD + 1]);
    assertThat(a.wire.downs()).isEmpty();
    assertThat(a.counters.get("tx_oversized")).isEqualTo(1);

    byte[] fits = a.seal("x".repeat(max - CryptoLayer.OVERHEAD));
    assertThat(fits).hasSize(max);
    b.receive(1, Arrays.copyOf(fits, max + 1));
    assertThat(b.counters.get("oversized")).isEqualTo(1);
    b.receive(1, fits);
    assertThat(b.top.ups()).hasSize(1);
  }

  @Test
  void replayedPacketIsDeliveredOnce() {
    Node a = new Node(1, KEY, 1);
    Node b = new Node(2, KEY, 2);
    byte[] p = a.seal("once");

    b.receive(1, p);
    b.receive(1, p);
    b.receive(1, p.clone());

    assertThat(b.top.upTexts()).containsExactly("once");
    assertThat(b.counters.get("replayed")).isEqualTo(2);
  }

  @Test
  void outOfOrderWithinTheWindowIsAcceptedOnceAndTooOldIsNot() {
    Node a = new Node(1, KEY, 1);
    Node b = new Node(2, KEY, 2);
    List<byte[]> sealed = new ArrayList<>();
    for (int i = 1; i <= ReplayWindow.SIZE + 100; i++) {
      sealed.add(a.seal("p" + i));
    }

    for (int i : new int[] {5, 3, 1, 4, 2}) {
      b.receive(1, sealed.get(i - 1));
    }
    for (int i = 1; i <= 5; i++) {
      b.receive(1, sealed.get(i - 1));
    }
    assertThat(b.top.upTexts()).containsExactly("p5", "p3", "p1", "p4", "p2");
    assertThat(b.counters.get("replayed")).isEqualTo(5);

    b.receive(1, sealed.get(sealed.size() - 1)); // counter SIZE + 100
    b.receive(1, sealed.get(99)); // counter 100: SIZE below the highest, too old
    b.receive(1, sealed.get(100)); // counter 101: just inside
    assertThat(b.top.upTexts()).endsWith("p" + (ReplayWindow.SIZE + 100), "p101");
    assertThat(b.counters.get("replayed")).isEqualTo(6);
  }

  @Test
  void restartedSenderIsAcceptedAndItsOldEpochIsStale() {
    Node before = new Node(1, KEY, 1000);
    Node after = new Node(1, KEY, 2000);
    Node b = new Node(2, KEY, 2);
    byte[] old1 = before.seal("old 1");
    byte[] old2 = before.seal("old 2");
    byte[] new1 = after.seal("new 1");
    assertThat(counter(new1)).isEqualTo(1);

    b.receive(1, old1);
    b.receive(1, new1);
    b.receive(1, old2);
    b.receive(1, after.seal("new 2"));

    assertThat(b.top.upTexts()).containsExactly("old 1", "new 1", "new 2");
    assertThat(b.counters.get("stale_epoch")).isEqualTo(1);
  }

  @Test
  void forgedPacketsDoNotMoveTheEpochOrTheWindow() {
    Node a = new Node(1, KEY, 1000);
    Node evil = new Node(1, OTHER_KEY, 5000);
    Node b = new Node(2, KEY, 2);
    b.receive(1, a.seal("a 1"));

    for (int i = 0; i < 2000; i++) {
      b.receive(1, evil.seal("forged " + i)); // higher epoch, counters far ahead
    }
    b.receive(1, a.seal("a 2"));

    assertThat(b.top.upTexts()).containsExactly("a 1", "a 2");
    assertThat(b.counters.get("bad_tag")).isEqualTo(2000);
  }

  @Test
  void headerSenderMustBeTheTransportSender() {
    Node c = new Node(3, KEY, 1);
    Node b = new Node(2, KEY, 2);

    b.receive(1, c.seal("from 3, claiming to come from 1"));

    assertThat(b.top.ups()).isEmpty();
    assertThat(b.counters.get("sender_mismatch")).isEqualTo(1);
  }

  @Test
  void authenticateModeSendsClearTextButStillAuthenticates() {
    Node a = new Node(1, KEY, CLUSTER, 1, Mode.AUTHENTICATE, CryptoLayer.MAX_PACKET);
    Node b = new Node(2, KEY, CLUSTER, 2, Mode.AUTHENTICATE, CryptoLayer.MAX_PACKET);
    Node encrypting = new Node(3, KEY, 3);

    byte[] p = a.seal("readable");
    assertThat(p[0]).isEqualTo((byte) 2);
    assertThat(new String(p, UTF_8)).contains("readable");
    byte[] changed = p.clone();
    changed[CryptoLayer.HEADER] ^= 1;
    b.receive(1, changed);
    b.receive(1, p);
    b.receive(3, encrypting.seal("other mode"));
    encrypting.receive(1, a.seal("other mode"));

    assertThat(b.top.upTexts()).containsExactly("readable");
    assertThat(b.counters.get("bad_tag")).isEqualTo(1);
    assertThat(b.counters.get("bad_version")).isEqualTo(1);
    assertThat(encrypting.counters.get("bad_version")).isEqualTo(1);
  }

  @Test
  void concurrentSendersGetDistinctCounters() throws Exception {
    Node a = new Node(1, KEY, 1);
    Node b = new Node(2, KEY, 2);
    int threads = 4;
    int each = 2000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    a.top.down(new int[] {2}, ("t" + thread + " " + i).getBytes(UTF_8));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    List<byte[]> sent =
        a.wire.downs().stream()
            .map(RecordingLayer.Down::packet)
            .sorted(Comparator.comparingLong(CryptoLayerTest::counter))
            .toList();
    assertThat(sent.stream().mapToLong(CryptoLayerTest::counter))
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, threads * each).asLongStream().boxed().toList());
    sent.forEach(p -> b.receive(1, p));
    assertThat(b.top.ups()).hasSize(threads * each);
    assertThat(b.counters.snapshot()).isEmpty();
  }

  @Test
  void rejectsAShortKey() {
    assertThatThrownBy(() -> new CryptoLayer(new byte[16], CLUSTER, 1, new Counters()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("authkey");
  }
}
