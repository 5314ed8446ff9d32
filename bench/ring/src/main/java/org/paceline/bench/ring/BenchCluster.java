package org.paceline.bench.ring;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three (or more) node processes on 127.0.0.1, 127.0.0.2, ... sharing one free UDP port and a fresh
 * random authkey.
 */
final class BenchCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BenchCluster.class);

  /**
   * The totem settings of a cluster.
   *
   * @param label a name for tables and log files
   * @param tokenMillis token timeout (no token_coefficient)
   * @param windowSize window_size
   * @param maxMessages max_messages
   * @param netmtu netmtu
   */
  record Settings(String label, int tokenMillis, int windowSize, int maxMessages, int netmtu) {

    /** Corosync's defaults, with the token given. */
    static Settings defaults(int tokenMillis) {
      return new Settings("default", tokenMillis, 50, 17, 1500);
    }

    List<String> args() {
      return List.of(
          "--token",
          Integer.toString(tokenMillis),
          "--window-size",
          Integer.toString(windowSize),
          "--max-messages",
          Integer.toString(maxMessages),
          "--netmtu",
          Integer.toString(netmtu));
    }

    /** {@code window_size 50, max_messages 17, netmtu 1500} */
    String describe() {
      return "window_size " + windowSize + ", max_messages " + maxMessages + ", netmtu " + netmtu;
    }
  }

  private final NodeLauncher launcher;
  private final Settings settings;
  private final List<String> extraArgs;
  private final String logPrefix;
  private final Map<Integer, InetSocketAddress> addresses = new TreeMap<>();
  private final Map<Integer, NodeProcess> nodes = new TreeMap<>();
  private final String keyHex;
  private int starts;

  /**
   * @param extraArgs further {@link RingNodeMain} options for every node (e.g. {@code --stats-ms})
   */
  BenchCluster(
      NodeLauncher launcher, Settings settings, int size, List<String> extraArgs, String logPrefix)
      throws IOException {
    this.launcher = launcher;
    this.settings = settings;
    this.extraArgs = List.copyOf(extraArgs);
    this.logPrefix = logPrefix;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.keyHex = HexFormat.of().formatHex(key);
    int port = freePort(size);
    for (int id = 1; id <= size; id++) {
      addresses.put(id, new InetSocketAddress(InetAddress.getByName("127.0.0." + id), port));
    }
  }

  /** A UDP port free on 127.0.0.1 .. 127.0.0.{size}. */
  private static int freePort(int size) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      List<DatagramSocket> held = new ArrayList<>();
      try {
        DatagramSocket first = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        held.add(first);
        int port = first.getLocalPort();
        for (int i = 2; i <= size; i++) {
          held.add(new DatagramSocket(new InetSocketAddress("127.0.0." + i, port)));
        }
        return port;
      } catch (SocketException e) {
        // taken on one of the addresses: try another
      } finally {
        held.forEach(DatagramSocket::close);
      }
    }
    throw new IOException("no UDP port free on 127.0.0.1-" + size);
  }

  Settings settings() {
    return settings;
  }

  List<Integer> ids() {
    return List.copyOf(addresses.keySet());
  }

  NodeProcess node(int id) {
    return nodes.get(id);
  }

  /** Starts every node. */
  void start() throws IOException {
    for (int id : addresses.keySet()) {
      startNode(id);
    }
    LOG.info(
        "cluster {} on port {}: {} (token {} ms), pids {}",
        settings.label(),
        addresses.get(1).getPort(),
        settings.describe(),
        settings.tokenMillis(),
        nodes.values().stream().map(n -> Long.toString(n.pid())).collect(Collectors.joining(",")));
  }

  private NodeProcess startNode(int id) throws IOException {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--id", Integer.toString(id), "--nodes", nodeList(), "--key-hex", keyHex));
    args.addAll(settings.args());
    args.addAll(extraArgs);
    starts++;
    NodeProcess p = launcher.launch(id, args, logPrefix + "-node" + id + "-" + starts);
    nodes.put(id, p);
    return p;
  }

  private String nodeList() {
    return addresses.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + "="
                    + e.getValue().getAddress().getHostAddress()
                    + ":"
                    + e.getValue().getPort())
        .collect(Collectors.joining(","));
  }

  /** Line marks of every node now (for {@link #awaitFullView}). */
  Map<Integer, Integer> marks() {
    Map<Integer, Integer> m = new TreeMap<>();
    nodes.forEach((id, n) -> m.put(id, n.mark()));
    return m;
  }

  /** Waits until every node has printed, after its mark, a view of all nodes. */
  void awaitFullView(Map<Integer, Integer> marks, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Integer> all = ids();
    for (int id : all) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      node(id)
          .await(
              marks.getOrDefault(id, 0),
              l -> Lines.isView(l) && Lines.view(l).members().equals(all),
              left,
              "view of " + all);
    }
  }

  /** Starts node {@code id} again (after it was killed) and returns the new process. */
  NodeProcess restart(int id) throws IOException, InterruptedException {
    NodeProcess old = nodes.get(id);
    if (old != null && old.isAlive()) {
      old.kill();
      old.waitFor(Duration.ofSeconds(10));
    }
    return startNode(id);
  }

  /** Kills every node, starts them all again and waits for the full view. */
  void restartAll(Duration timeout) throws IOException, InterruptedException {
    for (NodeProcess n : nodes.values()) {
      n.kill();
      n.waitFor(Duration.ofSeconds(10));
    }
    for (int id : addresses.keySet()) {
      startNode(id);
    }
    awaitFullView(Map.of(), timeout);
  }

  @Override
  public void close() {
    nodes.values().forEach(NodeProcess::close);
  }
}
