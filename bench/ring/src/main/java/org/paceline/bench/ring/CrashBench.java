package org.paceline.bench.ring;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash detection: SIGKILL one node process of an idle three-node cluster and time until both
 * survivors print a view without it (the later of the two), then start it again and wait for the
 * full view. The kill comes at a random point of the token's rotation (a random pause of 0.5 to 1.5
 * token timeouts before it).
 */
final class CrashBench {

  private static final Logger LOG = LoggerFactory.getLogger(CrashBench.class);

  /**
   * One series.
   *
   * @param tokenMillis token timeout
   * @param victim the node killed in every run
   * @param representative whether the victim was the ring's representative (lowest id)
   * @param millis detection time of each run: kill to the later survivor's view without it
   * @param extraViews views printed beyond the two expected per run on each survivor (without the
   *     victim, then with it again), and any view while the cluster idled between runs
   * @param failures runs in which the survivors did not agree on a view without the victim, or the
   *     victim did not rejoin, in time (the whole cluster was restarted after each)
   */
  record Series(
      int tokenMillis,
      int victim,
      boolean representative,
      List<Double> millis,
      int extraViews,
      int failures) {

    double median() {
      List<Double> s = sorted();
      int n = s.size();
      if (n == 0) {
        return Double.NaN;
      }
      return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    double min() {
      return millis.isEmpty() ? Double.NaN : sorted().get(0);
    }

    double max() {
      return millis.isEmpty() ? Double.NaN : sorted().get(millis.size() - 1);
    }

    private List<Double> sorted() {
      List<Double> s = new ArrayList<>(millis);
      s.sort(null);
      return s;
    }
  }

  private final NodeLauncher launcher;
  private final int runs;
  private final Random random = new Random();

  CrashBench(NodeLauncher launcher, int runs) {
    this.launcher = launcher;
    this.runs = runs;
  }

  /** Runs a series per victim on one cluster with {@code tokenMillis}. */
  List<Series> run(int tokenMillis, List<Integer> victims)
      throws IOException, InterruptedException {
    List<Series> out = new ArrayList<>();
    BenchCluster.Settings settings = BenchCluster.Settings.defaults(tokenMillis);
    try (BenchCluster cluster =
        new BenchCluster(
            launcher, settings, 3, List.of("--stats-ms", "0"), "crash-token" + tokenMillis)) {
      cluster.start();
      cluster.awaitFullView(Map.of(), Duration.ofSeconds(60));
      for (int victim : victims) {
        out.add(series(cluster, tokenMillis, victim));
      }
    }
    return out;
  }

  private Series series(BenchCluster cluster, int token, int victim)
      throws IOException, InterruptedException {
    List<Integer> survivors = new ArrayList<>(cluster.ids());
    survivors.remove(Integer.valueOf(victim));
    boolean representative = victim == cluster.ids().get(0);
    List<Double> times = new ArrayList<>();
    int extraViews = 0;
    int failures = 0;
    for (int run = 1; run <= runs; run++) {
      Map<Integer, Integer> idle = cluster.marks();
      Thread.sleep(token / 2 + random.nextInt(token + 1));
      extraViews += views(cluster, cluster.ids(), idle); // none expected while idle
      try {
        Run r = killAndRejoin(cluster, token, victim, survivors);
        times.add(r.millis());
        extraViews += r.extraViews();
        LOG.info(
            "token {} ms, kill node {}{}: run {}/{}: {} ms",
            token,
            victim,
            representative ? " (representative)" : "",
            run,
            runs,
            String.format("%.1f", r.millis()));
      } catch (BenchException e) {
        failures++;
        LOG.error(
            "token {} ms, kill node {}: run {}/{} failed ({}); restarting every node",
            token,
            victim,
            run,
            runs,
            e.getMessage());
        cluster.restartAll(Duration.ofSeconds(60));
      }
    }
    return new Series(token, victim, representative, times, extraViews, failures);
  }

  /** One run: the detection time, and views beyond the two expected on each survivor. */
  private record Run(double millis, int extraViews) {}

  /** One run; the victim is back in the ring when it returns. */
  private Run killAndRejoin(BenchCluster cluster, int token, int victim, List<Integer> survivors)
      throws IOException, InterruptedException {
    Duration viewTimeout = Duration.ofMillis(10L * token + 10_000);
    Map<Integer, Integer> marks = cluster.marks();
    long killed = WallClock.micros();
    cluster.node(victim).kill();
    long latest = 0;
    for (int s : survivors) {
      String view =
          cluster
              .node(s)
              .await(
                  marks.get(s),
                  l -> Lines.isView(l) && !Lines.view(l).members().contains(victim),
                  viewTimeout,
                  "view without node " + victim);
      latest = Math.max(latest, Lines.view(view).micros());
    }
    if (!cluster.node(victim).waitFor(Duration.ofSeconds(10))) {
      throw new BenchException("node " + victim + " did not die of SIGKILL");
    }
    Map<Integer, Integer> rejoin = new TreeMap<>(cluster.marks());
    cluster.restart(victim);
    rejoin.put(victim, 0);
    cluster.awaitFullView(rejoin, Duration.ofSeconds(60));
    // expected on each survivor: one view without the victim, one with it again
    int extra = Math.max(0, views(cluster, survivors, marks) - 2 * survivors.size());
    return new Run((latest - killed) / 1000.0, extra);
  }

  /** VIEW lines the nodes {@code ids} printed since {@code marks}. */
  private static int views(BenchCluster cluster, List<Integer> ids, Map<Integer, Integer> marks) {
    int n = 0;
    for (int id : ids) {
      n +=
          (int)
              cluster.node(id).linesFrom(marks.getOrDefault(id, 0)).stream()
                  .filter(Lines::isView)
                  .count();
    }
    return n;
  }
}
