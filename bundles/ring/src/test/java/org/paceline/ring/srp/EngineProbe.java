package org.paceline.ring.srp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;
import org.paceline.ring.layer.Counters;
import org.paceline.ring.layer.Layer;

/**
 * One engine alone, between the test and a recording bottom layer: the test plays the other nodes
 * by handing it packets (as if they came from the network, already authenticated) and reads what it
 * sends. Packets reach the protocol thread in the order given.
 */
final class EngineProbe implements AutoCloseable {

  /** A packet the engine sent, and to whom. */
  record Sent(int[] to, Wire.Packet packet) {}

  private final class Bottom extends Layer {
    @Override
    public void down(int[] to, byte[] packet) {
      try {
        sent.add(new Sent(to.clone(), Wire.decode(packet)));
      } catch (Wire.MalformedPacketException e) {
        throw new IllegalStateException("the engine sent a malformed packet", e);
      }
    }
  }

  final Counters counters = new Counters();
  final List<Sent> sent = new CopyOnWriteArrayList<>();
  final List<RingView> views = new CopyOnWriteArrayList<>();
  final SrpEngine engine;
  private long acks;

  EngineProbe(int me, List<Integer> nodes, Duration token, Duration join) {
    RingSettings s =
        new RingSettings(
            me,
            nodes,
            token,
            join,
            token.multipliedBy(6).dividedBy(5),
            Duration.ofMillis(200),
            RingSettings.defaultHold(token, nodes.size()),
            RingSettings.defaultRetransmit(token),
            17,
            50,
            1400,
            Duration.ZERO);
    engine =
        new SrpEngine(
            s,
            new RingListener() {
              @Override
              public void deliver(int sender, byte[] chunk) {}

              @Override
              public void viewChanged(RingView view) {
                views.add(view);
              }
            },
            counters);
    Layer.stack(engine, new Bottom());
    engine.start();
  }

  /** Hands the engine a packet from {@code node}. */
  void from(int node, Wire.Packet p) {
    engine.up(node, Wire.encode(p));
  }

  /**
   * Waits until the engine has handled everything handed to it so far: a commit token it cannot
   * take (it names neither this ring nor this node) still gets an acknowledgement, after all
   * earlier packets.
   */
  void settle() {
    long marker = 1_000_000 + ++acks;
    RingId ring = new RingId(marker, 99);
    from(99, new Wire.Commit(ring, 1, 1, List.of(new Wire.CommitEntry(99, false, ring, 0, 0, 0))));
    awaitSent(Wire.Ack.class, a -> a.ring().equals(ring));
  }

  /** Waits for a packet of this type, sent from now on or before, that matches. */
  <T extends Wire.Packet> T awaitSent(Class<T> type, Predicate<T> match) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> find(type, match), r -> r != null);
  }

  /** The last packet of this type sent that matches, or null. */
  <T extends Wire.Packet> T find(Class<T> type, Predicate<T> match) {
    T found = null;
    for (Sent s : sent) {
      if (type.isInstance(s.packet()) && match.test(type.cast(s.packet()))) {
        found = type.cast(s.packet());
      }
    }
    return found;
  }

  /** How many packets of this type matching {@code match} were sent. */
  <T extends Wire.Packet> long count(Class<T> type, Predicate<T> match) {
    return sent.stream()
        .map(Sent::packet)
        .filter(type::isInstance)
        .map(type::cast)
        .filter(match)
        .count();
  }

  SrpEngine.State state() {
    return engine.state();
  }

  @Override
  public void close() {
    engine.close();
  }
}
