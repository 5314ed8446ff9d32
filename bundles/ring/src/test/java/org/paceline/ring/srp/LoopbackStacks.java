package org.paceline.ring.srp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.paceline.ring.layer.Counters;
import org.paceline.ring.layer.CryptoLayer;
import org.paceline.ring.layer.FaultLayer;
import org.paceline.ring.layer.Layer;
import org.paceline.ring.layer.UdpTransport;

/**
 * Builds the real stacks of N ring nodes in one JVM (engine, fault injection, AES-GCM, UDP on
 * 127.0.0.1 with ephemeral ports), for the test harnesses of every ring package. The transports are
 * bound and know their peers; the engines are not started, so a harness can wire what sits above
 * them first.
 */
public final class LoopbackStacks {

  /** One node's layers. */
  public static final class Stack {
    public final int id;
    public final SrpEngine engine;
    public final FaultLayer faults;
    public final CryptoLayer crypto;
    public final UdpTransport transport;

    Stack(int id, SrpEngine engine, FaultLayer faults, CryptoLayer crypto, UdpTransport transport) {
      this.id = id;
      this.engine = engine;
      this.faults = faults;
      this.crypto = crypto;
      this.transport = transport;
    }

    /** A crash: the network goes first, so nothing (not even a leave) gets out. */
    public void crash() {
      transport.close();
      engine.close();
      faults.close();
      crypto.close();
    }

    /** A clean stop: the engine tells the others it leaves. */
    public void stop() {
      engine.close();
      faults.close();
      crypto.close();
      transport.close();
    }
  }

  private LoopbackStacks() {}

  /**
   * Builds nodes 1..n.
   *
   * @param join the join timeout (in-JVM clusters of many nodes answer slower than one per host)
   * @param listener the engine's listener for each node id
   * @param counters the counters for each node id
   */
  public static List<Stack> build(
      int n,
      Duration token,
      Duration join,
      int netmtu,
      byte[] key,
      String clusterName,
      IntFunction<RingListener> listener,
      IntFunction<Counters> counters)
      throws IOException {
    List<Integer> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add(i);
    }
    List<Stack> stacks = new ArrayList<>();
    Map<Integer, InetSocketAddress> addrs = new HashMap<>();
    for (int id : ids) {
      Counters c = counters.apply(id);
      RingSettings s =
          new RingSettings(
              id,
              ids,
              token,
              join,
              token.multipliedBy(6).dividedBy(5),
              Duration.ofMillis(200),
              RingSettings.defaultHold(token, n),
              RingSettings.defaultRetransmit(token),
              17,
              50,
              netmtu - 28 - CryptoLayer.OVERHEAD,
              Duration.ZERO);
      SrpEngine engine = new SrpEngine(s, listener.apply(id), c);
      FaultLayer faults = new FaultLayer(id, c, id * 31L);
      CryptoLayer crypto = new CryptoLayer(key, clusterName, id, c);
      UdpTransport transport =
          new UdpTransport(
              id, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(), c);
      Layer.stack(engine, faults, crypto, transport);
      transport.start();
      addrs.put(id, transport.localAddress());
      stacks.add(new Stack(id, engine, faults, crypto, transport));
    }
    for (Stack st : stacks) {
      st.transport.setPeers(addrs);
    }
    return stacks;
  }
}
