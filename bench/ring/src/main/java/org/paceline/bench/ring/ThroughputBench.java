package org.paceline.bench.ring;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agreed-order throughput with encryption on: for each cluster setting, one cluster of three node
 * processes; a warm-up phase; then, for each message size, a phase with one sender (node 1) and one
 * with every node sending, each sender sending as fast as the ring takes it for a fixed time.
 *
 * <p>Two rates per case, both at the slowest node: <b>sustained</b> is the delivery rate while the
 * senders were still sending (from the nodes' {@code STATS} samples, skipping the first second);
 * <b>end to end</b> is every message of the phase over the time from the first {@code SENDING} to
 * the node's {@code DONE}, so it includes draining what was still queued when sending stopped.
 */
final class ThroughputBench {

  private static final Logger LOG = LoggerFactory.getLogger(ThroughputBench.class);

  /** Interval of the nodes' STATS samples. */
  static final int STATS_MS = 250;

  /**
   * One case's figures.
   *
   * @param settings the cluster settings
   * @param size message size in bytes
   * @param senders how many nodes sent
   * @param delivered messages delivered at each node (all equal when {@code errors} is 0)
   * @param sustained messages/s at the slowest node while sending, NaN if the window was too short
   * @param endToEnd messages/s at the slowest node, first send to last delivery
   * @param seconds first send to the slowest node's last delivery
   * @param retransmits mcast retransmissions, all nodes
   * @param tokenLost token losses, all nodes
   * @param errors messages missing, duplicated or out of order, all nodes
   * @param failure why the case did not finish, or null
   */
  record Result(
      BenchCluster.Settings settings,
      int size,
      int senders,
      long delivered,
      double sustained,
      double endToEnd,
      double seconds,
      long retransmits,
      long tokenLost,
      long errors,
      String failure) {

    static Result failed(BenchCluster.Settings settings, int size, int senders, String why) {
      return new Result(settings, size, senders, 0, Double.NaN, Double.NaN, 0, 0, 0, 0, why);
    }

    double sustainedMBps() {
      return sustained * size / 1e6;
    }

    double endToEndMBps() {
      return endToEnd * size / 1e6;
    }
  }

  private final NodeLauncher launcher;
  private final Duration sendTime;
  private final List<Integer> sizes;
  private final List<Integer> senderCounts;
  private int phaseIds;

  ThroughputBench(
      NodeLauncher launcher, Duration sendTime, List<Integer> sizes, List<Integer> senderCounts) {
    this.launcher = launcher;
    this.sendTime = sendTime;
    this.sizes = List.copyOf(sizes);
    this.senderCounts = List.copyOf(senderCounts);
  }

  List<Result> run(BenchCluster.Settings settings) throws IOException, InterruptedException {
    List<Result> results = new ArrayList<>();
    try (BenchCluster cluster =
        new BenchCluster(
            launcher,
            settings,
            3,
            List.of("--stats-ms", Integer.toString(STATS_MS)),
            "throughput-" + settings.label())) {
      cluster.start();
      cluster.awaitFullView(Map.of(), Duration.ofSeconds(60));
      LOG.info("cluster {} ready; warming up", settings.label());
      String broken = null;
      try {
        runPhase(cluster, 1024, cluster.ids(), Duration.ofSeconds(3));
      } catch (BenchException e) {
        broken = "warm-up failed: " + e.getMessage();
      }
      for (int size : sizes) {
        for (int n : senderCounts) {
          if (broken != null) {
            results.add(Result.failed(settings, size, n, broken));
            continue;
          }
          Result r;
          try {
            r = runPhase(cluster, size, cluster.ids().subList(0, n), sendTime);
          } catch (BenchException e) {
            LOG.error(
                "{}: {} B x {} sender(s) failed: {}", settings.label(), size, n, e.getMessage());
            results.add(Result.failed(settings, size, n, e.getMessage()));
            broken = "not run: an earlier case of this cluster failed";
            continue;
          }
          LOG.info(
              "{}: {} B x {} sender(s): sustained {} msg/s ({} MB/s), end to end {} msg/s ({} MB/s),"
                  + " {} delivered per node in {} s, {} retransmits, {} token losses, {} errors",
              settings.label(),
              size,
              n,
              Math.round(r.sustained()),
              String.format("%.1f", r.sustainedMBps()),
              Math.round(r.endToEnd()),
              String.format("%.1f", r.endToEndMBps()),
              r.delivered(),
              String.format("%.2f", r.seconds()),
              r.retransmits(),
              r.tokenLost(),
              r.errors());
          results.add(r);
        }
      }
    }
    return results;
  }

  private Result runPhase(BenchCluster cluster, int size, List<Integer> senders, Duration time)
      throws InterruptedException {
    Phase phase = new Phase(++phaseIds, size, senders, 0, time.toMillis(), 0);
    List<Integer> ids = cluster.ids();
    Duration answer = Duration.ofSeconds(10);
    Map<Integer, Integer> before = cluster.marks();
    Map<Integer, String> statsBefore = stats(cluster, before, answer);
    Map<Integer, Integer> marks = cluster.marks();
    List<Integer> order = new ArrayList<>(ids);
    order.sort((a, b) -> Boolean.compare(senders.contains(a), senders.contains(b)));
    for (int id : order) { // senders last: the others know the phase before its data comes
      cluster.node(id).send(phase.command());
    }
    Duration limit = time.plusSeconds(300);
    long t0 = Long.MAX_VALUE;
    long firstSent = Long.MAX_VALUE;
    for (int id : senders) {
      NodeProcess n = cluster.node(id);
      String sending =
          n.await(
              marks.get(id), l -> Lines.isPhaseLine(l, "SENDING", phase.id()), limit, "SENDING");
      t0 = Math.min(t0, Lines.time(sending, 2));
      String sent =
          n.await(marks.get(id), l -> Lines.isPhaseLine(l, "SENT", phase.id()), limit, "SENT");
      firstSent = Math.min(firstSent, Lines.time(sent, 2));
    }
    double slowestE2e = Double.MAX_VALUE;
    double slowestSustained = Double.MAX_VALUE;
    double seconds = 0;
    long delivered = Long.MAX_VALUE;
    long errors = 0;
    for (int id : ids) {
      NodeProcess n = cluster.node(id);
      String done =
          n.await(marks.get(id), l -> Lines.isPhaseLine(l, "DONE", phase.id()), limit, "DONE");
      long d = Lines.number(done, "delivered");
      long sent = Lines.number(done, "sent");
      errors += Lines.number(done, "errors") + Math.abs(sent - d);
      delivered = Math.min(delivered, d);
      double s = (Lines.time(done, 2) - t0) / 1e6;
      seconds = Math.max(seconds, s);
      slowestE2e = Math.min(slowestE2e, d / s);
      slowestSustained =
          Math.min(slowestSustained, sustained(n.linesFrom(marks.get(id)), t0, firstSent));
    }
    Map<Integer, String> statsAfter = stats(cluster, cluster.marks(), answer);
    long retransmits = 0;
    long tokenLost = 0;
    for (int id : ids) {
      retransmits +=
          Lines.number(statsAfter.get(id), "mcast_retransmits")
              - Lines.number(statsBefore.get(id), "mcast_retransmits");
      tokenLost +=
          Lines.number(statsAfter.get(id), "token_lost")
              - Lines.number(statsBefore.get(id), "token_lost");
      errors +=
          Lines.number(statsAfter.get(id), "fragment_errors")
              - Lines.number(statsBefore.get(id), "fragment_errors");
    }
    return new Result(
        cluster.settings(),
        size,
        senders.size(),
        delivered,
        slowestSustained,
        slowestE2e,
        seconds,
        retransmits,
        tokenLost,
        errors,
        null);
  }

  /** Asks every node for a STATS line and returns the first one after {@code marks}. */
  private static Map<Integer, String> stats(
      BenchCluster cluster, Map<Integer, Integer> marks, Duration timeout)
      throws InterruptedException {
    for (int id : cluster.ids()) {
      cluster.node(id).send("STATS");
    }
    Map<Integer, String> out = new java.util.TreeMap<>();
    for (int id : cluster.ids()) {
      out.put(
          id,
          cluster
              .node(id)
              .await(marks.get(id), l -> l.startsWith("STATS "), timeout, "STATS answer"));
    }
    return out;
  }

  /**
   * The delivery rate in STATS samples between one second after {@code t0} and {@code end}; NaN if
   * that window holds less than a second of samples.
   */
  static double sustained(List<String> lines, long t0, long end) {
    long firstT = 0;
    long firstD = 0;
    long lastT = 0;
    long lastD = 0;
    for (String l : lines) {
      if (!l.startsWith("STATS ")) {
        continue;
      }
      long t = Lines.time(l, 1);
      if (t < t0 + 1_000_000 || t > end) {
        continue;
      }
      long d = Lines.number(l, "delivered");
      if (firstT == 0) {
        firstT = t;
        firstD = d;
      }
      lastT = t;
      lastD = d;
    }
    if (lastT - firstT < 1_000_000) {
      return Double.NaN;
    }
    return (lastD - firstD) / ((lastT - firstT) / 1e6);
  }
}
