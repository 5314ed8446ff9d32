package org.paceline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.launcher.config.CorosyncConfReader;

/**
 * The three nodes of {@code paceline demo} on 127.0.0.1-3: their configuration (written as {@code
 * cluster init --fencing process} writes it, plus the Kafka broker in every paceline.conf), their
 * processes, and the questions the demo asks their admin APIs.
 */
final class DemoCluster {

  /** The cluster's name. */
  static final String NAME = "demo";

  /** The nodes, in node id order. */
  static final List<String> NODES = List.of("n1", "n2", "n3");

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration QUICK = Duration.ofSeconds(3);

  private final Path home;
  private final Map<String, NodeConfiguration> configs;

  private DemoCluster(Path home, Map<String, NodeConfiguration> configs) {
    this.home = home;
    this.configs = configs;
  }

  /**
   * Writes the configuration folders {@code dir/n1..n3}: corosync.conf, paceline.conf (admin API on
   * each node's own address at {@code adminPort}, the event log to Kafka at {@code bootstrap}), the
   * shared authkey and credential, and the initial CIB with the process fence device.
   */
  static DemoCluster write(Path home, Path dir, int adminPort, int ringPort, String bootstrap)
      throws IOException {
    List<ClusterInit.NodeSpec> specs = new ArrayList<>();
    for (int i = 0; i < NODES.size(); i++) {
      specs.add(new ClusterInit.NodeSpec(NODES.get(i), DemoChecks.ADDRESSES.get(i)));
    }
    List<Path> dirs =
        ClusterInit.write(
            new ClusterInit.Spec(
                NAME,
                dir,
                specs,
                (int) CorosyncConfReader.DEFAULT_TOKEN.toMillis(),
                ringPort,
                adminPort,
                false));
    InitialCib.writeProcessFencing(dir, specs, dirs);
    Map<String, NodeConfiguration> configs = new LinkedHashMap<>();
    for (int i = 0; i < NODES.size(); i++) {
      Files.writeString(
          dirs.get(i).resolve("paceline.conf"),
          eventsSection(bootstrap),
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      configs.put(NODES.get(i), ConfigDirs.load(dirs.get(i), home));
    }
    return new DemoCluster(home, configs);
  }

  /** The {@code events} section that sends the event log to the demo's broker. */
  static String eventsSection(String bootstrap) {
    return "\n# The event log goes to the demo's Kafka broker.\n"
        + "events {\n"
        + "    kafka {\n"
        + "        bootstrap.servers: "
        + bootstrap
        + "\n"
        + "    }\n"
        + "}\n";
  }

  /** The configuration folder of {@code node}. */
  Path configDir(String node) {
    return configs.get(node).configDir();
  }

  /** The admin API client of {@code node}. */
  AdminClient admin(String node) {
    return new AdminClient(configs.get(node));
  }

  /** The credential line, {@code user:password}. */
  String credential() throws IOException {
    return Files.readString(configs.get(NODES.get(0)).node().admin().credentialFile()).strip();
  }

  /** The credential file of the first node. */
  Path credentialFile() {
    return configs.get(NODES.get(0)).node().admin().credentialFile();
  }

  private NodeProcess process(String node) {
    return new NodeProcess(configs.get(node), home);
  }

  /** The pid of {@code node}'s process while it runs. */
  Optional<Long> pid(String node) {
    return process(node).running().map(ProcessHandle::pid);
  }

  /**
   * Starts every node at once, each in its own session, and waits until each admin API answers.
   *
   * @return each node's pid
   */
  Map<String, Long> startAll(Duration timeout) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(NODES.size(), named("demo-node-start"));
    try {
      Map<String, Future<Long>> started = new LinkedHashMap<>();
      for (String n : NODES) {
        started.put(n, pool.submit(() -> process(n).startBackground(timeout)));
      }
      Map<String, Long> pids = new LinkedHashMap<>();
      for (Map.Entry<String, Future<Long>> e : started.entrySet()) {
        pids.put(e.getKey(), result(e.getValue(), timeout.plusSeconds(10), "starting node"));
      }
      return pids;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Stops every running node at once with {@code paceline node stop}'s SIGTERM (a clean leave).
   *
   * @return what went wrong, one line per node (empty when every node stopped)
   */
  List<String> stopAll(Duration timeout) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(NODES.size(), named("demo-node-stop"));
    List<String> problems = new ArrayList<>();
    try {
      Map<String, Future<Boolean>> stopped = new LinkedHashMap<>();
      for (String n : NODES) {
        stopped.put(n, pool.submit(() -> process(n).stop(timeout)));
      }
      for (Map.Entry<String, Future<Boolean>> e : stopped.entrySet()) {
        try {
          result(e.getValue(), timeout.plusSeconds(10), "stopping node");
        } catch (CliException ex) {
          problems.add(e.getKey() + ": " + ex.getMessage());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return problems;
  }

  private static <T> T result(Future<T> f, Duration timeout, String what)
      throws InterruptedException {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CliException ce) {
        throw ce;
      }
      throw new CliException(ExitCodes.FAILED, what + " failed: " + cause, cause);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new CliException(
          ExitCodes.FAILED, what + " took longer than " + timeout.toSeconds() + " s", e);
    }
  }

  /** The status as {@code node} reports it now, or empty if it does not answer. */
  Optional<JsonNode> status(String node) {
    try {
      return Optional.of(admin(node).get("status", "", QUICK));
    } catch (CliException e) {
      return Optional.empty();
    }
  }

  /** The first node (n1 first) whose process runs and whose admin API answers, if any. */
  Optional<String> liveNode() {
    for (String n : NODES) {
      if (pid(n).isPresent() && status(n).isPresent()) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /**
   * Waits until the cluster has settled: every node sees the same operational ring of all three,
   * with quorum and one DC, the DC publishes the event log to Kafka and has started the fence
   * device, and the ring has not changed for {@code quiet} (start-up's CPU load can still cost a
   * token or two right after the ring forms; configuring the service in calm waters keeps its first
   * start out of that).
   *
   * @return the DC
   */
  String awaitSettled(Duration timeout, Duration quiet, BooleanSupplier cancelled)
      throws InterruptedException {
    String[] ring = {null};
    long[] since = {0};
    return await(
        "the three nodes to form a cluster (one ring, quorum, a DC, the event log in Kafka, the"
            + " fence device started)",
        timeout,
        cancelled,
        () -> {
          String dc = null;
          String ringId = null;
          boolean publishing = false;
          boolean deviceStarted = false;
          for (String n : NODES) {
            Optional<JsonNode> s = status(n);
            if (s.isEmpty()) {
              return Optional.empty();
            }
            JsonNode st = s.get();
            JsonNode r = st.path("ring");
            String id = r.path("id").asText();
            if (!r.path("state").asText().equals("OPERATIONAL")
                || r.path("members").size() != NODES.size()
                || !st.path("quorate").asBoolean()
                || st.path("dc").isNull()
                || (dc != null && !dc.equals(st.path("dc").asText()))
                || (ringId != null && !ringId.equals(id))) {
              return Optional.empty();
            }
            dc = st.path("dc").asText();
            ringId = id;
            if (n.equals(dc)) {
              publishing = st.path("eventLog").path("publisher").asText().equals("PUBLISHING");
              // The DC has run a transition with every node joined: the fence device runs.
              deviceStarted = runningOn(st, List.of(InitialCib.PROCESS_DEVICE)).isPresent();
            }
          }
          if (!publishing || !deviceStarted) {
            return Optional.empty();
          }
          long now = System.nanoTime();
          if (!ringId.equals(ring[0])) {
            ring[0] = ringId;
            since[0] = now;
          }
          return now - since[0] >= quiet.toNanos() ? Optional.of(dc) : Optional.empty();
        });
  }

  /** Adds the crm objects in {@code crm} to the configuration, through {@code node}. */
  void configure(String node, String crm) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("crm", crm);
    body.put("update", true);
    body.put("force", false);
    admin(node).post("configuration/load", body);
  }

  /** Sets the cluster property {@code name=value}, through {@code node}. */
  void property(String node, String name, String value) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putArray("words").add("property").add(name + "=" + value);
    body.put("force", true);
    admin(node).post("configuration/statement", body);
  }

  /**
   * The node where every one of {@code members} is Started, in {@code status}, if they all run on
   * one node.
   */
  static Optional<String> runningOn(JsonNode status, List<String> members) {
    String where = null;
    for (String id : members) {
      JsonNode r = resource(status, id);
      if (r == null || !r.path("role").asText().equals("Started") || r.path("node").isNull()) {
        return Optional.empty();
      }
      String node = r.path("node").asText();
      if (where != null && !where.equals(node)) {
        return Optional.empty();
      }
      where = node;
    }
    return Optional.ofNullable(where);
  }

  /** Whether no resource is active (Started, Promoted, Unpromoted or Failed) in {@code status}. */
  static boolean nothingActive(JsonNode status) {
    for (JsonNode r : status.path("resources")) {
      if (!r.path("role").asText().equals("Stopped")) {
        return false;
      }
    }
    return true;
  }

  /** The state of {@code node} ({@code online}, {@code unclean}, {@code offline}...) in status. */
  static String nodeState(JsonNode status, String node) {
    for (JsonNode n : status.path("nodes")) {
      if (n.path("name").asText().equals(node)) {
        return n.path("state").asText();
      }
    }
    return "";
  }

  private static JsonNode resource(JsonNode status, String id) {
    for (JsonNode r : status.path("resources")) {
      if (r.path("id").asText().equals(id)) {
        return r;
      }
    }
    return null;
  }

  /** A condition to poll: a value when it holds. */
  @FunctionalInterface
  interface Probe<T> {
    Optional<T> poll() throws Exception;
  }

  /** Thrown by {@link #await} when {@code cancelled} turns true (the demo is stopping). */
  static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("stopping", null, false, false);
    }
  }

  /**
   * Polls {@code probe} every 100 ms until it gives a value.
   *
   * @throws CliException after {@code timeout}
   * @throws Cancelled as soon as {@code cancelled} is true
   */
  static <T> T await(String what, Duration timeout, BooleanSupplier cancelled, Probe<T> probe)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (cancelled.getAsBoolean()) {
        throw new Cancelled();
      }
      try {
        Optional<T> v = probe.poll();
        if (v.isPresent()) {
          return v.get();
        }
      } catch (CliException e) {
        // not yet: a node that does not answer is polled again
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw new CliException(ExitCodes.FAILED, "waiting for " + what + " failed: " + e, e);
      }
      if (System.nanoTime() > deadline) {
        throw new CliException(
            ExitCodes.FAILED, "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
    }
  }

  static java.util.concurrent.ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
