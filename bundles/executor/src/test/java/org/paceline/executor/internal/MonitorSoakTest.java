package org.paceline.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.executor.ExecutedOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Soak: 100 resources, each with a 1 s recurring monitor whose agent runs a real process, for a
 * minute (about 6,000 process runs) on the default action limit. Every monitor must keep its rate
 * (no gap between two starts above interval + 10 %), and close must leave no child process and no
 * executor thread behind.
 *
 * <p>This test shares two cores with other builds, so it tells the executor's lateness from the
 * machine's: a control timer outside the executor measures how long the test JVM stalls, and the
 * test records how long each agent call (a process spawn, normally a few ms) takes. A gap over the
 * limit by no more than a JVM stall or an agent call in flight while it waited (slow calls fill the
 * node's action limit, so others wait, by design) is logged and excused, as long as at most 1 % of
 * the gaps need it; any other is a failure. Takes about 65 s; exclude with {@code
 * -DexcludedGroups=soak}.
 */
@Tag("soak")
class MonitorSoakTest {

  private static final Logger LOG = LoggerFactory.getLogger(MonitorSoakTest.class);

  static final AgentId TRUE = AgentId.ocf("test", "True");
  static final int RESOURCES = 100;
  static final int RUNS = 60;
  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final long MAX_GAP = INTERVAL.toNanos() + INTERVAL.toNanos() / 10;
  static final String NAME = "soak-executor";

  /** How far after a late start a stall of the machine may still show in the meter. */
  static final long STALL_WINDOW = TimeUnit.MILLISECONDS.toNanos(50);

  @TempDir Path dir;

  /** The longest agent call (start -> end) that was running at some moment in [from, to]. */
  static long slowestCallInFlight(ConcurrentSkipListMap<Long, Long> calls, long from, long to) {
    return calls.subMap(from - TimeUnit.SECONDS.toNanos(5), true, to, true).entrySet().stream()
        .filter(c -> c.getValue() >= from)
        .mapToLong(c -> c.getValue() - c.getKey())
        .max()
        .orElse(0);
  }

  /**
   * A control: a 10 ms fixed-rate tick on its own thread, outside the executor, recording how late
   * each tick runs. When the machine (or the JVM) stalls, the tick is late too, so a monitor that
   * starts late at the same moment is late because of the machine, not the executor.
   */
  static final class StallMeter {
    private static final long PERIOD = TimeUnit.MILLISECONDS.toNanos(10);
    private final long origin = System.nanoTime();
    private final ConcurrentSkipListMap<Long, Long> lateness = new ConcurrentSkipListMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private long ticks;

    StallMeter() {
      ticker.scheduleAtFixedRate(this::tick, PERIOD, PERIOD, TimeUnit.NANOSECONDS);
    }

    private void tick() {
      ticks++;
      long now = System.nanoTime();
      lateness.put(now, Math.max(0, now - (origin + ticks * PERIOD)));
    }

    /** The latest any tick ran that ran between {@code from} and {@code to} (nano times). */
    long maxLateness(long from, long to) {
      return lateness.subMap(from, true, to, true).values().stream()
          .mapToLong(Long::longValue)
          .max()
          .orElse(0);
    }

    void close() throws InterruptedException {
      ticker.shutdownNow();
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void hundredOneSecondMonitorsKeepTheirRateForAMinute() throws Exception {
    ProcessAgent process = new ProcessAgent(TRUE, "/bin/true");
    Map<String, List<Long>> starts = new ConcurrentHashMap<>();
    // when each agent call started -> when it ended
    ConcurrentSkipListMap<Long, Long> agentCalls = new ConcurrentSkipListMap<>();
    ResourceAgent agent =
        new ResourceAgent() {
          @Override
          public AgentId id() {
            return TRUE;
          }

          @Override
          public AgentMetadata metadata() {
            return TestAgent.METADATA;
          }

          @Override
          public OperationResult execute(OperationRequest r, OperationContext c)
              throws InterruptedException {
            long t0 = System.nanoTime();
            List<Long> mine = starts.get(r.resourceId());
            if (mine != null) {
              mine.add(t0);
            }
            try {
              return process.execute(r, c);
            } finally {
              agentCalls.merge(t0, System.nanoTime(), Math::max);
            }
          }
        };
    AgentRegistry registry = new AgentRegistry();
    registry.add(
        agent, Map.of(AgentRegistry.SERVICE_ID, 1L, ResourceAgent.AGENT_PROPERTY, TRUE.toString()));
    NodeExecutor executor =
        new NodeExecutor(ExecutorSettings.defaults("n1", dir).withName(NAME), registry);
    Map<String, List<ExecutedOperation>> reports = new ConcurrentHashMap<>();
    ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor();
    StallMeter meter = new StallMeter();
    try {
      // warm up (JIT, process spawning) with one-time probes, which are not measured
      List<CompletableFuture<ExecutedOperation>> probes = new ArrayList<>();
      for (int i = 0; i < 3 * RESOURCES; i++) {
        probes.add(
            executor.execute(
                TRUE,
                OperationRequest.of(
                    "rsc" + i % RESOURCES, AgentAction.MONITOR, Map.of(), Duration.ofSeconds(20))));
      }
      for (CompletableFuture<ExecutedOperation> probe : probes) {
        assertThat(probe.get(60, TimeUnit.SECONDS).rc()).isEqualTo(OcfResultCode.OK);
      }
      // resources start at different moments, as they do in a cluster: spread over one interval
      for (int i = 0; i < RESOURCES; i++) {
        String rsc = "rsc" + i;
        List<ExecutedOperation> seen = new CopyOnWriteArrayList<>();
        reports.put(rsc, seen);
        starts.put(rsc, Collections.synchronizedList(new ArrayList<>()));
        OperationRequest monitor =
            new OperationRequest(
                rsc, AgentAction.MONITOR, Map.of(), Map.of(), Duration.ofSeconds(20), INTERVAL);
        starter.schedule(
            () -> executor.startRecurring(TRUE, monitor, seen::add),
            i * INTERVAL.toMillis() / RESOURCES,
            TimeUnit.MILLISECONDS);
      }
      await()
          .atMost(Duration.ofSeconds(RUNS + 30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> starts.values().stream().allMatch(s -> s.size() >= RUNS));
      assertThat(executor.recurring()).hasSize(RESOURCES);
      assertThat(executor.status().abandoned()).isZero();
    } finally {
      starter.shutdownNow();
      executor.close();
      meter.close();
    }

    long worst = 0;
    String worstAt = "";
    List<Long> gaps = new ArrayList<>();
    List<String> violations = new ArrayList<>();
    List<String> excused = new ArrayList<>();
    for (Map.Entry<String, List<Long>> e : starts.entrySet()) {
      List<Long> times;
      synchronized (e.getValue()) {
        times = List.copyOf(e.getValue());
      }
      for (int i = 1; i < times.size(); i++) {
        long gap = times.get(i) - times.get(i - 1);
        gaps.add(gap);
        if (gap > worst) {
          worst = gap;
          worstAt = e.getKey() + " run " + i;
        }
        String at = e.getKey() + " before run " + i + ": " + TimeUnit.NANOSECONDS.toMillis(gap);
        if (gap < INTERVAL.toNanos() / 2) {
          violations.add(at + " ms (bunched)");
        } else if (gap > MAX_GAP) {
          long stall = meter.maxLateness(times.get(i - 1), times.get(i) + STALL_WINDOW);
          long slowest =
              slowestCallInFlight(
                  agentCalls, times.get(i) - (gap - INTERVAL.toNanos()), times.get(i));
          String why =
              " ms (the test JVM stalled "
                  + TimeUnit.NANOSECONDS.toMillis(stall)
                  + " ms; the slowest agent call in flight while it waited took "
                  + TimeUnit.NANOSECONDS.toMillis(slowest)
                  + " ms)";
          if (gap - Math.max(stall, slowest) <= MAX_GAP) {
            excused.add(at + why);
          } else {
            violations.add(at + why);
          }
        }
      }
    }
    Collections.sort(gaps);
    LOG.info(
        "soak: {} monitors, {} runs, gap between starts: median {} ms, p99 {} ms, p99.9 {} ms,"
            + " longest {} ms ({})",
        RESOURCES,
        starts.values().stream().mapToInt(List::size).sum(),
        TimeUnit.NANOSECONDS.toMillis(gaps.get(gaps.size() / 2)),
        TimeUnit.NANOSECONDS.toMillis(gaps.get(gaps.size() * 99 / 100)),
        TimeUnit.NANOSECONDS.toMillis(gaps.get(gaps.size() * 999 / 1000)),
        TimeUnit.NANOSECONDS.toMillis(worst),
        worstAt);
    if (!excused.isEmpty()) {
      LOG.warn("soak: gaps over the limit explained by the machine: {}", excused);
    }
    assertThat(violations)
        .as(
            "gaps between two starts of one monitor outside (%d ms, %d ms], beyond what the"
                + " machine explains",
            INTERVAL.toMillis() / 2, TimeUnit.NANOSECONDS.toMillis(MAX_GAP))
        .isEmpty();
    assertThat(excused.size())
        .as("gaps over the limit explained by the machine (too loaded to soak): %s", excused)
        .isLessThanOrEqualTo(gaps.size() / 100);
    for (Map.Entry<String, List<ExecutedOperation>> e : reports.entrySet()) {
      assertThat(e.getValue())
          .as("reports of %s", e.getKey())
          .extracting(ExecutedOperation::status)
          .containsExactly(ExecutionStatus.DONE, ExecutionStatus.CANCELLED);
      assertThat(e.getValue().get(0).rc()).isEqualTo(OcfResultCode.OK);
    }
    assertThat(ProcessHandle.current().descendants().map(p -> p.pid() + " " + p.info().command()))
        .isEmpty();
    assertThat(
            Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith(NAME + "-")))
        .isEmpty();
  }
}
