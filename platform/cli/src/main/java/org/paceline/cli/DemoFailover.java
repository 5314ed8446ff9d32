package org.paceline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * {@code paceline demo --failover}: SIGKILLs the node that runs the demo service and measures how
 * long the service takes to answer again from another node. The web server names the node it runs
 * on in every answer, so "answers again" means "answers from a survivor", whatever the old server
 * (which lives until the process fence device kills it) still says. Meanwhile a survivor's status
 * gives the cluster's side: the node seen lost, fenced, the group started elsewhere.
 */
final class DemoFailover {

  /**
   * Something seen at {@code millis} after the kill.
   *
   * @param millis time since the kill
   * @param what what happened
   */
  record Milestone(long millis, String what) {}

  /**
   * What a failover took.
   *
   * @param killed the node killed
   * @param newNode where the service answers now
   * @param millis from the kill to the first answer from {@code newNode}
   * @param clusterMillis from the kill to a survivor's status showing the group started on {@code
   *     newNode}, or -1 when it was not seen
   */
  record Result(String killed, String newNode, long millis, long clusterMillis) {}

  private final DemoCluster cluster;
  private final URI service;
  private final List<String> members;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofMillis(250))
          .build();

  /**
   * @param service the service's URL
   * @param members the group's members in order (the group runs where all are Started)
   */
  DemoFailover(DemoCluster cluster, URI service, List<String> members) {
    this.cluster = cluster;
    this.service = service;
    this.members = members;
  }

  /** The node named by the service's answer now, if it answers. */
  Optional<String> answeringNode() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(service).timeout(Duration.ofMillis(500)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200
          ? Optional.ofNullable(DemoWebServer.nodeInAnswer(r.body()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Kills {@code node} (pid {@code pid}) with SIGKILL and waits until the service answers from
   * another node; reports milestones to {@code progress} as they are seen.
   */
  Result run(
      String node,
      long pid,
      Duration timeout,
      BooleanSupplier cancelled,
      Consumer<Milestone> progress)
      throws InterruptedException {
    ProcessHandle victim =
        ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .orElseThrow(
                () ->
                    new CliException(
                        ExitCodes.FAILED, "node " + node + " (pid " + pid + ") is not running"));
    List<String> survivors = new ArrayList<>(DemoCluster.NODES);
    survivors.remove(node);
    ConcurrentLinkedQueue<Milestone> seen = new ConcurrentLinkedQueue<>();
    AtomicLong clusterMillis = new AtomicLong(-1);
    ExecutorService watcher =
        Executors.newSingleThreadExecutor(DemoCluster.named("demo-failover-watch"));
    long t0 = System.nanoTime();
    victim.destroyForcibly();
    try {
      watcher.submit(() -> watchCluster(node, survivors, t0, seen, clusterMillis));
      String oldAnswer = node;
      boolean gone = false;
      long deadline = t0 + timeout.toNanos();
      while (true) {
        drain(seen, progress);
        if (cancelled.getAsBoolean()) {
          throw new DemoCluster.Cancelled();
        }
        Optional<String> answer = answeringNode();
        long now = System.nanoTime();
        if (answer.isPresent() && !answer.get().equals(oldAnswer)) {
          long ms = millis(t0, now);
          seen.add(new Milestone(ms, service + " answers again, from " + answer.get()));
          // Let the cluster's view catch up (it is usually there first) for the report.
          long until = now + TimeUnit.SECONDS.toNanos(5);
          while (clusterMillis.get() < 0 && System.nanoTime() < until) {
            TimeUnit.MILLISECONDS.sleep(20);
          }
          watcher.shutdownNow();
          watcher.awaitTermination(5, TimeUnit.SECONDS);
          drain(seen, progress);
          return new Result(node, answer.get(), ms, clusterMillis.get());
        }
        if (answer.isEmpty() && !gone) {
          gone = true;
          seen.add(new Milestone(millis(t0, now), service + " does not answer"));
        }
        if (now > deadline) {
          throw new CliException(
              ExitCodes.FAILED,
              "the service did not answer from another node within "
                  + timeout.toSeconds()
                  + " s after "
                  + node
                  + " was killed");
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
    } finally {
      watcher.shutdownNow();
    }
  }

  private static void drain(ConcurrentLinkedQueue<Milestone> seen, Consumer<Milestone> progress) {
    List<Milestone> batch = new ArrayList<>();
    for (Milestone m = seen.poll(); m != null; m = seen.poll()) {
      batch.add(m);
    }
    batch.sort((a, b) -> Long.compare(a.millis(), b.millis()));
    batch.forEach(progress);
  }

  /** Polls the survivors' status every 50 ms for the cluster's milestones. */
  private void watchCluster(
      String node,
      List<String> survivors,
      long t0,
      ConcurrentLinkedQueue<Milestone> seen,
      AtomicLong clusterMillis) {
    boolean lost = false;
    boolean fenced = false;
    int i = 0;
    while (!Thread.currentThread().isInterrupted()) {
      String via = survivors.get(i % survivors.size());
      Optional<JsonNode> status = cluster.status(via);
      long ms = millis(t0, System.nanoTime());
      if (status.isEmpty()) {
        i++;
      } else {
        JsonNode s = status.get();
        String state = DemoCluster.nodeState(s, node);
        if (!lost && !state.equals("online") && !state.isEmpty()) {
          lost = true;
          seen.add(new Milestone(ms, node + " lost: " + via + " sees it " + state.toUpperCase()));
        }
        if (!fenced && fencedDone(s, node)) {
          fenced = true;
          seen.add(new Milestone(ms, node + " fenced (process device)"));
        }
        Optional<String> where = DemoCluster.runningOn(s, members);
        if (where.isPresent() && !where.get().equals(node)) {
          seen.add(
              new Milestone(
                  ms,
                  String.join(", ", members) + " started on " + where.get() + " (" + via + ")"));
          clusterMillis.set(ms);
          return;
        }
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static boolean fencedDone(JsonNode status, String node) {
    for (JsonNode f : status.path("fencing")) {
      if (f.path("target").asText().equals(node) && f.path("state").asText().equals("done")) {
        return true;
      }
    }
    return false;
  }

  private static long millis(long fromNanos, long toNanos) {
    return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
  }
}
