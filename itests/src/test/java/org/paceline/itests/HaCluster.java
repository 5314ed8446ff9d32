package org.paceline.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Three real node processes on 127.0.0.1-3 with fencing through the {@code process} device, and the
 * demo-like web service: a group of a Dummy "virtual IP" and a Process resource running a small
 * HTTP server that writes a heartbeat ledger ({@code PID MILLIS} lines every 50 ms) so a test can
 * prove the service never ran in two places at once, whatever killed what.
 */
final class HaCluster {

  static final List<String> ALL = List.of("n1", "n2", "n3");

  private final Path tmp;
  private final Path dir;
  final Path ledger;
  final int port;

  HaCluster(Path tmp, String name, int tokenMs) throws Exception {
    this.tmp = tmp;
    this.dir = tmp.resolve("c");
    this.ledger = tmp.resolve("web.ledger");
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    Dist.Result init =
        Dist.cli(
            tmp,
            "cluster",
            "init",
            "--name",
            name,
            "--dir",
            dir.toString(),
            "--token",
            Integer.toString(tokenMs),
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
    try {
      startAll();
      await().until(() -> ALL.stream().allMatch(n -> Dist.ringMembers(node(n)).equals(ALL)));
    } catch (Exception | AssertionError e) {
      close(); // no node left running, and the logs kept to see why
      throw e;
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

  Path node(String n) {
    return dir.resolve(n);
  }

  /**
   * Starts the three nodes at once, as an operator starts a cluster. One after the other, on loaded
   * CI cores the last could come up more than the dc-deadtime (20 s) after the first, and the
   * quorate two then fenced it as a node never seen (startup fencing): it was killed as it started.
   */
  private void startAll() throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(ALL.size());
    List<java.util.concurrent.CompletableFuture<Void>> starts = new ArrayList<>();
    for (String n : ALL) {
      starts.add(
          java.util.concurrent.CompletableFuture.runAsync(
              () -> {
                try {
                  start(n);
                } catch (Exception e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              },
              pool));
    }
    try {
      for (java.util.concurrent.CompletableFuture<Void> f : starts) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof AssertionError a) {
            throw a;
          }
          throw new IllegalStateException("starting a node failed", e.getCause());
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  void start(String n) throws Exception {
    Dist.Result r = Dist.cli(tmp, "node", "start", "--config", node(n).toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  /** Runs the CLI against node {@code via}; asserts success and returns what it printed. */
  String cli(String via, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    Dist.Result r = Dist.cliWithEnv(tmp, Map.of("PACELINE_CONF", node(via).toString()), all);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r.out();
  }

  /** The web service: ip then web in group {@code g}, with monitors. */
  void configureWebService(String extraCrm) throws Exception {
    String crm =
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
            "");
    Path file = tmp.resolve("web.crm");
    Files.writeString(file, crm);
    cli("n1", "configure", "load", "--update", file.toString());
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

  /** The fail count of {@code rsc} on {@code node}. */
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

  /**
   * The call id of the last {@code op} of {@code rsc} on {@code node} in the CIB on {@code via}.
   */
  long callId(String via, String node, String rsc, String op) throws Exception {
    JsonNode xml = Dist.api(node(via), "configuration/xml");
    assertThat(xml).isNotNull();
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(
                new ByteArrayInputStream(
                    xml.path("text").asText().getBytes(StandardCharsets.UTF_8)));
    NodeList states = doc.getElementsByTagName("node_state");
    for (int i = 0; i < states.getLength(); i++) {
      Element ns = (Element) states.item(i);
      if (!node.equals(ns.getAttribute("uname"))) {
        continue;
      }
      NodeList rscs = ns.getElementsByTagName("lrm_resource");
      for (int j = 0; j < rscs.getLength(); j++) {
        Element r = (Element) rscs.item(j);
        if (!rsc.equals(r.getAttribute("id"))) {
          continue;
        }
        NodeList ops = r.getElementsByTagName("lrm_rsc_op");
        for (int k = 0; k < ops.getLength(); k++) {
          Element o = (Element) ops.item(k);
          if (op.equals(o.getAttribute("operation")) && "0".equals(o.getAttribute("interval"))) {
            return Long.parseLong(o.getAttribute("call-id"));
          }
        }
      }
    }
    return -1;
  }

  /** The pid of the web server that wrote the ledger last. */
  long lastWebPid() throws IOException {
    List<String> lines = Files.readAllLines(ledger);
    String last = lines.get(lines.size() - 1);
    return Long.parseLong(last.substring(0, last.indexOf(' ')));
  }

  /**
   * Asserts from the ledger that no two web server processes were ever alive at the same time: each
   * process's heartbeats span [first, last], and those spans must not overlap.
   */
  void assertNeverActiveTwice() throws IOException {
    Map<Long, long[]> spans = new HashMap<>();
    for (String line : Files.readAllLines(ledger)) {
      String[] p = line.trim().split(" ");
      if (p.length != 2) {
        continue;
      }
      long pid = Long.parseLong(p[0]);
      long t = Long.parseLong(p[1]);
      spans.merge(
          pid,
          new long[] {t, t},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }
    List<Map.Entry<Long, long[]>> list = new ArrayList<>(spans.entrySet());
    list.sort((a, b) -> Long.compare(a.getValue()[0], b.getValue()[0]));
    for (int i = 1; i < list.size(); i++) {
      long[] prev = list.get(i - 1).getValue();
      long[] cur = list.get(i).getValue();
      assertThat(cur[0])
          .as(
              "web server %d started at %d while %d was alive until %d",
              list.get(i).getKey(), cur[0], list.get(i - 1).getKey(), prev[1])
          .isGreaterThan(prev[1]);
    }
  }

  static ConditionFactory await() {
    return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200));
  }

  static ObjectNode json() {
    return new ObjectMapper().createObjectNode();
  }

  /** Kills every node and leftover web server, and keeps the logs. */
  void close() throws IOException {
    for (String n : ALL) {
      Dist.kill(node(n));
    }
    Dist.keepLogs(dir, "HaCluster-" + tmp.getFileName());
    // The web server of a killed node may outlive it; end every process the ledger names.
    if (Files.exists(ledger)) {
      for (String line : Files.readAllLines(ledger)) {
        int sp = line.indexOf(' ');
        if (sp > 0) {
          ProcessHandle.of(Long.parseLong(line.substring(0, sp)))
              .filter(p -> p.info().commandLine().orElse("").contains("ledger_server.py"))
              .ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }
}
