package org.paceline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code paceline demo}: a whole local cluster in one command. Starts a Kafka broker (from the
 * dist's {@code lib/kafka/}) and three nodes on 127.0.0.1-3 with process fencing and their event
 * log in Kafka, configures a web service (a Dummy "virtual IP" and a Process running a small HTTP
 * server, in a group), prints the web console's URL and the credential, then the live status until
 * Ctrl-C or SIGTERM, when it stops everything: the resources, the nodes (cleanly, as {@code node
 * stop} does), the broker. {@code --failover} SIGKILLs the node running the service once it runs
 * and measures how long the service takes to answer again from another node; {@code --exit} stops
 * everything after that instead of watching, for scripts and tests.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "A local 3-node cluster (127.0.0.1-3) with an embedded Kafka broker, process fencing and a",
      "demo web service (group websvc: a Dummy virtual IP and a Process running an HTTP server).",
      "Prints the web console URL and the credential, then the live status; Ctrl-C (or SIGTERM)",
      "stops everything cleanly."
    })
final class DemoCommand implements Callable<Integer> {

  /** The demo group and its members, in order. */
  static final String GROUP = "websvc";

  static final List<String> MEMBERS = List.of("ip", "web");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

  @Spec CommandSpec spec;

  @Option(
      names = "--failover",
      description =
          "Once the service runs, SIGKILL the node running it and measure how long the service"
              + " takes to answer again from another node.")
  boolean failover;

  @Option(
      names = "--exit",
      description =
          "Stop everything and exit once the demo has run (after --failover's measurement)"
              + " instead of showing the live status until Ctrl-C: for scripts and tests.")
  boolean exit;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Work folder (node configurations, logs, Kafka data); must be empty or new, and is"
              + " kept. Default: a new temporary folder, removed at the end unless --keep.")
  Path dir;

  @Option(names = "--keep", description = "Keep the temporary work folder at the end.")
  boolean keep;

  @Option(
      names = "--admin-port",
      paramLabel = "PORT",
      description =
          "TCP port of each node's admin API and web console, on its own address; 0: any free"
              + " port (default: ${DEFAULT-VALUE}).")
  int adminPort = 7480;

  @Option(
      names = "--web-port",
      paramLabel = "PORT",
      description =
          "TCP port of the demo web service on 127.0.0.1; 0: any free port (default:"
              + " ${DEFAULT-VALUE}).")
  int webPort = 8080;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      description = "Refresh interval of the live status (default: ${DEFAULT-VALUE}).")
  double interval = 2;

  /** Set when the demo must stop (Ctrl-C, SIGTERM). */
  private final AtomicBoolean stopping = new AtomicBoolean();

  /** Counted down when the main flow has left its work (normally or not). */
  private final CountDownLatch mainDone = new CountDownLatch(1);

  /** Whoever (main flow or shutdown hook) claims this does the clean-up. */
  private final AtomicBoolean cleanupClaimed = new AtomicBoolean();

  private final CountDownLatch cleanupDone = new CountDownLatch(1);

  /** Set when the main flow failed: the work folder is kept for its logs. */
  private volatile boolean failed;

  private PrintWriter out;
  private long t0;
  private Path work;
  private boolean removeWork;
  private DemoBroker broker;
  private DemoCluster cluster;
  private int servicePort;
  private final List<String> header = new ArrayList<>();
  private boolean tty;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    t0 = System.nanoTime();
    tty = System.console() != null;
    if (adminPort < 0 || adminPort > 65_535) {
      throw new CliException(ExitCodes.USAGE, "--admin-port " + adminPort + " is not a TCP port");
    }
    if (webPort < 0 || webPort > 65_535) {
      throw new CliException(ExitCodes.USAGE, "--web-port " + webPort + " is not a TCP port");
    }
    if (interval <= 0) {
      throw new CliException(ExitCodes.USAGE, "--interval must be more than 0 seconds");
    }
    Path home = Paceline.home();
    DemoChecks.distComplete(home);
    DemoChecks.addressesUsable();
    if (adminPort != 0) {
      DemoChecks.tcpPortFree(
          adminPort,
          DemoChecks.ADDRESSES,
          "the nodes' admin APIs and web consoles",
          "--admin-port");
    }
    if (webPort != 0) {
      DemoChecks.tcpPortFree(webPort, List.of("127.0.0.1"), "the demo web service", "--web-port");
    }
    servicePort = webPort != 0 ? webPort : DemoChecks.freeTcpPort();
    checkQuotable(home);
    if (dir != null) {
      checkQuotable(dir.toAbsolutePath().normalize());
    }
    prepareWorkFolder();
    Thread hook = new Thread(this::onSignal, "paceline-demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    int code = ExitCodes.FAILED;
    try {
      code = runDemo(home);
    } catch (DemoCluster.Cancelled e) {
      code = ExitCodes.FAILED;
    } catch (CliException e) {
      if (!stopping.get()) {
        failed = true;
        throw e;
      }
    } catch (Exception | Error e) {
      failed = true;
      throw e;
    } finally {
      mainDone.countDown();
      if (cleanupClaimed.compareAndSet(false, true)) {
        try {
          cleanUp();
        } finally {
          cleanupDone.countDown();
        }
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down already: the hook waits for this clean-up
        }
      }
    }
    return code;
  }

  /** The shutdown hook: stop the main flow, then clean up (or wait for its clean-up). */
  private void onSignal() {
    stopping.set(true);
    try {
      if (!mainDone.await(START_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
        out.println("paceline demo: the demo did not stop its current step; cleaning up anyway");
      }
      if (cleanupClaimed.compareAndSet(false, true)) {
        try {
          cleanUp();
        } finally {
          cleanupDone.countDown();
        }
      } else if (!cleanupDone.await(3, TimeUnit.MINUTES)) {
        out.println("paceline demo: the clean-up did not finish within 3 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.flush();
  }

  private int runDemo(Path home) throws Exception {
    say("work folder " + work + (removeWork ? " (removed at the end; --keep keeps it)" : ""));
    int kafkaPort = DemoChecks.freeTcpPort();
    int controllerPort = DemoChecks.freeTcpPort();
    while (controllerPort == kafkaPort) {
      controllerPort = DemoChecks.freeTcpPort();
    }
    broker = new DemoBroker(home, work.resolve("kafka"), kafkaPort, controllerPort);
    // The broker first: the nodes then find it up, and its start-up (a JVM, a few seconds of
    // CPU) does not compete with theirs while their ring forms.
    broker.start(STEP_TIMEOUT);
    say(
        "Kafka broker started (pid "
            + broker.pid()
            + ") on "
            + broker.bootstrap()
            + ", topic paceline."
            + DemoCluster.NAME
            + ".events");
    checkStopping();
    cluster =
        DemoCluster.write(home, work, adminPort, DemoChecks.freeRingPort(), broker.bootstrap());
    say(
        "cluster "
            + DemoCluster.NAME
            + ": n1 127.0.0.1, n2 127.0.0.2, n3 127.0.0.3; fencing: "
            + InitialCib.PROCESS_DEVICE
            + " (the process device); event log: Kafka at "
            + broker.bootstrap());
    Map<String, Long> pids = cluster.startAll(START_TIMEOUT);
    for (Map.Entry<String, Long> e : pids.entrySet()) {
      say(
          "node "
              + e.getKey()
              + " started (pid "
              + e.getValue()
              + "), admin "
              + cluster.admin(e.getKey()).baseUrl());
    }
    checkStopping();
    String dc = cluster.awaitSettled(STEP_TIMEOUT, Duration.ofSeconds(2), stopping::get);
    say(
        "cluster formed: n1 n2 n3 in one ring, quorum, DC "
            + dc
            + ", event log publishing, "
            + InitialCib.PROCESS_DEVICE
            + " started");
    Path crmFile = work.resolve(GROUP + ".crm");
    Files.writeString(crmFile, serviceCrm(home, work, servicePort), StandardCharsets.UTF_8);
    cluster.configure("n1", Files.readString(crmFile, StandardCharsets.UTF_8));
    say("configured group " + GROUP + " (" + crmFile + ")");
    DemoFailover service = new DemoFailover(cluster, URI.create(serviceUrl()), MEMBERS);
    String where =
        DemoCluster.await(
            "group " + GROUP + " to start and " + serviceUrl() + " to answer",
            STEP_TIMEOUT,
            stopping::get,
            () ->
                cluster
                    .status("n1")
                    .flatMap(s -> DemoCluster.runningOn(s, MEMBERS))
                    .filter(n -> service.answeringNode().filter(n::equals).isPresent()));
    say(GROUP + " started on " + where + ": " + serviceUrl() + " answers");
    printSummary();
    if (failover) {
      runFailover(service, where);
    }
    if (exit) {
      cluster.liveNode().flatMap(cluster::status).ifPresent(this::printStatus);
      return ExitCodes.OK;
    }
    watch();
    return ExitCodes.OK;
  }

  /**
   * The crm configuration of the demo service: its web server is the dist's {@link DemoWebServer}
   * on 127.0.0.1:{@code port}, run with the dist's java, its command naming {@code work}.
   */
  static String serviceCrm(Path home, Path work, int port) {
    String url = "http://127.0.0.1:" + port + "/";
    String java = DemoBroker.javaBinary();
    String command =
        String.join(
            " ",
            quote(java),
            "-Xms8m -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -Xshare:auto",
            "-cp",
            quote(home.resolve("lib/paceline-cli.jar").toString()),
            DemoWebServer.class.getName(),
            Integer.toString(port),
            quote(work.resolve("web").toString()));
    return String.join(
        "\n",
        "# The demo web service: a virtual IP (a Dummy stands in for it: the nodes share one",
        "# host) and an HTTP server run by the Process agent, in a group: ip starts first, web",
        "# on the same node after it.",
        "primitive ip ocf:paceline:Dummy op monitor interval=5s timeout=10s",
        "primitive web ocf:paceline:Process params command=\"" + command + "\" \\",
        "    check_http=\"" + url + "\" stop_grace=2s \\",
        "    op monitor interval=2s timeout=10s",
        "group " + GROUP + " ip web",
        "# n2 first, so that --failover kills n2 and the console on n1 stays up.",
        "location " + GROUP + "-prefers-n2 " + GROUP + " 50: n2",
        "rsc_defaults resource-stickiness=100 migration-threshold=3",
        "");
  }

  private String serviceUrl() {
    return "http://127.0.0.1:" + servicePort + "/";
  }

  private void printSummary() throws IOException {
    String consoleNode = cluster.liveNode().orElse("n1");
    String credential = cluster.credential();
    int colon = credential.indexOf(':');
    header.clear();
    header.add("Web console: " + cluster.admin(consoleNode).baseUrl() + "system/console/cluster");
    header.add(
        "Credential:  "
            + credential
            + "   (user "
            + (colon > 0 ? credential.substring(0, colon) : credential)
            + ", password "
            + (colon > 0 ? credential.substring(colon + 1) : "")
            + "; in "
            + cluster.credentialFile()
            + ")");
    header.add("Web service: " + serviceUrl() + "   (group " + GROUP + ": ip, web)");
    header.add(
        "CLI:         PACELINE_CONF="
            + cluster.configDir(consoleNode)
            + " paceline status   (or events -f, node standby n2, ...)");
    out.println();
    header.forEach(out::println);
    out.println();
    out.flush();
  }

  private void runFailover(DemoFailover service, String where) throws Exception {
    long pid =
        cluster
            .pid(where)
            .orElseThrow(() -> new CliException(ExitCodes.FAILED, where + " is not running"));
    out.printf("Failover: killing %s (pid %d, SIGKILL), which runs %s%n", where, pid, GROUP);
    out.flush();
    DemoFailover.Result r =
        service.run(
            where,
            pid,
            STEP_TIMEOUT,
            stopping::get,
            m -> {
              out.printf("  +%5d ms  %s%n", m.millis(), m.what());
              out.flush();
            });
    String line =
        "Failover time: "
            + r.millis()
            + " ms (from the kill of "
            + r.killed()
            + " to "
            + GROUP
            + " answering again on "
            + r.newNode()
            + ")"
            + (r.clusterMillis() >= 0
                ? "; the cluster reported it started after " + r.clusterMillis() + " ms"
                : "");
    out.println(line);
    if (!exit) {
      out.println(
          "  (start "
              + r.killed()
              + " again: paceline node start --config "
              + cluster.configDir(r.killed())
              + ")");
    }
    out.println();
    out.flush();
    header.add(line);
  }

  /** The live status until the demo stops: in place on a terminal, else each change once. */
  private void watch() throws InterruptedException {
    long sleep = Math.max(200, (long) (interval * 1000));
    String last = null;
    boolean first = true;
    while (!stopping.get()) {
      Optional<String> via = cluster.liveNode();
      String text =
          via.flatMap(cluster::status)
              .map(DemoCommand::statusText)
              .orElse("no node answers (are they all down?)\n");
      if (tty) {
        StringBuilder sb = new StringBuilder();
        header.forEach(l -> sb.append(l).append('\n'));
        sb.append('\n').append(text).append('\n');
        sb.append("Every ")
            .append(interval)
            .append(" s, ")
            .append(LocalTime.now().withNano(0))
            .append(" (Ctrl-C stops the demo and everything it started)\n");
        out.print(StatusCommand.frame(sb.toString(), first));
        first = false;
      } else {
        String key = withoutEventLog(text);
        if (!key.equals(last)) {
          out.println("--- status at " + LocalTime.now().withNano(0));
          out.print(text);
          last = key;
        }
      }
      out.flush();
      for (long waited = 0; waited < sleep && !stopping.get(); waited += 100) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
    if (tty) {
      out.print(StatusCommand.SHOW_CURSOR);
      out.println();
    }
  }

  static String statusText(JsonNode status) {
    StringWriter buf = new StringWriter();
    StatusCommand.printText(status, new PrintWriter(buf));
    return buf.toString();
  }

  private static String withoutEventLog(String text) {
    StringBuilder sb = new StringBuilder();
    text.lines().filter(l -> !l.contains("Event log:")).forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }

  private void printStatus(JsonNode status) {
    out.print(statusText(status));
    out.println();
    out.flush();
  }

  /** Stops everything the demo started, each step bounded; reports what it could not stop. */
  private void cleanUp() {
    if (tty) {
      out.print(StatusCommand.SHOW_CURSOR);
    }
    long start = System.nanoTime();
    out.println("Stopping the demo...");
    out.flush();
    try {
      if (cluster != null) {
        stopResources();
        List<String> problems = cluster.stopAll(Duration.ofSeconds(60));
        problems.forEach(p -> out.println("  " + p));
        out.printf("  nodes stopped (%s)%n", seconds(start));
        out.flush();
      }
      if (broker != null) {
        boolean clean = broker.stop(Duration.ofSeconds(20));
        out.printf(
            "  Kafka broker stopped%s (%s)%n",
            clean ? "" : " (killed: it did not stop)", seconds(start));
      }
      killLeftovers();
      if (removeWork && !keep && !failed && work != null) {
        deleteTree(work);
        out.println("  work folder removed");
      } else if (work != null) {
        out.println(
            "  work folder kept: "
                + work
                + (failed ? " (the nodes' logs: n*/paceline.log, Kafka's: kafka/broker.log)" : ""));
      }
      out.printf("demo stopped in %s%n", seconds(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("paceline demo: interrupted while stopping");
    } catch (IOException | RuntimeException e) {
      out.println("paceline demo: while stopping: " + e);
    }
    out.flush();
  }

  /** Stops every resource first (stop-all-resources), so the nodes leave with nothing to move. */
  private void stopResources() throws InterruptedException {
    Optional<String> via = cluster.liveNode();
    if (via.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    try {
      cluster.property(via.get(), "stop-all-resources", "true");
      DemoCluster.await(
          "the resources to stop",
          Duration.ofSeconds(60),
          () -> false,
          () -> cluster.status(via.get()).filter(DemoCluster::nothingActive));
      out.printf("  resources stopped (%s)%n", seconds(start));
    } catch (CliException e) {
      out.println("  resources: " + e.getMessage() + "; stopping the nodes anyway");
    }
    out.flush();
  }

  /**
   * Kills what a stop missed: demo web servers (their command names the work folder) and nodes of
   * this work folder still running, e.g. after a node did not stop in time.
   */
  private void killLeftovers() {
    if (work == null) {
      return;
    }
    String marker = work.toString();
    java.util.Set<Long> mine = new java.util.HashSet<>();
    for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current());
        p.isPresent();
        p = p.get().parent()) {
      mine.add(p.get().pid());
    }
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      all.filter(p -> !mine.contains(p.pid()))
          .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
          .forEach(
              p -> {
                out.println(
                    "  killing leftover process "
                        + p.pid()
                        + ": "
                        + p.info().commandLine().orElse("?"));
                p.destroyForcibly();
              });
    }
  }

  private void prepareWorkFolder() throws IOException {
    if (dir == null) {
      work = Files.createTempDirectory("paceline-demo-").toAbsolutePath().normalize();
      removeWork = true;
      return;
    }
    work = dir.toAbsolutePath().normalize();
    if (Files.exists(work)) {
      if (!Files.isDirectory(work)) {
        throw new CliException(ExitCodes.USAGE, "--dir " + dir + " is not a folder");
      }
      try (Stream<Path> s = Files.list(work)) {
        if (s.findAny().isPresent()) {
          throw new CliException(
              ExitCodes.USAGE,
              "--dir "
                  + dir
                  + " is not empty; the demo needs a new or empty folder (or none: a temporary"
                  + " one)");
        }
      }
    }
    Files.createDirectories(work);
  }

  /** The web server's command line is quoted for the Process agent; refuse what cannot be. */
  private static void checkQuotable(Path p) {
    String s = p.toString();
    if (s.contains("'") || s.contains("\"") || s.contains("\\")) {
      throw new CliException(
          ExitCodes.USAGE,
          "the path " + s + " contains a quote or a backslash, which the demo cannot pass on");
    }
  }

  /** A word for the Process agent's command line. */
  static String quote(String word) {
    return word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word + "'";
  }

  private void checkStopping() {
    if (stopping.get()) {
      throw new DemoCluster.Cancelled();
    }
  }

  private void say(String line) {
    out.printf("[%5.1f s] %s%n", (System.nanoTime() - t0) / 1e9, line);
    out.flush();
  }

  private static String seconds(long fromNanos) {
    return String.format("%.1f s", (System.nanoTime() - fromNanos) / 1e9);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
