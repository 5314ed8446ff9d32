package org.paceline.bench.eventlog;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The event log end to end: events emitted on three nodes go through the ring, are numbered by
 * every node's {@code EventRelay} and journaled, and node 1's {@code KafkaPublisher} commits them
 * to a local broker in transactions. One broker serves all runs; before the first, events flow
 * through a throwaway cluster for a while, so the broker and the node code are as warm as in a
 * cluster in service. Per run (fresh cluster, topic of its own): a warm-up (as fast as the nodes
 * take events, not measured), the rated phase (the offered rate for the given seconds, a third on
 * each node) and a saturation phase (all three nodes emit as fast as they can). For each it prints
 * events/s and the latency from the moment an event was due to be emitted until the transaction
 * holding it committed, split into emit → journaled on node 1 (ring and numbering) and journaled →
 * committed (publisher), plus emit → read by a read_committed consumer, and where the CPU went.
 *
 * <p>Markdown on standard output, progress on standard error. Run with {@code
 * bench/eventlog/run.sh}; options in {@link Options}.
 */
public final class EventLogBench {

  private EventLogBench() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(64);
      return;
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println(machine());
    out.printf(
        Locale.ROOT,
        "options: %d run(s), offered %d events/s for %d s after a %d s warm-up, saturation %d s,"
            + " mode %s, broker %s %s, prewarm up to %d s, token %d ms, state in %s, settings %s%n%n",
        options.runs(),
        options.rate(),
        options.seconds(),
        options.warmup(),
        options.saturation(),
        options.publisherOnly() ? "publisher (no rings)" : "full",
        options.brokerProcess() ? "process" : "inproc",
        options.brokerSettings().isEmpty() ? "(defaults)" : options.brokerSettings(),
        options.prewarm(),
        options.token().toMillis(),
        options.stateDir().map(Path::toString).orElse(System.getProperty("java.io.tmpdir")),
        options.settings().isEmpty() ? "(defaults)" : options.settings());
    // Warm-ups run at saturation: up to ~28k events/s per emitter seen (publisher alone).
    long runNeeds =
        (long) options.rate() * options.seconds() / 3
            + 40_000L * options.warmup()
            + 8
            + (options.saturation() > 0 ? 1_000_000L : 0);
    int perNode =
        (int) Math.min(Integer.MAX_VALUE - 8, Math.max(runNeeds, 40_000L * PREWARM_CHUNK_SECONDS));
    Timeline timeline = new Timeline(BenchRun.NODES, perNode);
    List<BenchRun.Phase> rated = new ArrayList<>();
    List<BenchRun.Phase> saturated = new ArrayList<>();
    Path logs = Path.of(System.getProperty("bench.logs", System.getProperty("java.io.tmpdir")));
    Files.createDirectories(logs);
    System.err.println("starting the broker");
    try (LocalBroker broker =
        options.brokerProcess()
            ? LocalBroker.process(
                logs.resolve("broker.log"),
                brokerJvm(),
                options.brokerSettings(),
                Duration.ofSeconds(90))
            : LocalBroker.inProcess(options.brokerSettings())) {
      if (options.prewarm() > 0) {
        prewarm(options, broker, timeline);
      }
      for (int r = 1; r <= options.runs(); r++) {
        timeline.clear();
        // Each run on a fresh cluster whose events go to a topic of their own.
        List<BenchRun.Phase> phases =
            run(options.withTopic("paceline.evbench.run" + r), broker, timeline, r, out);
        rated.add(phases.get(0));
        if (phases.size() > 1) {
          saturated.add(phases.get(1));
        }
      }
    }
    out.println("### Summary");
    out.println();
    out.println(
        "| run | phase | sustained | events | committed events/s | emit → committed p50 | p99 |"
            + " max | load average before → after |");
    out.println("|---|---|---|---|---|---|---|---|---|");
    for (int r = 0; r < rated.size(); r++) {
      summaryRow(out, r + 1, rated.get(r));
      if (r < saturated.size()) {
        summaryRow(out, r + 1, saturated.get(r));
      }
    }
    System.exit(0);
  }

  private static void summaryRow(PrintStream out, int run, BenchRun.Phase p) {
    out.printf(
        Locale.ROOT,
        "| %d | %s | %s | %d | %,.0f | %s | %s | %s | %s → %s |%n",
        run,
        p.name(),
        p.offered() == 0
            ? "-"
            : p.overloadedAfterNanos() < 0
                ? "yes"
                : String.format(
                    Locale.ROOT, "no (stopped at %.1f s)", p.overloadedAfterNanos() / 1e9),
        p.events(),
        p.committedPerSecond(),
        Latencies.ms(p.endToEnd().p50()),
        Latencies.ms(p.endToEnd().p99()),
        Latencies.ms(p.endToEnd().max()),
        p.usage().loadBefore(),
        p.usage().loadAfter());
  }

  /** How long one prewarm cluster runs: its phase is measured, and memory goes with its length. */
  private static final int PREWARM_CHUNK_SECONDS = 30;

  /** The prewarm ends once the JIT compilers of the broker and of this JVM used less than this. */
  private static final double PREWARM_QUIET_JIT_CORES = 0.03;

  /**
   * Runs events at saturation through throwaway clusters (one after the other, {@value
   * #PREWARM_CHUNK_SECONDS} s each, each with a topic of its own) before the first run, until the
   * JIT compiler threads of the broker and of this JVM used under {@value #PREWARM_QUIET_JIT_CORES}
   * of a core over the last one, or for {@code --prewarm} seconds at most. A broker that has just
   * started compiles its request paths while it serves them (C2 took about as much of its CPU as
   * the request handlers in its first minute here, and was still busy after two), and so does this
   * JVM with the node code; a cluster in service has run for long.
   */
  private static void prewarm(Options options, LocalBroker broker, Timeline timeline)
      throws Exception {
    long start = System.nanoTime();
    String brokerPid = broker.pid().map(String::valueOf).orElse("self");
    System.err.printf(
        "prewarm: events at saturation until the compilers are quiet, at most %d s%n",
        options.prewarm());
    for (int chunk = 1; ; chunk++) {
      int elapsed = (int) ((System.nanoTime() - start) / 1_000_000_000L);
      int seconds = Math.min(PREWARM_CHUNK_SECONDS, options.prewarm() - elapsed);
      if (seconds <= 0) {
        System.err.printf("prewarm: %d s, compilers still busy; going on%n", elapsed);
        return;
      }
      timeline.clear();
      Path dir = stateDir(options);
      long jit0 = CpuMeter.jitTicks(brokerPid) + CpuMeter.jitTicks("self");
      long t0 = System.nanoTime();
      try (BenchRun run =
          new BenchRun(
              options.forPrewarm("paceline.evbench.prewarm" + chunk), broker, timeline, dir)) {
        run.phase("prewarm", 0, seconds);
      } finally {
        deleteTree(dir);
      }
      double jitCores =
          (CpuMeter.jitTicks(brokerPid) + CpuMeter.jitTicks("self") - jit0)
              / 100.0
              / ((System.nanoTime() - t0) / 1e9);
      System.err.printf(
          Locale.ROOT, "prewarm: cluster %d, compilers %.3f cores%n", chunk, jitCores);
      if (jitCores < PREWARM_QUIET_JIT_CORES) {
        System.err.printf(
            "prewarm: quiet after %d s%n", (System.nanoTime() - start) / 1_000_000_000L);
        return;
      }
    }
  }

  private static Path stateDir(Options options) throws IOException {
    return options.stateDir().isPresent()
        ? Files.createTempDirectory(
            Files.createDirectories(options.stateDir().get()), "eventlog-bench")
        : Files.createTempDirectory("eventlog-bench");
  }

  private static List<BenchRun.Phase> run(
      Options options, LocalBroker broker, Timeline timeline, int number, PrintStream out)
      throws Exception {
    Path dir = stateDir(options);
    List<BenchRun.Phase> phases = new ArrayList<>();
    System.err.printf("run %d: starting three nodes in %s%n", number, dir);
    try (BenchRun run = new BenchRun(options, broker, timeline, dir)) {
      if (options.warmup() > 0) {
        // As fast as the nodes take them (bounded backlog), so the JIT has compiled the whole
        // path before the rated phase: a warm-up at the offered rate stopped as soon as it fell
        // behind, which on a cold JVM was within a second or two.
        System.err.printf("run %d: warm-up, %d s at saturation%n", number, options.warmup());
        run.phase("warm-up", 0, options.warmup());
        awaitQuiet(number, broker);
      }
      System.err.printf(
          "run %d: rated, %d events/s for %d s%n", number, options.rate(), options.seconds());
      phases.add(run.phase("rated", options.rate(), options.seconds()));
      if (options.saturation() > 0) {
        System.err.printf("run %d: saturation, %d s%n", number, options.saturation());
        phases.add(run.phase("saturation", 0, options.saturation()));
      }
      out.printf("### Run %d (broker %s)%n%n", number, broker.describe());
      for (BenchRun.Phase p : phases) {
        print(out, p);
      }
      List<String> metrics = BrokerMetrics.table();
      if (!metrics.isEmpty()) {
        out.println("Broker request times (ms, p50 / p99 since the broker started):");
        out.println();
        metrics.forEach(out::println);
        out.println();
      }
      out.printf(
          "Checks: journals of n1, n2, n3 equal: %s; consumer: %s; ring: %s%n%n",
          run.compareJournals(), run.consumerCheck(), run.ringTrouble());
    } finally {
      deleteTree(dir);
    }
    return phases;
  }

  /**
   * After the warm-up: writes back what the page cache holds of the warm-up's (and earlier runs')
   * files, then waits (at most 60 s) until the broker used under a tenth of a core and this JVM
   * under 0.15 of one over a second, so the rated phase does not share the disk and the cores with
   * work the warm-up left behind (write-back, compilation, collection); the progress line says how
   * long it took. Without the write-back the kernel flushed the broker's warm-up data (hundreds of
   * MiB, written back 30 s after it was written) during the rated phase, and appends of the nodes'
   * journals and the broker waited behind it: p99 over 100 ms in the first run after the prewarm.
   */
  private static void awaitQuiet(int number, LocalBroker broker)
      throws InterruptedException, IOException {
    long dirty = dirtyKib();
    long flushStart = System.nanoTime();
    Process sync = new ProcessBuilder("sync").inheritIO().start();
    if (!sync.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
      sync.destroy();
    }
    System.err.printf(
        Locale.ROOT,
        "run %d: wrote back %d MiB of dirty pages in %.1f s%n",
        number,
        dirty / 1024,
        (System.nanoTime() - flushStart) / 1e9);
    long start = System.nanoTime();
    long deadline = start + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Optional<Duration> b0 = broker.cpuTime();
      long p0 = CpuMeter.processCpu();
      Thread.sleep(1_000);
      Optional<Duration> b1 = broker.cpuTime();
      double brokerCores =
          b0.isPresent() && b1.isPresent() ? b1.get().minus(b0.get()).toNanos() / 1e9 : 0;
      double ownCores = (CpuMeter.processCpu() - p0) / 1e9;
      if (brokerCores < 0.10 && ownCores < 0.15) {
        System.err.printf(
            "run %d: quiet after %.1f s%n", number, (System.nanoTime() - start) / 1e9);
        return;
      }
    }
    System.err.printf("run %d: the broker or the nodes stayed busy for 60 s; going on%n", number);
  }

  /** The page cache's dirty data, KiB ({@code /proc/meminfo}); 0 where it cannot be read. */
  private static long dirtyKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("Dirty:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return 0;
  }

  private static void print(PrintStream out, BenchRun.Phase p) {
    out.printf(
        Locale.ROOT,
        "**%s** (%s): %d events emitted in %.2f s, %,.0f events/s committed (first emit → last"
            + " commit), last commit %.1f ms after the last emit, %d transactions (%.0f events"
            + " each), emitters at most %.1f ms behind schedule, %d events missing%s%n%n",
        p.name(),
        p.offered() > 0 ? "offered " + p.offered() + " events/s" : "as fast as the nodes take them",
        p.events(),
        p.emitSeconds(),
        p.committedPerSecond(),
        p.drainNanos() / 1e6,
        p.transactions(),
        p.transactions() == 0 ? 0.0 : (double) p.events() / p.transactions(),
        p.maxEmitLagNanos() / 1e6,
        p.missing(),
        p.overloadedAfterNanos() < 0
            ? ""
            : String.format(
                Locale.ROOT,
                ". **Not sustained**: stopped after %.1f s, when more than %s of events waited"
                    + " for their commit",
                p.overloadedAfterNanos() / 1e9,
                "1 s"));
    out.println("| from → to | p50 | p90 | p99 | p99.9 | max |");
    out.println("|---|---|---|---|---|---|");
    out.println("| emit → committed in Kafka | " + p.endToEnd().cells() + " |");
    out.println("| emit → journaled on n1 (ring, numbering) | " + p.toJournal().cells() + " |");
    out.println(
        "| journaled on n1 → committed (publisher) | " + p.journalToCommit().cells() + " |");
    out.println("| emit → read by a read_committed consumer | " + p.toConsumer().cells() + " |");
    out.println(
        "| one commit → the next (transaction cadence) | " + p.commitInterval().cells() + " |");
    out.println();
    CpuMeter.Usage u = p.usage();
    double perEvent = p.events() == 0 ? 0 : u.seconds() * 1e6 / p.events();
    out.printf(
        Locale.ROOT,
        "CPU over %.1f s (first emit → last event read back), as cores busy and µs of CPU per"
            + " event; load average %s → %s:%n%n",
        u.seconds(),
        u.loadBefore(),
        u.loadAfter());
    out.println("| where | cores | µs per event |");
    out.println("|---|---|---|");
    out.printf(
        Locale.ROOT,
        "| whole machine (all processes, of %d) | %.2f | %.1f |%n",
        u.cpus(),
        u.machineBusy(),
        u.machineBusy() * perEvent);
    u.broker()
        .ifPresent(
            b -> out.printf(Locale.ROOT, "| broker process | %.2f | %.1f |%n", b, b * perEvent));
    out.printf(
        Locale.ROOT,
        "| harness JVM (nodes, publisher, consumer, GC, JIT) | %.2f | %.1f |%n",
        u.process(),
        u.process() * perEvent);
    u.byGroup().entrySet().stream()
        .filter(e -> e.getValue() >= 0.005)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(
            e ->
                out.printf(
                    Locale.ROOT,
                    "| · threads %s | %.2f | %.1f |%n",
                    e.getKey(),
                    e.getValue(),
                    e.getValue() * perEvent));
    out.println();
  }

  /** The broker JVM's options: a fixed heap, and {@code bench.brokerJvm} if set. */
  private static List<String> brokerJvm() {
    List<String> jvm = new ArrayList<>(List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC"));
    String more = System.getProperty("bench.brokerJvm", "").trim();
    if (!more.isEmpty()) {
      jvm.addAll(List.of(more.split("\\s+")));
    }
    return jvm;
  }

  /** nproc, the CPU model, the JVM. */
  static String machine() {
    String model = "?";
    try {
      model =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse("?");
    } catch (IOException e) {
      // not Linux
    }
    return String.format(
        Locale.ROOT,
        "machine: %d CPUs (%s), %s %s (%s), %s %s; load average %s",
        Runtime.getRuntime().availableProcessors(),
        model,
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        CpuMeter.loadAverage());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
