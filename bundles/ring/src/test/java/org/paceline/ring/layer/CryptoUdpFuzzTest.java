package org.paceline.ring.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paceline.ring.layer.CryptoLayer.Mode;
import org.paceline.ring.layer.CryptoLayerTest.Node;

/**
 * Feeds a real receiving stack (UDP transport + crypto) with hostile datagrams over loopback,
 * interleaved with valid ones, and checks that every valid packet arrives, in order, and every bad
 * one is counted exactly once under a drop reason.
 */
class CryptoUdpFuzzTest {

  private static final int BAD_PACKETS = 100_000;
  private static final int MAX_PACKET = 1400;
  private static final int BATCH = 64;
  private static final List<String> DROP_REASONS =
      List.of(
          "unknown_sender",
          "oversized",
          "truncated",
          "bad_version",
          "sender_mismatch",
          "stale_epoch",
          "replayed",
          "bad_tag");

  private final Counters counters = new Counters();
  private final RecordingLayer top = new RecordingLayer();
  private final UdpTransport transport =
      new UdpTransport(
          2, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(), counters);
  private final Random random = new Random(20240611);

  private DatagramSocket peer;
  private DatagramSocket stranger;
  private long sent;
  private final Map<String, Long> expected = new TreeMap<>();
  private long undetermined; // bad packets whose drop reason depends on the mutation

  @AfterEach
  void close() {
    transport.close();
    if (peer != null) {
      peer.close();
    }
    if (stranger != null) {
      stranger.close();
    }
  }

  @Test
  void hostileTrafficIsCountedAndValidTrafficAllArrives() throws IOException {
    CryptoLayer crypto =
        new CryptoLayer(
            CryptoLayerTest.KEY, CryptoLayerTest.CLUSTER, 2, 1, Mode.ENCRYPT, MAX_PACKET, counters);
    Layer.stack(top, crypto, transport);
    transport.start();
    peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    transport.setPeers(Map.of(1, (InetSocketAddress) peer.getLocalSocketAddress()));

    Node previous = new Node(1, CryptoLayerTest.KEY, 1000); // node 1 before its restart
    Node a = new Node(1, CryptoLayerTest.KEY, 2000); // node 1 now
    Node big = new Node(1, CryptoLayerTest.KEY, 2000); // a twin that seals oversized packets
    Node evil = new Node(1, CryptoLayerTest.OTHER_KEY, 3000);
    Node three = new Node(3, CryptoLayerTest.KEY, 1);
    List<byte[]> valid = new ArrayList<>(); // valid packets sent, for replays
    List<byte[]> payloads = new ArrayList<>(); // what must arrive on top, in order
    datagram(peer, previous.seal(payload(payloads))); // not replayed later: it would be stale
    sendValid(a.seal(payload(payloads)), valid);

    long bad = 0;
    while (bad < BAD_PACKETS) {
      int kind = random.nextInt(12);
      switch (kind) {
        case 0, 1 -> sendValid(a.seal(payload(payloads)), valid);
        case 2 -> send(flipBits(a.seal(randomBytes(1024))), null);
        case 3 -> {
          byte[] cut = truncate(a.seal(randomBytes(1024)));
          send(cut, cut.length < CryptoLayer.OVERHEAD ? "truncated" : "bad_tag");
        }
        case 4 -> send(evil.seal(randomBytes(1024)), "bad_tag");
        case 5 -> send(valid.get(random.nextInt(valid.size())).clone(), "replayed");
        case 6 -> send(garbage(), null);
        case 7 -> send(new byte[0], "truncated");
        case 8 -> send(big.seal(new byte[MAX_PACKET + random.nextInt(3000)]), "oversized");
        case 9 -> send(previous.seal(randomBytes(1024)), "stale_epoch");
        case 10 -> send(three.seal(randomBytes(1024)), "sender_mismatch");
        default -> sendFromStranger(a.seal(randomBytes(100)));
      }
      if (kind > 1) {
        bad++;
      }
      if (sent % BATCH == 0) {
        awaitProcessed(); // pacing: never more than a batch in the socket buffer
      }
    }
    awaitProcessed();

    assertThat(transport.isReceiving()).isTrue();
    assertThat(
            counters.get("rx_error") + counters.get("receive_error") + counters.get("crypto_error"))
        .isZero();
    List<byte[]> arrived = top.ups().stream().map(RecordingLayer.Up::packet).toList();
    assertThat(arrived).hasSameSizeAs(payloads);
    for (int i = 0; i < payloads.size(); i++) {
      assertThat(arrived.get(i)).as("valid packet %d", i).isEqualTo(payloads.get(i));
    }
    assertThat(top.ups()).allSatisfy(u -> assertThat(u.from()).isEqualTo(1));
    long dropped = 0;
    for (String reason : DROP_REASONS) {
      assertThat(counters.get(reason))
          .as("%s in %s", reason, counters.snapshot())
          .isGreaterThanOrEqualTo(expected.getOrDefault(reason, 0L))
          .isPositive();
      dropped += counters.get(reason);
    }
    assertThat(dropped).as("drops in %s", counters.snapshot()).isEqualTo(bad);
    assertThat(undetermined).as("flipped bits and garbage").isPositive();
  }

  /** A fresh payload that must arrive: random bytes of random length, numbered. */
  private byte[] payload(List<byte[]> payloads) {
    byte[] p = randomBytes(1024);
    if (p.length >= 4) {
      ByteBuffer.wrap(p).putInt(0, payloads.size());
    }
    payloads.add(p);
    return p;
  }

  private byte[] randomBytes(int maxLength) {
    byte[] b = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(b);
    return b;
  }

  /** One to three distinct bits of a valid packet flipped. */
  private byte[] flipBits(byte[] p) {
    byte[] q = p.clone();
    int flips = 1 + random.nextInt(3);
    int[] bits = random.ints(0, p.length * 8).distinct().limit(flips).toArray();
    for (int bit : bits) {
      q[bit / 8] ^= (byte) (1 << (bit % 8));
    }
    return q;
  }

  /**
   * A valid packet cut short: inside the header, short of a whole tag, in the body, or in the tag.
   */
  private byte[] truncate(byte[] p) {
    int body = p.length - CryptoLayer.OVERHEAD;
    int len =
        switch (random.nextInt(4)) {
          case 0 -> 1 + random.nextInt(CryptoLayer.HEADER - 1);
          case 1 -> CryptoLayer.HEADER + random.nextInt(CryptoLayer.TAG);
          case 2 -> body == 0 ? p.length - 1 : CryptoLayer.OVERHEAD + random.nextInt(body);
          default -> p.length - 1 - random.nextInt(CryptoLayer.TAG);
        };
    return Arrays.copyOf(p, len);
  }

  /** Random bytes; half of them behind a plausible header (version 1, sender 1). */
  private byte[] garbage() {
    byte[] g = new byte[random.nextInt(MAX_PACKET + 1)];
    random.nextBytes(g);
    if (g.length >= 5 && random.nextBoolean()) {
      g[0] = 1;
      ByteBuffer.wrap(g).putInt(1, 1);
      if (g.length >= 13 && random.nextBoolean()) {
        ByteBuffer.wrap(g).putLong(5, 2000); // the current epoch: reaches the tag check
      }
    }
    return g;
  }

  private void sendValid(byte[] packet, List<byte[]> valid) throws IOException {
    valid.add(packet);
    datagram(peer, packet);
  }

  /** Sends a bad packet whose drop reason is {@code reason}, or null if it depends. */
  private void send(byte[] packet, String reason) throws IOException {
    if (reason == null) {
      undetermined++;
    } else {
      expected.merge(reason, 1L, Long::sum);
    }
    datagram(peer, packet);
  }

  private void sendFromStranger(byte[] packet) throws IOException {
    expected.merge("unknown_sender", 1L, Long::sum);
    datagram(stranger, packet);
  }

  private void datagram(DatagramSocket from, byte[] packet) throws IOException {
    from.send(new DatagramPacket(packet, packet.length, transport.localAddress()));
    sent++;
  }

  private void awaitProcessed() {
    await()
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .atMost(Duration.ofSeconds(10))
        .until(() -> processed() == sent);
  }

  private long processed() {
    long n = top.upCount();
    for (String reason : DROP_REASONS) {
      n += counters.get(reason);
    }
    return n;
  }
}
