package org.paceline.eventlog.relay;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.paceline.api.config.AdminSettings;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.LoggingConfig;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.config.NodeSettings;
import org.paceline.api.config.QuorumConfig;
import org.paceline.api.config.TotemConfig;
import org.paceline.api.ring.RingStatus;
import org.paceline.ring.group.GroupMessaging;
import org.paceline.ring.internal.RingNode;
import org.paceline.ring.layer.Counters;

/**
 * Real rings for relay tests (as the CIB replica tests have them): one {@link RingNode} (UDP on
 * 127.0.0.N, AES-GCM) and one {@link GroupMessaging} per node, in this JVM. Nodes can be stopped,
 * restarted and cut off from each other through the ring's fault layer.
 */
final class RingFixture implements AutoCloseable {

  final ClusterConfig cluster;
  final Path dir;
  private final RingNode[] rings;
  private final GroupMessaging[] groups;

  RingFixture(Path dir, int size) throws IOException {
    this.dir = dir;
    int port = freeUdpPort();
    List<ClusterNode> nodes = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      nodes.add(new ClusterNode(i, "n" + i, "127.0.0." + i, 1));
    }
    TotemConfig totem =
        new TotemConfig(
            "eventstest",
            Duration.ofMillis(300),
            Duration.ZERO,
            Duration.ofMillis(360),
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Duration.ZERO,
            50,
            50,
            1500,
            port,
            "aes256",
            "sha256");
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
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  NodeConfiguration config(int id) {
    Path state = dir.resolve("n" + id);
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
    Counters counters = new Counters();
    GroupMessaging g = new GroupMessaging(counters);
    RingNode r = new RingNode(config(id), g, counters);
    g.attach(r.engine());
    r.start();
    rings[id] = r;
    groups[id] = g;
    return g;
  }

  /** Stops node {@code id}'s ring (as a crash would, from the others' point of view). */
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

  /** Node {@code id} drops everything from and to {@code others}. */
  void cut(int id, Set<Integer> others) {
    rings[id].setFaults(new RingStatus.FaultSpec(0, 0, 0, 0, others));
  }

  void heal(int id) {
    rings[id].setFaults(RingStatus.FaultSpec.none());
  }

  @Override
  public void close() {
    for (int i = 1; i < rings.length; i++) {
      stop(i);
    }
  }
}
