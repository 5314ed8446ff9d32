package org.paceline.ring.group;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.paceline.api.ring.RingView;
import org.paceline.ring.layer.Counters;
import org.paceline.ring.layer.CryptoLayer;
import org.paceline.ring.layer.FaultLayer;
import org.paceline.ring.layer.UdpTransport;
import org.paceline.ring.srp.LoopbackStacks;
import org.paceline.ring.srp.SrpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N nodes in this JVM, each with a group channel over the real ring stack (engine, fault injection,
 * AES-GCM, UDP on 127.0.0.1 with an ephemeral port), wired as in production.
 */
final class GroupTestCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupTestCluster.class);

  /**
   * Passes chunks to the engine, or holds the sending thread once {@link #pauseAfter} chunks have
   * gone through, until {@link #release} (to crash a node in the middle of a message).
   */
  static final class GatedSender implements ChunkSender {
    private final ChunkSender inner;
    private CountDownLatch gate; // guarded by this
    private int allowance = -1; // guarded by this; -1: no gate
    private volatile boolean stopped;

    GatedSender(ChunkSender inner) {
      this.inner = inner;
    }

    synchronized void pauseAfter(int chunks) {
      allowance = chunks;
      gate = new CountDownLatch(1);
    }

    /** Lets a held sender go on; after a stop, its submission fails. */
    void release() {
      CountDownLatch g;
      synchronized (this) {
        g = gate;
        allowance = -1;
      }
      if (g != null) {
        g.countDown();
      }
    }

    @Override
    public boolean submit(byte[] chunk, long timeoutMillis) throws InterruptedException {
      CountDownLatch wait = null;
      synchronized (this) {
        if (allowance == 0) {
          wait = gate;
        } else if (allowance > 0) {
          allowance--;
        }
      }
      if (wait != null && !wait.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
        return false;
      }
      return !stopped && inner.submit(chunk, timeoutMillis);
    }

    @Override
    public int maxChunk() {
      return inner.maxChunk();
    }

    @Override
    public int localNodeId() {
      return inner.localNodeId();
    }

    @Override
    public RingView currentView() {
      return inner.currentView();
    }
  }

  /** One node. */
  static final class Node {
    final int id;
    final Counters counters = new Counters();
    final GroupMessaging groups = new GroupMessaging(counters);
    SrpEngine engine;
    GatedSender sender;
    FaultLayer faults;
    CryptoLayer crypto;
    UdpTransport transport;
    volatile boolean stopped;

    Node(int id) {
      this.id = id;
    }

    /** Crashes the node: its whole stack stops at once. */
    void stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      sender.stopped = true;
      engine.close();
      faults.close();
      crypto.close();
      transport.close();
      groups.close();
      sender.release();
    }
  }

  final List<Node> nodes = new ArrayList<>();

  GroupTestCluster(int n, Duration token) throws Exception {
    this(n, token, true);
  }

  /**
   * @param start whether to start every node's engine now (else {@link #start} starts each)
   */
  GroupTestCluster(int n, Duration token, boolean start) throws Exception {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 11 + 3);
    }
    for (int id = 1; id <= n; id++) {
      nodes.add(new Node(id));
    }
    // Join 200 ms, longer than corosync's 50 ms: on a loaded two-core test machine, nodes in one
    // JVM answer joins late, and a short join timeout keeps them apart.
    List<LoopbackStacks.Stack> stacks =
        LoopbackStacks.build(
            n,
            token,
            Duration.ofMillis(200),
            1500,
            key,
            "group-test",
            id -> node(id).groups,
            id -> node(id).counters);
    for (LoopbackStacks.Stack st : stacks) {
      Node node = node(st.id);
      // The production wiring: channel, engine with the channel as listener, then attach.
      node.engine = st.engine;
      node.sender = new GatedSender(new SrpChunkSender(node.engine));
      node.groups.attach(node.sender);
      node.faults = st.faults;
      node.crypto = st.crypto;
      node.transport = st.transport;
    }
    if (start) {
      for (Node node : nodes) {
        node.engine.start();
      }
    }
  }

  /** Starts node {@code id}'s engine (of a cluster built without starting). */
  void start(int id) {
    node(id).engine.start();
  }

  Node node(int id) {
    return nodes.get(id - 1);
  }

  /** The largest chunk of the ring. */
  int maxChunk() {
    return nodes.get(0).engine.maxChunk();
  }

  /**
   * Whether every listed node delivered a view of exactly these members, the same ring, and has
   * synchronized its groups for it.
   */
  boolean settled(List<Integer> members) {
    RingView first = node(members.get(0)).groups.currentView();
    for (int id : members) {
      GroupMessaging g = node(id).groups;
      RingView v = g.currentView();
      if (!v.members().equals(members)
          || !v.ringId().equals(first.ringId())
          || !g.synced()
          || node(id).engine.state() != SrpEngine.State.OPERATIONAL) {
        return false;
      }
    }
    return true;
  }

  /** Waits until {@link #settled} holds for {@code members}. */
  void awaitSettled(List<Integer> members) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .conditionEvaluationListener(
            e -> {
              if (e.getElapsedTimeInMS() > 15_000 && e.getElapsedTimeInMS() % 5_000 < 25) {
                logState();
              }
            })
        .until(() -> settled(members));
  }

  /** Logs every running node's ring and group state (when a wait takes too long). */
  void logState() {
    for (Node n : nodes) {
      if (!n.stopped) {
        LOG.warn(
            "{}; view {}; groups synced {}",
            n.engine.describe(),
            n.groups.currentView(),
            n.groups.synced());
      }
    }
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      n.stop();
    }
  }
}
