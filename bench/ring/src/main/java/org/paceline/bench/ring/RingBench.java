package org.paceline.bench.ring;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-level ring benchmark: starts {@link RingNodeMain} processes on 127.0.0.1-3 and prints
 * its results as Markdown tables on stdout (progress goes to stderr, node logs to {@code --logs}).
 *
 * <pre>
 * RingBench throughput [--seconds 10] [--sizes 100,1024,10240] [--senders 1,3]
 *                      [--rows default,tuned,W/M/MTU] [--token 1000]
 * RingBench crash [RUNS] [--tokens 1000,300] [--victims 3,1]
 * RingBench all [RUNS]
 * common: [--node-jvm "JVM OPTIONS"] [--logs DIR]
 * </pre>
 *
 * Rows of the throughput table: {@code default} is Corosync's (window_size 50, max_messages 17,
 * netmtu 1500), {@code tuned} is {@link #TUNED}, {@code W/M/MTU} any other.
 */
public final class RingBench {

  private static final Logger LOG = LoggerFactory.getLogger(RingBench.class);

  /** The tuned row: what helped most on loopback (see the report in docs/BENCHMARKS.md). */
  static final String TUNED = "100/30/65000";

  static final String DEFAULT_NODE_JVM = "-Xms256m -Xmx256m -XX:+UseSerialGC";

  private static final List<String> KNOWN =
      List.of(
          "0",
          "1",
          "seconds",
          "sizes",
          "senders",
          "rows",
          "token",
          "tokens",
          "victims",
          "node-jvm",
          "logs");

  private RingBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = Args.options(args);
    String mode = o.getOrDefault("0", "");
    try {
      Args.check(o, KNOWN);
      if (!List.of("throughput", "crash", "all").contains(mode)) {
        throw new IllegalArgumentException("mode must be throughput, crash or all");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("RingBench: " + e.getMessage());
      System.err.println(
          "usage: RingBench throughput|crash|all [RUNS] [--seconds S] [--sizes B,..]"
              + " [--senders 1,3] [--rows default,tuned,W/M/MTU] [--token MS]"
              + " [--tokens MS,..] [--victims ID,..] [--node-jvm OPTS] [--logs DIR]");
      System.exit(64);
    }
    List<String> jvm =
        Arrays.stream(o.getOrDefault("node-jvm", DEFAULT_NODE_JVM).trim().split("\\s+"))
            .filter(s -> !s.isEmpty())
            .toList();
    NodeLauncher launcher =
        new NodeLauncher(jvm, Path.of(o.getOrDefault("logs", "target/bench-logs")));
    LOG.info("node JVM options {}; node logs in {}", jvm, launcher.logDir().toAbsolutePath());
    StringBuilder md = new StringBuilder();
    md.append(header(jvm));
    if (mode.equals("throughput") || mode.equals("all")) {
      md.append(throughput(launcher, o));
    }
    if (mode.equals("crash") || mode.equals("all")) {
      md.append(crash(launcher, o));
    }
    System.out.print(md);
    System.out.flush();
    System.exit(0);
  }

  private static String header(List<String> jvm) {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "Ring bench %s: 3 node processes on 127.0.0.1-3 (UDP, AES-256-GCM), %d CPUs, %s %s,"
            + " node JVM `%s`.%n%n",
        LocalDate.now(),
        rt.availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        String.join(" ", jvm));
  }

  private static String throughput(NodeLauncher launcher, Map<String, String> o) throws Exception {
    int token = Integer.parseInt(o.getOrDefault("token", "1000"));
    Duration seconds = Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "10")));
    ThroughputBench bench =
        new ThroughputBench(
            launcher,
            seconds,
            Args.intList(o.getOrDefault("sizes", "100,1024,10240")),
            Args.intList(o.getOrDefault("senders", "1,3")));
    List<ThroughputBench.Result> results = new ArrayList<>();
    for (String row : o.getOrDefault("rows", "default,tuned").split(",")) {
      results.addAll(bench.run(row(row.trim(), token)));
    }
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "### Agreed-order throughput (token %d ms, each sender sends for %d s as fast as the"
                + " ring takes it; slowest node)%n%n",
            token,
            seconds.toSeconds()));
    b.append(
        "| settings | size | senders | msg/s while sending | MB/s while sending"
            + " | msg/s end to end | MB/s end to end | delivered per node | retransmits"
            + " | token losses | errors |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (ThroughputBench.Result r : results) {
      if (r.failure() != null) {
        b.append(
            String.format(
                Locale.ROOT,
                "| %s (%s) | %s | %d | failed: %s | | | | | | | |%n",
                r.settings().label(),
                r.settings().describe(),
                size(r.size()),
                r.senders(),
                r.failure()));
        continue;
      }
      b.append(
          String.format(
              Locale.ROOT,
              "| %s (%s) | %s | %d | %s | %s | %s | %s | %,d | %d | %d | %d |%n",
              r.settings().label(),
              r.settings().describe(),
              size(r.size()),
              r.senders(),
              rate(r.sustained()),
              mb(r.sustainedMBps()),
              rate(r.endToEnd()),
              mb(r.endToEndMBps()),
              r.delivered(),
              r.retransmits(),
              r.tokenLost(),
              r.errors()));
    }
    b.append('\n');
    return b.toString();
  }

  static BenchCluster.Settings row(String spec, int token) {
    if (spec.equals("default")) {
      return BenchCluster.Settings.defaults(token);
    }
    String label = spec.equals("tuned") ? "tuned" : "w" + spec.replace("/", "-");
    int[] v =
        Arrays.stream((spec.equals("tuned") ? TUNED : spec).split("/"))
            .mapToInt(Integer::parseInt)
            .toArray();
    if (v.length != 3) {
      throw new IllegalArgumentException("a row is default, tuned or W/M/MTU: " + spec);
    }
    return new BenchCluster.Settings(label, token, v[0], v[1], v[2]);
  }

  private static String crash(NodeLauncher launcher, Map<String, String> o) throws Exception {
    int runs = Integer.parseInt(o.getOrDefault("1", "20"));
    CrashBench bench = new CrashBench(launcher, runs);
    List<CrashBench.Series> all = new ArrayList<>();
    for (int token : Args.intList(o.getOrDefault("tokens", "1000,300"))) {
      all.addAll(bench.run(token, Args.intList(o.getOrDefault("victims", "3,1"))));
    }
    StringBuilder b = new StringBuilder();
    b.append(
        "### Crash detection (SIGKILL of one node process to the view without it on both"
            + " survivors; idle ring, consensus 1.2 × token, join 50 ms)\n\n");
    b.append(
        "| token | node killed | runs | median | min | max | goal (median ≤ token + 100 ms)"
            + " | extra views | failed runs |\n");
    b.append("|---|---|---|---|---|---|---|---|---|\n");
    for (CrashBench.Series s : all) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %d ms | %d%s | %d | %.0f ms | %.0f ms | %.0f ms | %s | %d | %d |%n",
              s.tokenMillis(),
              s.victim(),
              s.representative() ? " (representative)" : "",
              s.millis().size(),
              s.median(),
              s.min(),
              s.max(),
              s.median() <= s.tokenMillis() + 100 ? "met" : "missed",
              s.extraViews(),
              s.failures()));
    }
    b.append('\n');
    return b.toString();
  }

  private static String size(int bytes) {
    if (bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " B";
  }

  private static String rate(double perSecond) {
    if (Double.isNaN(perSecond)) {
      return "n/a";
    }
    return perSecond >= 10_000
        ? String.format(Locale.ROOT, "%.1fk", perSecond / 1000)
        : String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  private static String mb(double mbps) {
    return Double.isNaN(mbps) ? "n/a" : String.format(Locale.ROOT, "%.1f", mbps);
  }
}
