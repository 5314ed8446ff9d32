package org.paceline.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Three real node processes on 127.0.0.1-3 with fencing through the {@code process} device, whose
 * paceline.conf sends the event log to a Kafka broker, and the demo-like web service (a group of a
 * Dummy "virtual IP" and a Process resource running a small HTTP server that writes a heartbeat
 * ledger, as {@link HaCluster} has it). Adds what the event log tests read: each node's journal
 * through the admin API and the {@code eventLog} part of its status.
 */
final class EventLogCluster {

  static final List<String> ALL = List.of("n1", "n2", "n3");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path tmp;
  private final Path home;
  private final Path dir;
  final String name;
  final Path ledger;
  final int port;

  /**
   * Writes the cluster {@code name} under {@code tmp} and appends {@code eventsConf} (an {@code
   * events { }} section) to every node's paceline.conf; {@link #startNodes} starts them.
   */
  EventLogCluster(Path tmp, String name, String eventsConf) throws Exception {
    this.tmp = tmp;
    this.name = name;
    this.dir = tmp.resolve("c");
    this.ledger = tmp.resolve("web.ledger");
    this.port = KafkaBroker.freeTcpPort();
    this.home = copyDist(tmp.resolve("dist"));
    Dist.Result init =
        run(
            Map.of(),
            "cluster",
            "init",
            "--name",
            name,
            "--dir",
            dir.toString(),
            "--token",
            "1000",
            "--port",
            Integer.toString(Dist.freeUdpPort()),
            "--admin-port",
            "0",
            "--fencing",
            "process",
            "n1=127.0.0.1",
            "n2=127.0.0.2",
            "n3=127.0.0.3");
    assertThat(init.exitCode()).as(init.err()).isZero();
    for (String n : ALL) {
      Path conf = node(n).resolve("paceline.conf");
      Files.writeString(conf, Files.readString(conf) + "\n" + eventsConf + "\n");
    }
    Files.writeString(
        tmp.resolve("ledger_server.py"),
        String.join(
            "\n",
            "import http.server, os, sys, threading, time",
            "port, ledger = int(sys.argv[1]), sys.argv[2]",
            "def beat():",
            "    while True:",
            "        with open(ledger, 'a') as f:",
            "            f.write('%d %d\\n' % (os.getpid(), time.time_ns() // 1000000))",
            "        time.sleep(0.05)",
            "threading.Thread(target=beat, daemon=True).start()",
            "http.server.ThreadingHTTPServer(('127.0.0.1', port),",
            "    http.server.SimpleHTTPRequestHandler).serve_forever()",
            ""));
  }

  /**
   * Starts the three nodes one after the other, as HaCluster does, and waits until they form one
   * ring. (Starting all three at the same moment sometimes leaves the ring's process groups
   * divergent, every node alone in its groups of the same ring: a ring-layer bug, reported in the
   * issue notes, that this test is not about.)
   */
  void startNodes() throws Exception {
    for (String n : ALL) {
      Dist.Result r = run(Map.of(), "node", "start", "--config", node(n).toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
    }
    await().until(() -> ALL.stream().allMatch(n -> Dist.ringMembers(node(n)).equals(ALL)));
  }

  /**
   * A private copy of the built dist, so that a rebuild of platform/dist by someone else while the
   * test runs cannot take bundles or plugins away from its nodes. Copies again while a rebuild
   * leaves the tree incomplete.
   */
  private static Path copyDist(Path target) {
    int[] attempt = {0};
    Path[] copied = new Path[1];
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              Path to = target.resolveSibling(target.getFileName() + "-" + attempt[0]++);
              try {
                Dist.copy(to);
              } catch (IOException e) {
                return false; // changed under our feet: try again
              }
              if (complete(to)) {
                copied[0] = to;
                return true;
              }
              return false;
            });
    return copied[0];
  }

  private static boolean complete(Path home) throws IOException {
    if (!Files.isExecutable(home.resolve("bin/paceline"))
        || !Files.exists(home.resolve("lib/paceline-cli.jar"))
        || !Files.exists(home.resolve("lib/paceline-launcher.jar"))) {
      return false;
    }
    List<String> names = new ArrayList<>();
    for (String sub : List.of("bundle", "plugins")) {
      try (var files = Files.list(home.resolve(sub))) {
        files.forEach(f -> names.add(f.getFileName().toString()));
      }
    }
    return List.of(
            "paceline-eventlog-",
            "paceline-controller-",
            "paceline-admin-",
            "paceline-ra-builtin-",
            "paceline-fencing-process-")
        .stream()
        .allMatch(prefix -> names.stream().anyMatch(n -> n.startsWith(prefix)));
  }

  /** Runs the copy's {@code bin/paceline ARGS} with {@code env} and waits (at most 2 minutes). */
  private Dist.Result run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return Dist.cliWithEnv(home, tmp, env, List.of(args));
  }

  /** The {@code events { kafka { bootstrap.servers } }} section for a broker. */
  static String kafkaConf(String bootstrap) {
    return String.join(
        "\n", "events {", "    kafka {", "        bootstrap.servers: " + bootstrap, "    }", "}");
  }

  /** The cluster's topic (the default name). */
  String topic() {
    return "paceline." + name + ".events";
  }

  Path node(String n) {
    return dir.resolve(n);
  }

  void start(String n) throws Exception {
    Dist.Result r = run(Map.of(), "node", "start", "--config", node(n).toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  /** SIGKILLs node {@code n}'s process. */
  void kill(String n) throws Exception {
    Dist.signal(Dist.pid(node(n)).orElseThrow(), "KILL");
  }

  /** Runs the CLI against node {@code via}; asserts success and returns what it printed. */
  String cli(String via, String... args) throws Exception {
    Dist.Result r = run(Map.of("PACELINE_CONF", node(via).toString()), args);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r.out();
  }

  /** Applies crm text with {@code configure load --update} through node {@code via}. */
  void load(String via, String fileName, String crm) throws Exception {
    Path file = tmp.resolve(fileName);
    Files.writeString(file, crm);
    cli(via, "configure", "load", "--update", file.toString());
  }

  /** The web service: ip then web in group {@code g}, with monitors, plus {@code extraCrm}. */
  void configureWebService(String via, String extraCrm) throws Exception {
    load(
        via,
        "web.crm",
        String.join(
            "\n",
            "primitive ip ocf:heartbeat:Dummy op monitor interval=2s timeout=10s",
            "primitive web ocf:paceline:Process params command=\"python3 "
                + tmp.resolve("ledger_server.py")
                + " "
                + port
                + " "
                + ledger
                + "\" check_http=\"http://127.0.0.1:"
                + port
                + "/\" stop_grace=2s op monitor interval=1s timeout=10s",
            "group g ip web",
            extraCrm,
            ""));
  }

  /** The nodes where {@code rsc} is active, as the CIB on {@code via} records it. */
  List<String> activeOn(String via, String rsc) {
    JsonNode r = Dist.api(node(via), "resources/" + rsc);
    List<String> out = new ArrayList<>();
    if (r != null) {
      r.path("activeOn").forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  /** The single node where the whole group runs, if it does (ip and web on the same node). */
  Optional<String> groupNode(String via) {
    List<String> ip = activeOn(via, "ip");
    List<String> web = activeOn(via, "web");
    if (ip.size() == 1 && ip.equals(web)) {
      return Optional.of(ip.get(0));
    }
    return Optional.empty();
  }

  /** The fail count of {@code rsc} on {@code node}, -1 when {@code via} does not answer. */
  int failCount(String via, String rsc, String node) {
    JsonNode r = Dist.api(node(via), "resources/" + rsc);
    if (r == null) {
      return -1;
    }
    for (JsonNode n : r.path("nodes")) {
      if (n.path("node").asText().equals(node)) {
        return n.path("failCount").asInt();
      }
    }
    return 0;
  }

  /** The pid of the web server that wrote the ledger last. */
  long lastWebPid() throws IOException {
    List<String> lines = Files.readAllLines(ledger);
    String last = lines.get(lines.size() - 1);
    return Long.parseLong(last.substring(0, last.indexOf(' ')));
  }

  /** Node {@code via}'s status, or null when it does not answer. */
  JsonNode status(String via) {
    return Dist.api(node(via), "status");
  }

  /** The DC as node {@code via} sees it, if it answers and there is one. */
  Optional<String> dc(String via) {
    JsonNode s = status(via);
    if (s == null || !s.path("dc").isTextual()) {
      return Optional.empty();
    }
    return Optional.of(s.path("dc").asText());
  }

  /** The {@code eventLog} part of node {@code via}'s status, or a missing node. */
  JsonNode eventLog(String via) {
    JsonNode s = status(via);
    return s == null
        ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
        : s.path("eventLog");
  }

  /** The last seq in node {@code via}'s journal, -1 when it does not answer. */
  long lastSeq(String via) {
    JsonNode e = eventLog(via);
    return e.isObject() ? e.path("lastSeq").asLong(-1) : -1;
  }

  /**
   * Events {@code 1..upTo} of node {@code via}'s journal through {@code GET /api/v1/events}, each
   * exactly as the API gives it (fewer if the journal holds fewer).
   */
  List<JsonNode> journal(String via, long upTo) {
    List<JsonNode> out = new ArrayList<>();
    long from = 1;
    while (from <= upTo) {
      JsonNode page = Dist.api(node(via), "events?from=" + from + "&max=1000");
      assertThat(page).as("GET /events?from=%d on %s", from, via).isNotNull();
      JsonNode events = page.path("events");
      if (events.isEmpty()) {
        break;
      }
      for (JsonNode e : events) {
        if (e.path("seq").asLong() > upTo) {
          return out;
        }
        out.add(e);
      }
      from = page.path("next").asLong();
    }
    return out;
  }

  /** What {@code paceline events --json} prints on node {@code via}, one parsed event per line. */
  List<JsonNode> eventsCli(String via) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : cli(via, "events", "--json").split("\n")) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  static ConditionFactory await() {
    return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250));
  }

  /**
   * Kills every node and leftover web server, and keeps the logs under target/it-logs/NAME. Any
   * process still running whose command line names this test's own temporary folder (a node, a web
   * server) is killed too, so nothing outlives the test even when its files are gone.
   */
  void close(String testName) throws IOException {
    for (String n : ALL) {
      try {
        Dist.kill(node(n));
      } catch (RuntimeException e) {
        // go on with the others
      }
    }
    String mine = tmp.toAbsolutePath().toString() + "/";
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains(mine))
        .forEach(ProcessHandle::destroyForcibly);
    if (Files.isDirectory(dir)) {
      Dist.keepLogs(dir, testName);
    }
  }
}
