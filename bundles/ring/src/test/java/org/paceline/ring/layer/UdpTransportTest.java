package org.paceline.ring.layer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UdpTransportTest {

  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** A started transport on {@code host} (any free port) with a recording layer on top. */
  private record Node(UdpTransport transport, RecordingLayer top, Counters counters) {}

  private Node start(int id, String host) throws IOException {
    Counters counters = new Counters();
    UdpTransport t =
        new UdpTransport(
            id, new InetSocketAddress(InetAddress.getByName(host), 0), Map.of(), counters);
    RecordingLayer top = new RecordingLayer();
    Layer.stack(top, t);
    t.start();
    toClose.add(t);
    return new Node(t, top, counters);
  }

  /** Tells every node where the others are. */
  private static void meet(Node... nodes) {
    Map<Integer, InetSocketAddress> all = new HashMap<>();
    for (Node n : nodes) {
      all.put(n.transport().localId(), n.transport().localAddress());
    }
    for (Node n : nodes) {
      n.transport().setPeers(all);
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  @Test
  void twoNodesExchangePacketsAndReachThemselves() throws IOException {
    Node a = start(1, "127.0.0.1");
    Node b = start(2, "127.0.0.1");
    meet(a, b);
    assertThat(a.transport().localAddress().getPort()).isPositive();

    a.transport().down(new int[] {2}, "a to b".getBytes(UTF_8));
    b.transport().down(new int[] {1}, "b to a".getBytes(UTF_8));
    a.transport().down(new int[] {1}, "a to a".getBytes(UTF_8));

    await().until(() -> b.top().upCount() == 1 && a.top().upCount() == 2);
    assertThat(b.top().upTexts()).containsExactly("a to b");
    assertThat(b.top().ups().get(0).from()).isEqualTo(1);
    assertThat(b.top().ups().get(0).thread()).isEqualTo("ring-rx-2");
    assertThat(a.top().upTexts()).containsExactlyInAnyOrder("b to a", "a to a");
    assertThat(a.top().ups()).extracting(RecordingLayer.Up::from).containsExactlyInAnyOrder(2, 1);
    assertThat(a.counters().snapshot()).isEmpty();
  }

  @Test
  void nodesOnSeveralLoopbackAddressesOfOneHost() throws IOException {
    Node a = start(1, "127.0.0.1");
    Node b = start(2, "127.0.0.2");
    Node c = start(3, "127.0.0.3");
    meet(a, b, c);

    a.transport().down(new int[] {2, 3}, "to b and c".getBytes(UTF_8));
    c.transport().down(new int[] {1, 2}, "to a and b".getBytes(UTF_8));

    await().until(() -> a.top().upCount() == 1 && b.top().upCount() == 2 && c.top().upCount() == 1);
    assertThat(b.top().ups()).extracting(RecordingLayer.Up::from).containsExactlyInAnyOrder(1, 3);
    assertThat(b.transport().localAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.2");
  }

  @Test
  void datagramsFromStrangersAreCountedAndDropped() throws IOException {
    Node a = start(1, "127.0.0.1");
    try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      byte[] data = "who am i".getBytes(UTF_8);
      stranger.send(new DatagramPacket(data, data.length, a.transport().localAddress()));
      await().until(() -> a.counters().get("unknown_sender") == 1);
    }
    assertThat(a.top().ups()).isEmpty();
  }

  @Test
  void aTestSocketRegisteredAsPeerCanInjectRawDatagrams() throws IOException {
    Node a = start(1, "127.0.0.1");
    try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      a.transport().setPeers(Map.of(9, (InetSocketAddress) peer.getLocalSocketAddress()));
      peer.send(new DatagramPacket(new byte[0], 0, a.transport().localAddress()));
      byte[] big = new byte[UdpTransport.RECEIVE_BUFFER - 28];
      big[big.length - 1] = 42;
      peer.send(new DatagramPacket(big, big.length, a.transport().localAddress()));
      await().until(() -> a.top().upCount() == 2);
    }
    assertThat(a.top().ups()).extracting(RecordingLayer.Up::from).containsOnly(9);
    assertThat(a.top().ups().get(0).packet()).isEmpty();
    byte[] got = a.top().ups().get(1).packet();
    assertThat(got).hasSize(UdpTransport.RECEIVE_BUFFER - 28);
    assertThat(got[got.length - 1]).isEqualTo((byte) 42);
  }

  @Test
  void sendProblemsAreCountedNotThrown() throws IOException {
    Node a = start(1, "127.0.0.1");

    a.transport().down(new int[] {5}, new byte[10]);
    a.transport().down(new int[] {1}, new byte[70_000]); // too long for UDP
    assertThat(a.counters().get("unknown_destination")).isEqualTo(1);
    assertThat(a.counters().get("send_error")).isEqualTo(1);

    a.transport().close();
    assertThatCode(() -> a.transport().down(new int[] {1}, new byte[10]))
        .doesNotThrowAnyException();
    assertThat(a.counters().get("send_error")).isEqualTo(2);
  }

  @Test
  void aFailingLayerAboveDoesNotStopTheReceiver() throws IOException {
    Counters counters = new Counters();
    UdpTransport t =
        new UdpTransport(
            1, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(), counters);
    toClose.add(t);
    RecordingLayer top = new RecordingLayer();
    Layer failing =
        new Layer() {
          @Override
          public void up(int from, byte[] packet) {
            if (packet.length == 1) {
              throw new IllegalStateException("boom");
            }
            if (packet.length == 2) {
              Thread.currentThread().interrupt(); // would close the channel if left set
            }
            super.up(from, packet);
          }
        };
    Layer.stack(top, failing, t);
    t.start();

    t.down(new int[] {1}, new byte[1]);
    t.down(new int[] {1}, new byte[2]);
    t.down(new int[] {1}, new byte[3]);

    await().until(() -> top.upCount() == 2);
    assertThat(counters.get("rx_error")).isEqualTo(1);
    assertThat(t.isReceiving()).isTrue();
  }

  @Test
  void rejectsAWildcardAddress() {
    assertThatThrownBy(
            () -> new UdpTransport(1, new InetSocketAddress(0), Map.of(), new Counters()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concrete");
  }

  @Test
  void closeStopsTheThreadAndFreesTheAddress() throws IOException {
    Node a = start(1, "127.0.0.1");
    InetSocketAddress bound = a.transport().localAddress();
    assertThat(a.transport().isReceiving()).isTrue();

    a.transport().close();

    assertThat(a.transport().isReceiving()).isFalse();
    UdpTransport again = new UdpTransport(1, bound, Map.of(), new Counters());
    toClose.add(again);
    again.start();
    assertThat(again.localAddress()).isEqualTo(bound);
  }
}
