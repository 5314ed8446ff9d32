package org.paceline.launcher.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.LoggingConfig;
import org.paceline.api.config.QuorumConfig;
import org.paceline.api.config.TotemConfig;

/**
 * Reads corosync.conf into a {@link ClusterConfig}. Sections: {@code totem} (with {@code
 * interface}), {@code nodelist} (with {@code node}), {@code quorum}, {@code logging} (with {@code
 * logger_subsys}) and {@code system}. Keys Corosync knows that have no meaning here (knet tuning,
 * syslog) are accepted and noted; anything else is an error naming file, line and key.
 */
public final class CorosyncConfReader {

  /**
   * Default {@code token}: the ring's lost-token timeout. Shorter than Corosync's 3000 ms for
   * sub-second failover; the ring holds an idle token instead of spinning it, so it stays cheap.
   */
  public static final Duration DEFAULT_TOKEN = Duration.ofMillis(500);

  /**
   * Default {@code token_coefficient}: none. Corosync adds 650 ms per node beyond two; Paceline's
   * idle token hold already scales with the number of nodes (see RingSettings).
   */
  public static final Duration DEFAULT_TOKEN_COEFFICIENT = Duration.ZERO;

  /** Default UDP port ({@code interface.mcastport}, Corosync's 5405). */
  public static final int DEFAULT_PORT = 5405;

  private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  private final List<String> notes = new ArrayList<>();

  /** Notes about accepted keys without effect, gathered by the last {@link #read}. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** Reads {@code file}; relative paths in it resolve against {@code configDir}. */
  public ClusterConfig read(Path file, Path configDir) throws ConfigException {
    return read(ConfigParser.parse(file), configDir);
  }

  /** Reads an already parsed file. */
  public ClusterConfig read(ConfigTree.Section root, Path configDir) throws ConfigException {
    notes.clear();
    SectionReader top = new SectionReader(root);
    top.allowSections("totem", "nodelist", "quorum", "logging", "system");
    top.finish();

    ConfigTree.Section totemSection = single(root, "totem", true);
    ConfigTree.Section nodelistSection = single(root, "nodelist", true);
    TotemConfig totem = totem(totemSection);
    List<ClusterNode> nodes = nodelist(nodelistSection);
    QuorumConfig quorum = quorum(single(root, "quorum", false), nodes, root);
    LoggingConfig logging = logging(single(root, "logging", false), configDir, root);
    ConfigTree.Section system = single(root, "system", false);
    if (system != null) {
      SectionReader r = new SectionReader(system);
      system.entries().forEach(e -> r.accept(e.key()));
      r.finish();
      notes.addAll(r.notes());
    }
    return new ClusterConfig(totem, nodes, quorum, logging);
  }

  private static ConfigTree.Section single(ConfigTree.Section root, String name, boolean required)
      throws ConfigException {
    List<ConfigTree.Section> found = root.sections(name);
    if (found.size() > 1) {
      throw new ConfigException(
          root.file(),
          found.get(1).line(),
          name,
          "section appears twice (first on line " + found.get(0).line() + ")");
    }
    if (found.isEmpty()) {
      if (required) {
        throw new ConfigException(
            root.file(), 0, name, "required section '" + name + " { ... }' is missing");
      }
      return null;
    }
    return found.get(0);
  }

  private TotemConfig totem(ConfigTree.Section s) throws ConfigException {
    SectionReader r = new SectionReader(s);
    r.allowSections("interface");
    r.choice("version", "2", "2");
    String clusterName = r.requiredString("cluster_name");
    if (!NODE_NAME.matcher(clusterName).matches()) {
      throw r.error(
          r.entry("cluster_name").orElseThrow(),
          "'" + clusterName + "' must be letters, digits, '.', '_' or '-'");
    }
    Duration token = r.duration("token", DEFAULT_TOKEN, Duration.ofMillis(50), MAX_TIMEOUT);
    Duration coefficient =
        r.duration("token_coefficient", DEFAULT_TOKEN_COEFFICIENT, Duration.ZERO, MAX_TIMEOUT);
    Duration consensus =
        r.duration(
            "consensus",
            Duration.ofNanos(token.toNanos() * 6 / 5),
            Duration.ofMillis(10),
            MAX_TIMEOUT);
    if (consensus.compareTo(token) < 0) {
      throw r.error(
          r.entry("consensus").orElseThrow(),
          "must be at least token (" + token.toMillis() + " ms); Corosync uses 1.2 × token");
    }
    Duration join = r.duration("join", Duration.ofMillis(50), Duration.ofMillis(1), MAX_TIMEOUT);
    Duration merge =
        r.duration("merge", Duration.ofMillis(200), Duration.ofMillis(10), MAX_TIMEOUT);
    Duration sendJoin = r.duration("send_join", Duration.ZERO, Duration.ZERO, MAX_TIMEOUT);
    int maxMessages = r.integer("max_messages", 17, 1, 10_000);
    int windowSize = r.integer("window_size", 50, 1, 100_000);
    int netmtu = r.integer("netmtu", 1500, 576, 65_000);
    String cipher = r.choice("crypto_cipher", "aes256", "aes256", "aes192", "aes128", "none");
    String hash =
        r.choice("crypto_hash", "sha256", "sha256", "sha384", "sha512", "sha1", "md5", "none");
    if (!r.choice("transport", "udpu", "udpu", "udp", "knet").equals("udpu")) {
      r.accept("transport"); // Paceline's ring always uses UDP unicast
    }
    r.accept(
        "config_version",
        "crypto_model",
        "secauth",
        "ip_version",
        "link_mode",
        "rrp_mode",
        "threads",
        "vsftype",
        "clear_node_high_bit",
        "token_retransmit",
        "hold",
        "token_retransmits_before_loss_const",
        "downcheck",
        "fail_recv_const",
        "seqno_unchanged_const",
        "heartbeat_failures_allowed",
        "max_network_delay",
        "miss_count_const",
        "knet_pmtud_interval",
        "knet_mtu",
        "knet_compression_model",
        "knet_compression_threshold",
        "knet_compression_level",
        "block_unlisted_ips",
        "cancel_token_hold_on_retransmit",
        "keyfile",
        "key",
        "nodeid");
    int port = DEFAULT_PORT;
    boolean portSeen = false;
    for (ConfigTree.Section iface : s.sections("interface")) {
      SectionReader ir = new SectionReader(iface);
      int link = ir.integer("linknumber", ir.integer("ringnumber", 0, 0, 7), 0, 7);
      int p = ir.integer("mcastport", DEFAULT_PORT, 1, 65_535);
      if (link == 0) {
        if (portSeen) {
          throw new ConfigException(
              s.file(), iface.line(), iface.path(), "link 0 is configured twice");
        }
        port = p;
        portSeen = true;
      }
      ir.accept(
          "bindnetaddr",
          "mcastaddr",
          "ttl",
          "broadcast",
          "knet_link_priority",
          "knet_ping_interval",
          "knet_ping_timeout",
          "knet_ping_precision",
          "knet_pong_count",
          "knet_transport");
      ir.finish();
      notes.addAll(ir.notes());
    }
    r.finish();
    notes.addAll(r.notes());
    return new TotemConfig(
        clusterName,
        token,
        coefficient,
        consensus,
        join,
        merge,
        sendJoin,
        maxMessages,
        windowSize,
        netmtu,
        port,
        cipher,
        hash);
  }

  private List<ClusterNode> nodelist(ConfigTree.Section s) throws ConfigException {
    SectionReader r = new SectionReader(s);
    r.allowSections("node");
    r.finish();
    List<ClusterNode> nodes = new ArrayList<>();
    Map<Integer, Integer> idLines = new HashMap<>();
    Map<String, Integer> nameLines = new HashMap<>();
    Map<String, Integer> addrLines = new HashMap<>();
    for (ConfigTree.Section n : s.sections("node")) {
      SectionReader nr = new SectionReader(n);
      int id = nr.requiredInteger("nodeid", 1, Integer.MAX_VALUE);
      String addr = nr.requiredString("ring0_addr");
      String name = nr.string("name", addr);
      if (!NODE_NAME.matcher(name).matches()) {
        Optional<ConfigTree.Entry> nameEntry = nr.entry("name");
        if (nameEntry.isEmpty()) {
          throw nr.error(
              nr.entry("ring0_addr").orElseThrow(),
              "'" + addr + "' cannot serve as the node name; add 'name: ...' to this node");
        }
        throw nr.error(
            nameEntry.get(),
            "'" + name + "' is not a valid node name (letters, digits, '.', '_', '-')");
      }
      int votes = nr.integer("quorum_votes", 1, 0, 1_000);
      nr.accept(
          "ring1_addr",
          "ring2_addr",
          "ring3_addr",
          "ring4_addr",
          "ring5_addr",
          "ring6_addr",
          "ring7_addr");
      nr.finish();
      notes.addAll(nr.notes());
      duplicate(n, "nodeid", id, idLines);
      duplicate(n, "ring0_addr", addr, addrLines);
      duplicate(n, "name", name, nameLines); // after ring0_addr: name defaults to it
      nodes.add(new ClusterNode(id, name, addr, votes));
    }
    if (nodes.isEmpty()) {
      throw new ConfigException(s.file(), s.line(), "nodelist", "has no 'node { ... }' entries");
    }
    return nodes;
  }

  private static <T> void duplicate(
      ConfigTree.Section node, String key, T value, Map<T, Integer> seen) throws ConfigException {
    Integer first = seen.putIfAbsent(value, node.line());
    if (first != null) {
      int line =
          node.entries().stream()
              .filter(e -> e.key().equals(key))
              .mapToInt(ConfigTree.Entry::line)
              .findFirst()
              .orElse(node.line());
      throw new ConfigException(
          node.file(),
          line,
          node.keyPath(key),
          "'" + value + "' is used by two nodes (the other one is on line " + first + ")");
    }
  }

  private QuorumConfig quorum(
      ConfigTree.Section s, List<ClusterNode> nodes, ConfigTree.Section root)
      throws ConfigException {
    if (s == null) {
      return new QuorumConfig(
          "", 0, false, false, false, Duration.ofSeconds(10), false, "lowest", List.of());
    }
    SectionReader r = new SectionReader(s);
    if (!s.sections("device").isEmpty()) {
      ConfigTree.Section dev = s.sections("device").get(0);
      throw new ConfigException(
          root.file(), dev.line(), dev.path(), "quorum devices (qdevice) are not supported");
    }
    String provider = r.choice("provider", "", "corosync_votequorum");
    int expected = r.integer("expected_votes", 0, 0, 1_000_000);
    boolean twoNode = r.bool("two_node", false);
    boolean waitForAll = r.bool("wait_for_all", twoNode);
    boolean lms = r.bool("last_man_standing", false);
    Duration window =
        r.duration(
            "last_man_standing_window", Duration.ofSeconds(10), Duration.ofMillis(1), MAX_TIMEOUT);
    boolean atb = r.bool("auto_tie_breaker", false);
    String atbNode = r.string("auto_tie_breaker_node", "lowest");
    List<Integer> atbIds = new ArrayList<>();
    if (!atbNode.equals("lowest") && !atbNode.equals("highest")) {
      ConfigTree.Entry e = r.entry("auto_tie_breaker_node").orElseThrow();
      for (String part : atbNode.trim().split("\\s+")) {
        try {
          int id = Integer.parseInt(part);
          if (nodes.stream().noneMatch(n -> n.nodeId() == id)) {
            throw r.error(e, "node id " + id + " is not in the nodelist");
          }
          atbIds.add(id);
        } catch (NumberFormatException ex) {
          throw r.error(e, "'" + part + "' is not lowest, highest or a list of node ids");
        }
      }
      atbNode = "list";
    }
    if (twoNode && nodes.size() != 2) {
      throw r.error(
          r.entry("two_node").orElseThrow(),
          "two_node needs exactly 2 nodes in the nodelist, found " + nodes.size());
    }
    int nodelistVotes = nodes.stream().mapToInt(ClusterNode::votes).sum();
    if (atb && lms && !waitForAll && nodelistVotes % 2 == 1) {
      throw r.error(
          r.entry("auto_tie_breaker").orElseThrow(),
          "auto_tie_breaker with last_man_standing in a cluster with an odd number of votes ("
              + nodelistVotes
              + ") needs wait_for_all: 1, as in votequorum");
    }
    r.accept("allow_downscale", "expected_votes_tracking");
    r.finish();
    notes.addAll(r.notes());
    return new QuorumConfig(
        provider, expected, twoNode, waitForAll, lms, window, atb, atbNode, atbIds);
  }

  private LoggingConfig logging(ConfigTree.Section s, Path configDir, ConfigTree.Section root)
      throws ConfigException {
    if (s == null) {
      return new LoggingConfig(false, null, true, false, true);
    }
    SectionReader r = new SectionReader(s);
    r.allowSections("logger_subsys");
    boolean toLogfile = r.bool("to_logfile", false);
    String logfile = r.string("logfile", null);
    if (toLogfile && logfile == null) {
      throw new ConfigException(
          root.file(), s.line(), "logging.logfile", "to_logfile is yes but no logfile is named");
    }
    boolean toStderr = r.bool("to_stderr", !toLogfile);
    String debug = r.choice("debug", "off", "on", "off", "trace");
    String timestamp = r.choice("timestamp", "on", "on", "off", "hires");
    r.choice(
        "logfile_priority",
        "info",
        "alert",
        "crit",
        "debug",
        "emerg",
        "err",
        "info",
        "notice",
        "warning");
    r.accept(
        "to_syslog", "syslog_facility", "syslog_priority", "fileline", "function_name", "blackbox");
    for (ConfigTree.Section sub : s.sections("logger_subsys")) {
      SectionReader sr = new SectionReader(sub);
      sub.entries().forEach(e -> sr.accept(e.key()));
      sr.finish();
      notes.addAll(sr.notes());
    }
    r.finish();
    notes.addAll(r.notes());
    Path file = logfile == null ? null : configDir.resolve(logfile).normalize();
    return new LoggingConfig(
        toLogfile, file, toStderr, !debug.equals("off"), !timestamp.equals("off"));
  }
}
