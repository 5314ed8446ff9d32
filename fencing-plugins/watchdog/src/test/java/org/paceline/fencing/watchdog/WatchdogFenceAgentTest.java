package org.paceline.fencing.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.api.fencing.FenceResult.Outcome;

class WatchdogFenceAgentTest {

  private static final List<String> NODES = List.of("n1", "n2", "n3");
  private static final PartitionView MAJORITY = new PartitionView(true, Set.of("n1", "n2"));

  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** Time that only moves when the agent pauses; records each pause. */
  static final class FakeTime implements WatchdogFenceAgent.Waiting {
    long now = 1_000_000_000L;
    final List<Duration> pauses = new ArrayList<>();
    Runnable onPause = () -> {};

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void pause(Duration d) {
      pauses.add(d);
      now += d.toNanos();
      onPause.run();
    }

    Duration paused() {
      return pauses.stream().reduce(Duration.ZERO, Duration::plus);
    }
  }

  private static FenceRequest request(FenceAction action, String target, Map<String, String> p) {
    return request(action, target, p, Duration.ofSeconds(60));
  }

  private static FenceRequest request(
      FenceAction action, String target, Map<String, String> p, Duration timeout) {
    Map<String, String> params = new HashMap<>(p);
    params.put("pcmk_host_list", "n1 n2 n3");
    return new FenceRequest("wd", action, target, null, params, timeout);
  }

  private static WatchdogFenceAgent agent(
      Optional<String> property, Supplier<PartitionView> partition, FakeTime time) {
    return new WatchdogFenceAgent("n1", NODES, () -> property, partition, time);
  }

  @Test
  void offWaitsTheWatchdogTimeoutInRealTimeThenSucceeds() {
    WatchdogFenceAgent agent = new WatchdogFenceAgent("n1", NODES, Optional::empty, () -> MAJORITY);
    CompletableFuture<FenceResult> result =
        CompletableFuture.supplyAsync(
            () ->
                agent.execute(request(FenceAction.OFF, "n3", Map.of("watchdog_timeout", "300ms"))),
            threads);
    await().atMost(Duration.ofSeconds(10)).until(result::isDone);
    FenceResult r = result.join();
    assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(r.exitCode()).isZero();
    assertThat(r.runTime()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(r.message())
        .contains("node n3 stayed out of this quorate partition for the watchdog timeout 300ms")
        .contains("parameter watchdog_timeout");
  }

  @Test
  void offWaitsExactlyTheParameterInShortSteps() {
    FakeTime time = new FakeTime();
    FenceResult r =
        agent(Optional.of("30s"), () -> MAJORITY, time)
            .execute(request(FenceAction.OFF, "n3", Map.of("watchdog_timeout", "2s")));
    assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(time.paused()).isEqualTo(Duration.ofSeconds(2));
    assertThat(r.runTime()).isEqualTo(Duration.ofSeconds(2));
    assertThat(time.pauses).allMatch(d -> d.compareTo(WatchdogFenceAgent.CHECK_EVERY) <= 0);
  }

  @Test
  void rebootWaitsTheClusterPropertyWithoutAParameter() {
    FakeTime time = new FakeTime();
    FenceResult r =
        agent(Optional.of("7s"), () -> MAJORITY, time)
            .execute(request(FenceAction.REBOOT, "n3", Map.of()));
    assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(time.paused()).isEqualTo(Duration.ofSeconds(7));
    assertThat(r.message()).contains("cluster property stonith-watchdog-timeout");
  }

  @Test
  void withNeitherItWaitsTheDefault() {
    FakeTime time = new FakeTime();
    FenceResult r =
        agent(Optional.empty(), () -> MAJORITY, time)
            .execute(request(FenceAction.OFF, "n3", Map.of()));
    assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(time.paused()).isEqualTo(WatchdogTimeouts.DEFAULT);
  }

  @Test
  void aZeroTimeoutIsRefusedWithoutWaiting() {
    FakeTime time = new FakeTime();
    FenceResult byParam =
        agent(Optional.empty(), () -> MAJORITY, time)
            .execute(request(FenceAction.OFF, "n3", Map.of("watchdog_timeout", "0")));
    assertThat(byParam.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(byParam.exitCode()).isEqualTo(1);
    assertThat(byParam.message())
        .contains("device wd: parameter watchdog_timeout is 0, which disables watchdog fencing");
    FenceResult byProperty =
        agent(Optional.of("0s"), () -> MAJORITY, time)
            .execute(request(FenceAction.OFF, "n3", Map.of()));
    assertThat(byProperty.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(byProperty.message()).contains("cluster property stonith-watchdog-timeout is 0");
    assertThat(time.pauses).isEmpty();
  }

  @Test
  void malformedAndUnknownParametersAreNamed() {
    FakeTime time = new FakeTime();
    WatchdogFenceAgent agent = agent(Optional.empty(), () -> MAJORITY, time);
    assertThat(
            agent
                .execute(request(FenceAction.OFF, "n3", Map.of("watchdog_timeout", "10 parsecs")))
                .message())
        .contains("parameter watchdog_timeout '10 parsecs' has an unknown unit");
    FenceResult typo =
        agent.execute(request(FenceAction.OFF, "n3", Map.of("watchdog_timout", "5s")));
    assertThat(typo.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(typo.message()).contains("unknown parameter 'watchdog_timout'");
    assertThat(time.pauses).isEmpty();
  }

  @Test
  void anUnreadableClusterPropertyIsAFailure() {
    WatchdogFenceAgent agent =
        new WatchdogFenceAgent(
            "n1",
            NODES,
            () -> {
              throw new IllegalStateException("replica closed");
            },
            () -> MAJORITY,
            new FakeTime());
    FenceResult r = agent.execute(request(FenceAction.OFF, "n3", Map.of()));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message()).contains("cannot read the cluster property").contains("replica closed");
  }

  @Test
  void anInterruptedWaitIsAFailure() {
    WatchdogFenceAgent agent = new WatchdogFenceAgent("n1", NODES, Optional::empty, () -> MAJORITY);
    AtomicReference<Thread> worker = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    CompletableFuture<FenceResult> result =
        CompletableFuture.supplyAsync(
            () -> {
              worker.set(Thread.currentThread());
              FenceResult r =
                  agent.execute(
                      request(
                          FenceAction.OFF,
                          "n3",
                          Map.of("watchdog_timeout", "60s"),
                          Duration.ofSeconds(120)));
              stillInterrupted.set(Thread.interrupted());
              return r;
            },
            threads);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> worker.get() != null && worker.get().getState() == Thread.State.TIMED_WAITING);
    worker.get().interrupt();
    await().atMost(Duration.ofSeconds(10)).until(result::isDone);
    FenceResult r = result.join();
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message()).contains("interrupted after").contains("not confirmed");
    assertThat(stillInterrupted).isTrue();
  }

  @Test
  void aFencingTimeoutNotLongerThanTheWatchdogTimeoutIsRefused() {
    FakeTime time = new FakeTime();
    FenceResult r =
        agent(Optional.empty(), () -> MAJORITY, time)
            .execute(
                request(
                    FenceAction.OFF,
                    "n3",
                    Map.of("watchdog_timeout", "30s"),
                    Duration.ofSeconds(30)));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message())
        .contains("the fencing timeout 30s is not longer than the watchdog timeout 30s")
        .contains("pcmk_off_timeout");
    assertThat(time.pauses).isEmpty();
  }

  @Test
  void aTargetInThisPartitionIsRefused() {
    FakeTime time = new FakeTime();
    FenceResult r =
        agent(Optional.empty(), () -> MAJORITY, time)
            .execute(request(FenceAction.OFF, "n2", Map.of()));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message()).contains("node n2 is in this node's quorate partition [n1, n2]");
    assertThat(time.pauses).isEmpty();
  }

  @Test
  void aPartitionWithoutQuorumCannotConfirmAnything() {
    FakeTime time = new FakeTime();
    FenceResult r =
        agent(Optional.empty(), () -> new PartitionView(false, Set.of("n1")), time)
            .execute(request(FenceAction.OFF, "n3", Map.of()));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message()).contains("inquorate partition [n1] has no quorum");
    assertThat(time.pauses).isEmpty();
  }

  @Test
  void aTargetComingBackDuringTheWaitFailsIt() {
    FakeTime time = new FakeTime();
    AtomicReference<PartitionView> view = new AtomicReference<>(MAJORITY);
    time.onPause =
        () -> {
          if (time.pauses.size() == 5) {
            view.set(new PartitionView(true, Set.of("n1", "n2", "n3")));
          }
        };
    FenceResult r =
        agent(Optional.empty(), view::get, time)
            .execute(request(FenceAction.OFF, "n3", Map.of("watchdog_timeout", "5s")));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message())
        .contains("node n3 came back into this partition after 500ms of the 5s wait");
    assertThat(time.pauses).hasSize(5);
  }

  @Test
  void losingQuorumDuringTheWaitFailsIt() {
    FakeTime time = new FakeTime();
    AtomicReference<PartitionView> view = new AtomicReference<>(MAJORITY);
    time.onPause =
        () -> {
          if (time.pauses.size() == 3) {
            view.set(new PartitionView(false, Set.of("n1")));
          }
        };
    FenceResult r =
        agent(Optional.empty(), view::get, time)
            .execute(request(FenceAction.OFF, "n3", Map.of("watchdog_timeout", "5s")));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message()).contains("this node's partition lost quorum after 300ms");
  }

  @Test
  void itNeverFencesItsOwnNode() {
    FakeTime time = new FakeTime();
    FenceResult r =
        agent(Optional.empty(), () -> MAJORITY, time)
            .execute(request(FenceAction.OFF, "n1", Map.of()));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message()).contains("refusing to fence node n1 from itself");
    assertThat(time.pauses).isEmpty();
  }

  @Test
  void monitorChecksTheTimeout() {
    WatchdogFenceAgent agent = agent(Optional.of("8s"), () -> MAJORITY, new FakeTime());
    FenceResult ok = agent.execute(request(FenceAction.MONITOR, null, Map.of()));
    assertThat(ok.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(ok.message()).contains("watchdog timeout 8s (cluster property");
    FenceResult bad =
        agent.execute(request(FenceAction.MONITOR, null, Map.of("watchdog_timeout", "0")));
    assertThat(bad.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(bad.message()).contains("is 0");
  }

  @Test
  void statusIsOnForMembersAndUnknownOtherwise() {
    WatchdogFenceAgent agent = agent(Optional.empty(), () -> MAJORITY, new FakeTime());
    FenceResult member = agent.execute(request(FenceAction.STATUS, "n2", Map.of()));
    assertThat(member.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(member.message()).contains("node n2 is on");
    FenceResult other = agent.execute(request(FenceAction.STATUS, "n3", Map.of()));
    assertThat(other.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(other.exitCode()).isEqualTo(1);
    assertThat(other.message()).contains("the state of node n3 is unknown");
  }

  @Test
  void listNamesTheOtherNodesAndOnIsRefused() {
    WatchdogFenceAgent agent = agent(Optional.empty(), () -> MAJORITY, new FakeTime());
    FenceResult list = agent.execute(request(FenceAction.LIST, null, Map.of()));
    assertThat(list.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(list.ports()).containsExactly("n2", "n3");
    FenceResult on = agent.execute(request(FenceAction.ON, "n3", Map.of()));
    assertThat(on.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(on.message()).contains("cannot power a node on");
  }

  @Test
  void metadataDocumentsTheTimeout() {
    WatchdogFenceAgent agent = agent(Optional.empty(), () -> MAJORITY, new FakeTime());
    assertThat(agent.name()).isEqualTo("fence_watchdog");
    var md = agent.metadata();
    assertThat(md.name()).isEqualTo("fence_watchdog");
    assertThat(md.parameter("watchdog_timeout"))
        .hasValueSatisfying(
            p -> {
              assertThat(p.required()).isFalse();
              assertThat(p.longDescription()).contains("stonith-watchdog-timeout").contains("10s");
            });
    assertThat(md.supports("off")).isTrue();
    assertThat(md.supports("reboot")).isTrue();
    assertThat(md.supports("monitor")).isTrue();
    assertThat(md.supports("on")).isFalse();
  }
}
