package org.paceline.bench.ring;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One ring node's command line (see {@link RingNodeMain}).
 *
 * @param id this node's id
 * @param nodes every node's ring address by id, this one included
 * @param token token timeout (used as given: no token_coefficient is added unless asked)
 * @param tokenCoefficient corosync.conf's token_coefficient (default 0 here)
 * @param consensus consensus timeout (default 1.2 × token)
 * @param join join timeout
 * @param merge merge-detection interval
 * @param windowSize window_size
 * @param maxMessages max_messages
 * @param netmtu netmtu
 * @param key the 32-byte (or longer) authkey
 * @param clusterName the cluster name (HKDF salt)
 * @param statsMillis interval of {@code STATS} lines (0: only on request)
 * @param autoPhase a phase to run once the first full view is installed, or null
 * @param exitWhenDone exit once {@code autoPhase} is delivered
 * @param detached ignore stdin (otherwise commands are read from it and end-of-file ends the node)
 * @param maxSeconds the node exits by itself after this long
 */
record NodeOptions(
    int id,
    Map<Integer, InetSocketAddress> nodes,
    Duration token,
    Duration tokenCoefficient,
    Duration consensus,
    Duration join,
    Duration merge,
    int windowSize,
    int maxMessages,
    int netmtu,
    byte[] key,
    String clusterName,
    long statsMillis,
    Phase autoPhase,
    boolean exitWhenDone,
    boolean detached,
    long maxSeconds) {

  static final List<String> KNOWN =
      List.of(
          "id",
          "nodes",
          "token",
          "token-coefficient",
          "consensus",
          "join",
          "merge",
          "window-size",
          "max-messages",
          "netmtu",
          "key-hex",
          "cluster",
          "stats-ms",
          "send-count",
          "send-duration",
          "send-rate",
          "size",
          "senders",
          "exit-when-done",
          "detached",
          "max-seconds");

  static final String USAGE =
      """
      usage: RingNodeMain --id N --nodes 1=127.0.0.1:PORT,2=127.0.0.2:PORT,... --key-hex HEX
          [--token MS] [--token-coefficient MS] [--consensus MS] [--join MS] [--merge MS]
          [--window-size N] [--max-messages N] [--netmtu BYTES] [--cluster NAME]
          [--send-count N | --send-duration MS] [--send-rate MSG_PER_S] [--size BYTES]
          [--senders 1,2,3] [--exit-when-done] [--detached] [--stats-ms MS] [--max-seconds S]
      stdin (unless --detached): PHASE id=N size=B senders=1,2 count=N|duration=MS [rate=R],
          STATS, QUIT; end of input ends the node.
      stdout: VIEW, READY, SENDING, SENT, DONE, STATS and ERROR lines (see RingNodeMain).""";

  static NodeOptions parse(String[] args) throws UnknownHostException {
    Map<String, String> o = Args.options(args);
    Args.check(o, KNOWN);
    int id = Integer.parseInt(required(o, "id"));
    Map<Integer, InetSocketAddress> nodes = new TreeMap<>();
    for (String entry : required(o, "nodes").split(",")) {
      int eq = entry.indexOf('=');
      int colon = entry.lastIndexOf(':');
      if (eq <= 0 || colon < eq) {
        throw new IllegalArgumentException("--nodes entry must be ID=ADDRESS:PORT: " + entry);
      }
      nodes.put(
          Integer.parseInt(entry.substring(0, eq)),
          new InetSocketAddress(
              InetAddress.getByName(entry.substring(eq + 1, colon)),
              Integer.parseInt(entry.substring(colon + 1))));
    }
    if (!nodes.containsKey(id)) {
      throw new IllegalArgumentException("node " + id + " is not in --nodes " + nodes.keySet());
    }
    Duration token = millis(o, "token", 1000);
    Duration consensus =
        o.containsKey("consensus")
            ? millis(o, "consensus", 0)
            : Duration.ofNanos(token.toNanos() * 6 / 5);
    byte[] key = HexFormat.of().parseHex(required(o, "key-hex"));
    Phase auto = null;
    if (o.containsKey("send-count") || o.containsKey("send-duration")) {
      auto =
          new Phase(
              1,
              Integer.parseInt(o.getOrDefault("size", "100")),
              Args.intList(o.getOrDefault("senders", Integer.toString(id))),
              Long.parseLong(o.getOrDefault("send-count", "0")),
              Long.parseLong(o.getOrDefault("send-duration", "0")),
              Integer.parseInt(o.getOrDefault("send-rate", "0")));
    }
    return new NodeOptions(
        id,
        nodes,
        token,
        millis(o, "token-coefficient", 0),
        consensus,
        millis(o, "join", 50),
        millis(o, "merge", 200),
        Integer.parseInt(o.getOrDefault("window-size", "50")),
        Integer.parseInt(o.getOrDefault("max-messages", "17")),
        Integer.parseInt(o.getOrDefault("netmtu", "1500")),
        key,
        o.getOrDefault("cluster", "bench"),
        Long.parseLong(o.getOrDefault("stats-ms", "1000")),
        auto,
        o.containsKey("exit-when-done"),
        o.containsKey("detached"),
        Long.parseLong(o.getOrDefault("max-seconds", "3600")));
  }

  private static String required(Map<String, String> o, String key) {
    String v = o.get(key);
    if (v == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }

  private static Duration millis(Map<String, String> o, String key, long def) {
    return Duration.ofMillis(Long.parseLong(o.getOrDefault(key, Long.toString(def))));
  }
}
