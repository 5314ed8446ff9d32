package org.paceline.bench.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Node crash to recovery, fencing on. For each token timeout: a fresh three-node cluster of the
 * built distribution ({@code cluster init --fencing process}), one Dummy resource with stickiness;
 * each run SIGKILLs the node running it and polls a survivor's admin API every 2 ms until its CIB
 * shows the resource active on another node (the start has completed and been recorded). The killed
 * node is started again and the cluster settles before the next run: all three in the ring,
 * quorate, and every node process quiet (under 5 % of a core for a second). Prints a Markdown
 * table: median and max per token, and every run.
 *
 * <p>Usage: {@code FailoverBench DIST_HOME RUNS TOKENS} (tokens comma-separated, in ms).
 */
public final class FailoverBench {

  private static final List<String> NODES = List.of("n1", "n2", "n3");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path home;
  private final Path work;

  private FailoverBench(Path home, Path work) {
    this.home = home;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: FailoverBench DIST_HOME RUNS TOKENS");
      System.exit(64);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int runs = Integer.parseInt(args[1]);
    List<Integer> tokens = new ArrayList<>();
    for (String t : args[2].split(",")) {
      tokens.add(Integer.parseInt(t.trim()));
    }
    Path work = Files.createTempDirectory("paceline-failover");
    FailoverBench bench = new FailoverBench(home, work);
    StringBuilder table = new StringBuilder();
    table.append("| token | runs | median | max | min | goal (median / max) |\n");
    table.append("|---|---|---|---|---|---|\n");
    StringBuilder detail = new StringBuilder();
    for (int token : tokens) {
      List<Long> times = bench.series(token, runs);
      List<Long> sorted = new ArrayList<>(times);
      sorted.sort(null);
      long median = sorted.get(sorted.size() / 2);
      long max = sorted.get(sorted.size() - 1);
      table.append(
          String.format(
              Locale.ROOT,
              "| %d ms | %d | %d ms | %d ms | %d ms | %s / %s |%n",
              token,
              times.size(),
              median,
              max,
              sorted.get(0),
              median <= token + 150 ? "met" : "missed",
              max <= token + 500 ? "met" : "missed"));
      detail
          .append("token ")
          .append(token)
          .append(" ms, every run (ms): ")
          .append(times)
          .append('\n');
    }
    System.out.print(table);
    System.out.println();
    System.out.print(detail);
  }

  /** One cluster at {@code token}; {@code runs} crashes; the failover time of each. */
  private List<Long> series(int token, int runs) throws Exception {
    Path dir = work.resolve("t" + token);
    cli(
        "cluster",
        "init",
        "--name",
        "bench" + token,
        "--dir",
        dir.toString(),
        "--token",
        Integer.toString(token),
        "--port",
        Integer.toString(freeUdpPort()),
        "--admin-port",
        "0",
        "--fencing",
        "process",
        "n1=127.0.0.1",
        "n2=127.0.0.2",
        "n3=127.0.0.3");
    for (String n : NODES) {
      cli("node", "start", "--config", dir.resolve(n).toString());
    }
    List<Long> times = new ArrayList<>();
    try {
      Path crm = work.resolve("d.crm");
      Files.writeString(
          crm,
          "primitive d ocf:heartbeat:Dummy op monitor interval=10s\n"
              + "rsc_defaults resource-stickiness=100\n");
      String via = "n1";
      waitFor(() -> members(dir, "n1") == 3, 60_000);
      cliWithConf(dir.resolve("n1"), "configure", "load", "--update", crm.toString());
      for (int run = 0; run < runs; run++) {
        String current = waitForActive(dir, via, null);
        String survivor = NODES.stream().filter(n -> !n.equals(current)).findFirst().orElseThrow();
        // Let the cluster settle: every node up, quorate, and every node process quiet (the node
        // started again after the previous run has finished starting: a failover lands on nodes
        // that have been running, not on a JVM still busy loading and compiling its bundles).
        waitFor(() -> idle(dir, survivor), 60_000);
        awaitQuiet(dir);
        long pid =
            Long.parseLong(
                Files.readString(dir.resolve(current + "/state/run/paceline.pid")).trim());
        long t0 = System.nanoTime();
        new ProcessBuilder("kill", "-KILL", Long.toString(pid)).inheritIO().start().waitFor();
        String moved = waitForActive(dir, survivor, current);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        times.add(ms);
        System.err.printf(
            Locale.ROOT,
            "token %d run %d: %s -> %s in %d ms%n",
            token,
            run + 1,
            current,
            moved,
            ms);
        via = survivor;
        waitFor(() -> !running(dir.resolve(current)), 30_000);
        cli("node", "start", "--config", dir.resolve(current).toString());
        String v = via;
        waitFor(() -> members(dir, v) == 3, 60_000);
      }
    } finally {
      for (String n : NODES) {
        try {
          Files.readString(dir.resolve(n + "/state/run/paceline.pid"));
          new ProcessBuilder(
                  home.resolve("bin/paceline").toString(),
                  "node",
                  "stop",
                  "--config",
                  dir.resolve(n).toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start()
              .waitFor(90, TimeUnit.SECONDS);
        } catch (IOException e) {
          // not running
        }
      }
    }
    return times;
  }

  /** CPU of a node process below this share of one core over {@link #QUIET_WINDOW_MS}: quiet. */
  private static final double QUIET_SHARE = 0.05;

  private static final long QUIET_WINDOW_MS = 1_000;
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  /**
   * Waits until every node process used less than {@link #QUIET_SHARE} of a core over {@link
   * #QUIET_WINDOW_MS} (from /proc/PID/stat), at most 30 s (then says so and goes on).
   */
  private void awaitQuiet(Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      long[] before = new long[NODES.size()];
      for (int i = 0; i < before.length; i++) {
        before[i] = cpuTicks(dir.resolve(NODES.get(i)));
      }
      Thread.sleep(QUIET_WINDOW_MS);
      boolean quiet = true;
      for (int i = 0; i < before.length; i++) {
        long used = cpuTicks(dir.resolve(NODES.get(i))) - before[i];
        quiet &= used < QUIET_SHARE * CLOCK_TICKS_PER_SECOND * QUIET_WINDOW_MS / 1000.0;
      }
      if (quiet) {
        return;
      }
    }
    System.err.println("the nodes did not become quiet within 30 s; going on");
  }

  /** utime + stime of a node's process in clock ticks, 0 if it cannot be read. */
  private static long cpuTicks(Path nodeDir) {
    try {
      long pid = Long.parseLong(Files.readString(nodeDir.resolve("state/run/paceline.pid")).trim());
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private boolean idle(Path dir, String via) {
    JsonNode s = api(dir.resolve(via), "status");
    return s != null && s.path("quorate").asBoolean() && members(dir, via) == 3;
  }

  private int members(Path dir, String via) {
    JsonNode s = api(dir.resolve(via), "status");
    return s == null ? 0 : s.path("ring").path("members").size();
  }

  private Optional<String> activeOn(Path dir, String via) {
    JsonNode r = api(dir.resolve(via), "resources/d");
    if (r == null || r.path("activeOn").size() != 1) {
      return Optional.empty();
    }
    return Optional.of(r.path("activeOn").get(0).asText());
  }

  /** Polls {@code via} every 2 ms until d is active on one node other than {@code not}. */
  private String waitForActive(Path dir, String via, String not) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Optional<String> on = activeOn(dir, via);
      if (on.isPresent() && !on.get().equals(not)) {
        return on.get();
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException("d did not become active (not on " + not + ") within 60 s");
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check check, long ms) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + ms + " ms");
      }
      Thread.sleep(20);
    }
  }

  private static boolean running(Path nodeDir) {
    try {
      long pid = Long.parseLong(Files.readString(nodeDir.resolve("state/run/paceline.pid")).trim());
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  private JsonNode api(Path nodeDir, String path) {
    try {
      String url = Files.readString(nodeDir.resolve("state/run/admin.url")).trim();
      String credential = Files.readString(nodeDir.resolve("credential")).strip();
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(url + "api/v1/" + path))
              .timeout(Duration.ofSeconds(2))
              .header(
                  "Authorization",
                  "Basic "
                      + Base64.getEncoder()
                          .encodeToString(credential.getBytes(StandardCharsets.UTF_8)))
              .build();
      HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
      return resp.statusCode() == 200 ? JSON.readTree(resp.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void cli(String... args) throws Exception {
    run(Map.of(), args);
  }

  private void cliWithConf(Path conf, String... args) throws Exception {
    run(Map.of("PACELINE_CONF", conf.toString()), args);
  }

  private void run(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(home.resolve("bin/paceline").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Path out = Files.createTempFile(work, "cli", ".out");
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "paceline " + String.join(" ", args) + " failed: " + Files.readString(out));
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0)) {
      return s.getLocalPort();
    }
  }
}
