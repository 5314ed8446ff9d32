package org.paceline.ring.srp;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.paceline.api.ring.RingView;
import org.paceline.ring.layer.Counters;
import org.paceline.ring.layer.CryptoLayer;
import org.paceline.ring.layer.FaultLayer;
import org.paceline.ring.layer.UdpTransport;

/**
 * N ring nodes in this JVM, each with the real stack (engine, fault injection, AES-GCM, UDP on
 * 127.0.0.1 with an ephemeral port), recording what each delivers.
 */
final class TestCluster implements AutoCloseable {

  /** One delivery or view, in the order a node saw it. */
  record Event(RingView view, int sender, byte[] chunk) {
    boolean isView() {
      return view != null;
    }
  }

  /** One node. */
  static final class Node implements RingListener {
    final int id;
    final Counters counters = new Counters();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<RingView> views = new CopyOnWriteArrayList<>();
    final List<RingView> installed = new CopyOnWriteArrayList<>();
    final List<String> installThreads = new CopyOnWriteArrayList<>();
    volatile boolean recordEvents = true;
    volatile long digest = 17;
    volatile long delivered;
    LoopbackStacks.Stack stack;
    SrpEngine engine;
    FaultLayer faults;
    CryptoLayer crypto;
    UdpTransport transport;

    Node(int id) {
      this.id = id;
    }

    @Override
    public void deliver(int sender, byte[] chunk) {
      if (recordEvents) {
        events.add(new Event(null, sender, chunk));
      }
      long d = digest * 1_000_003L + sender;
      for (byte b : chunk) {
        d = d * 31 + b;
      }
      digest = d;
      delivered++;
    }

    @Override
    public void viewChanged(RingView view) {
      digest = digest * 1_000_003L + view.members().hashCode();
      events.add(new Event(view, 0, null));
      views.add(view);
    }

    @Override
    public void ringInstalled(RingView view) {
      installed.add(view);
      installThreads.add(Thread.currentThread().getName());
    }

    RingView view() {
      return engine.currentView();
    }

    /** The chunks delivered, as "sender:payload-number" strings, in order. */
    List<String> deliveredOrder() {
      List<String> out = new ArrayList<>();
      for (Event e : events) {
        if (!e.isView()) {
          out.add(e.sender() + ":" + ByteBuffer.wrap(e.chunk()).getLong());
        }
      }
      return out;
    }

    /** Sends {@code count} numbered chunks from this node, numbering from {@code base}. */
    Thread sendInBackground(long base, int count) {
      Thread t =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < count; i++) {
                    if (!engine.submit(payload(base + i), 30_000)) {
                      throw new IllegalStateException("node " + id + ": send queue stayed full");
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "sender-" + id);
      t.start();
      return t;
    }

    /** A crash: the network goes first, so nothing (not even a leave) gets out. */
    void crash() {
      stack.crash();
    }

    /** A clean stop: the engine tells the others it leaves. */
    void stop() {
      stack.stop();
    }
  }

  final List<Node> nodes = new ArrayList<>();
  final byte[] key = new byte[32];

  TestCluster(int n, Duration token) throws Exception {
    this(n, token, 1500);
  }

  TestCluster(int n, Duration token, int netmtu) throws Exception {
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 7 + 1);
    }
    for (int id = 1; id <= n; id++) {
      nodes.add(new Node(id));
    }
    // Sixteen nodes in one JVM on two cores answer joins more slowly than one node per machine:
    // give them more time before a silent node is left out.
    List<LoopbackStacks.Stack> stacks =
        LoopbackStacks.build(
            n,
            token,
            Duration.ofMillis(n > 8 ? 250 : 50),
            netmtu,
            key,
            "test",
            id -> node(id),
            id -> node(id).counters);
    for (LoopbackStacks.Stack st : stacks) {
      Node node = node(st.id);
      node.stack = st;
      node.engine = st.engine;
      node.faults = st.faults;
      node.crypto = st.crypto;
      node.transport = st.transport;
    }
    for (Node node : nodes) {
      node.engine.start();
    }
  }

  Node node(int id) {
    return nodes.get(id - 1);
  }

  /** Whether every listed node reports a view of exactly these members. */
  boolean agree(List<Integer> members) {
    for (int id : members) {
      RingView v = node(id).view();
      if (!v.members().equals(members) || node(id).engine.state() != SrpEngine.State.OPERATIONAL) {
        return false;
      }
    }
    RingView first = node(members.get(0)).view();
    for (int id : members) {
      if (!node(id).view().ringId().equals(first.ringId())) {
        return false;
      }
    }
    return true;
  }

  static byte[] payload(long n) {
    return ByteBuffer.allocate(8).putLong(n).array();
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      n.stop();
    }
  }
}
