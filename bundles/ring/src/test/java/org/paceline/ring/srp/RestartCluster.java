package org.paceline.ring.srp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.paceline.api.ring.RingView;
import org.paceline.ring.layer.Counters;
import org.paceline.ring.layer.CryptoLayer;
import org.paceline.ring.layer.FaultLayer;
import org.paceline.ring.layer.Layer;
import org.paceline.ring.layer.UdpTransport;

/**
 * N ring nodes in this JVM whose processes can be killed and started again, as a benchmark does
 * with real node processes: a restarted node gets a fresh engine and a new crypto epoch on the same
 * UDP address. Each stack has a {@link LagLayer} right below the engine to make a node slow.
 */
final class RestartCluster implements AutoCloseable {

  /** One incarnation of a node. */
  static final class Node implements RingListener {
    final int id;
    final Counters counters = new Counters();
    final List<RingView> views = new CopyOnWriteArrayList<>();
    SrpEngine engine;
    LagLayer lag;
    FaultLayer faults;
    CryptoLayer crypto;
    UdpTransport transport;
    boolean alive;

    Node(int id) {
      this.id = id;
    }

    @Override
    public void deliver(int sender, byte[] chunk) {}

    @Override
    public void viewChanged(RingView view) {
      views.add(view);
    }

    RingView view() {
      return engine.currentView();
    }

    void kill() {
      alive = false;
      transport.close();
      engine.close();
      lag.close();
      faults.close();
      crypto.close();
    }
  }

  private final Duration token;
  private final Duration join;
  private final byte[] key = new byte[32];
  private final List<Integer> ids = new ArrayList<>();
  private final Map<Integer, InetSocketAddress> addrs = new HashMap<>();
  private final Map<Integer, Node> nodes = new HashMap<>();

  RestartCluster(int n, Duration token, Duration join) throws IOException {
    this.token = token;
    this.join = join;
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 5 + 3);
    }
    for (int id = 1; id <= n; id++) {
      ids.add(id);
    }
    for (int id : ids) {
      Node node = build(id, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      addrs.put(id, node.transport.localAddress());
      nodes.put(id, node);
    }
    for (Node node : nodes.values()) {
      node.transport.setPeers(addrs);
    }
    for (Node node : nodes.values()) {
      node.engine.start();
      node.alive = true;
    }
  }

  private Node build(int id, InetSocketAddress bind) throws IOException {
    Node node = new Node(id);
    RingSettings s =
        new RingSettings(
            id,
            ids,
            token,
            join,
            token.multipliedBy(6).dividedBy(5),
            Duration.ofMillis(200),
            RingSettings.defaultHold(token, ids.size()),
            RingSettings.defaultRetransmit(token),
            17,
            50,
            1500 - 28 - CryptoLayer.OVERHEAD,
            Duration.ZERO);
    node.engine = new SrpEngine(s, node, node.counters);
    node.lag = new LagLayer(id, id * 17L + System.nanoTime());
    node.faults = new FaultLayer(id, node.counters, id * 31L);
    node.crypto = new CryptoLayer(key, "restart", id, node.counters);
    node.transport = new UdpTransport(id, bind, addrs, node.counters);
    Layer.stack(node.engine, node.lag, node.faults, node.crypto, node.transport);
    node.transport.start();
    return node;
  }

  Node node(int id) {
    return nodes.get(id);
  }

  List<Node> nodes() {
    return ids.stream().map(nodes::get).toList();
  }

  /** Kills node {@code id}: its network goes first, so nothing gets out. */
  void kill(int id) {
    nodes.get(id).kill();
  }

  /** Starts node {@code id} again: a new process on the same address, under a new epoch. */
  Node restart(int id) throws IOException {
    Node old = nodes.get(id);
    if (old.alive) {
      old.kill();
    }
    Node fresh = build(id, addrs.get(id));
    nodes.put(id, fresh);
    fresh.engine.start();
    fresh.alive = true;
    return fresh;
  }

  /** Whether every listed node is operational in one ring of exactly these members. */
  boolean agree(List<Integer> members) {
    RingView first = null;
    for (int id : members) {
      Node n = nodes.get(id);
      RingView v = n.view();
      if (!v.members().equals(members) || n.engine.state() != SrpEngine.State.OPERATIONAL) {
        return false;
      }
      if (first != null && !first.ringId().equals(v.ringId())) {
        return false;
      }
      first = v;
    }
    return true;
  }

  /** The highest ring seq any live node has installed. */
  long highestRingSeq() {
    return nodes.values().stream()
        .filter(n -> n.alive)
        .mapToLong(n -> n.view().ringId().seq())
        .max()
        .orElse(0);
  }

  /** One line per node: state, view and counters (for failure messages). */
  String describe() {
    StringBuilder sb = new StringBuilder();
    for (Node n : nodes()) {
      sb.append('\n').append(n.engine.describe()).append(" view ").append(n.view());
    }
    return sb.toString();
  }

  @Override
  public void close() {
    for (Node n : nodes.values()) {
      if (n.alive) {
        n.kill();
      }
    }
  }
}
