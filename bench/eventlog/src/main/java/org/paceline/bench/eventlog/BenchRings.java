package org.paceline.bench.eventlog;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.paceline.api.config.AdminSettings;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.LoggingConfig;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.config.NodeSettings;
import org.paceline.api.config.QuorumConfig;
import org.paceline.api.config.TotemConfig;
import org.paceline.ring.group.GroupMessaging;
import org.paceline.ring.internal.RingNode;
import org.paceline.ring.layer.Counters;

/**
 * Real rings in this JVM (after the event log's relay test fixture): one {@link RingNode} (UDP on
 * 127.0.0.N, AES-256-GCM) and one {@link GroupMessaging} per node, with the totem settings a node
 * gets from a corosync.conf that sets only the token.
 */
final class BenchRings implements AutoCloseable {

  /** The cluster's name (the totem cluster_name and the event log's cluster). */
  static final String CLUSTER = "evbench";

  private final ClusterConfig cluster;
  private final Path dir;
  private final RingNode[] rings;
  private final GroupMessaging[] groups;
  private final Counters[] counters;

  /**
   * @param dir where the authkey and the nodes' state directories go
   * @param size how many nodes (127.0.0.1..size)
   * @param totem the ring's settings (see {@link #totem})
   */
  BenchRings(Path dir, int size, TotemConfig totem) throws IOException {
    this.dir = dir;
    List<ClusterNode> nodes = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      nodes.add(new ClusterNode(i, "n" + i, "127.0.0." + i, 1));
    }
    QuorumConfig quorum =
        new QuorumConfig(
            "corosync_votequorum",
            size,
            false,
            false,
            false,
            Duration.ofSeconds(10),
            false,
            "lowest",
            List.of());
    cluster =
        new ClusterConfig(totem, nodes, quorum, new LoggingConfig(false, null, true, false, true));
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.write(dir.resolve("authkey"), key);
    rings = new RingNode[size + 1];
    groups = new GroupMessaging[size + 1];
    counters = new Counters[size + 1];
  }

  /**
   * Corosync's defaults as the node's config reader applies them (consensus 1.2 × token, join 50
   * ms, merge 200 ms, max_messages 17, window_size 50, netmtu 1500, aes256/sha256) on a free UDP
   * port, with the given token and, if positive, other max_messages / window_size / netmtu.
   */
  static TotemConfig totem(Duration token, int maxMessages, int windowSize, int netmtu)
      throws IOException {
    return new TotemConfig(
        CLUSTER,
        token,
        Duration.ZERO,
        Duration.ofNanos(token.toNanos() * 6 / 5),
        Duration.ofMillis(50),
        Duration.ofMillis(200),
        Duration.ZERO,
        maxMessages > 0 ? maxMessages : 17,
        windowSize > 0 ? windowSize : 50,
        netmtu > 0 ? netmtu : 1500,
        freeUdpPort(),
        "aes256",
        "sha256");
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The state directory of node {@code id}. */
  Path stateDir(int id) {
    return dir.resolve("n" + id);
  }

  private NodeConfiguration config(int id) {
    Path state = stateDir(id);
    return new NodeConfiguration(
        dir,
        cluster,
        new NodeSettings(
            "n" + id,
            state,
            state.resolve("deploy"),
            new AdminSettings("127.0.0.1", 0, dir.resolve("credential"))));
  }

  /** Starts node {@code id}'s ring and returns its group channel. */
  GroupMessaging start(int id) throws IOException {
    Counters c = new Counters();
    GroupMessaging g = new GroupMessaging(c);
    RingNode r = new RingNode(config(id), g, c);
    g.attach(r.engine());
    r.start();
    counters[id] = c;
    rings[id] = r;
    groups[id] = g;
    return g;
  }

  /** The ring counters of node {@code id} (retransmissions, drops, token losses, ...). */
  Counters counters(int id) {
    return counters[id];
  }

  /** Stops node {@code id}'s ring. */
  void stop(int id) {
    if (groups[id] != null) {
      groups[id].close();
      groups[id] = null;
    }
    if (rings[id] != null) {
      rings[id].close();
      rings[id] = null;
    }
  }

  @Override
  public void close() {
    for (int i = 1; i < rings.length; i++) {
      stop(i);
    }
  }
}
