package org.paceline.fencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Configuration;
import org.paceline.fencer.FenceAttempt.Status;

class FencerTest {

  private static final String HOSTS = " pcmk_host_list=\"n1 n2 n3\"";

  private final ManualTime time = new ManualTime();
  private final FencerThreads threads = new FencerThreads("test-fencer", 4, 32);
  private final TestAgent a = new TestAgent("fence_a");
  private final TestAgent b = new TestAgent("fence_b");
  private final TestAgent c = new TestAgent("fence_c");

  @AfterEach
  void stop() {
    a.release();
    b.release();
    c.release();
    threads.close();
  }

  private Fencer fencer(RandomGenerator random) {
    AtomicInteger ids = new AtomicInteger();
    return Fencer.builder("n1", FenceAgentLookup.of(List.of(a, b, c)))
        .executor(threads.executor())
        .timer(time)
        .clock(time)
        .random(random)
        .ids(() -> "n1-op" + ids.incrementAndGet())
        .build();
  }

  private Fencer fencer() {
    return fencer(new SplittableRandom(7));
  }

  private static Configuration config(String crm) {
    return CrmParser.parse("node n1\nnode n2\nnode n3\n" + crm);
  }

  private static FencingRequest reboot(String target) {
    return FencingRequest.of(target, FenceAction.REBOOT, "n3", "controller");
  }

  private static FencingOutcome outcome(CompletableFuture<FencingOutcome> f) {
    await().atMost(Duration.ofSeconds(10)).until(f::isDone);
    return f.join();
  }

  @Test
  void firstCapableDeviceFencesAndHistoryRecordsIt() {
    Fencer fencer = fencer();
    Configuration cfg =
        config(
            "primitive fa stonith:fence_a params ip=10.0.0.9 pcmk_host_map=\"n2:7;n3:8\"\n"
                + "primitive fb stonith:fence_b params"
                + HOSTS
                + "\n");
    Instant start = time.instant();
    FencingOutcome o = outcome(fencer.fence(reboot("n2"), cfg));
    assertThat(o.succeeded()).isTrue();
    assertThat(o.devices()).containsExactly("fa");
    assertThat(o.level()).isEqualTo(1);
    assertThat(o.reason()).isEqualTo("fenced with fa");
    assertThat(o.id()).isEqualTo("n1-op1");
    assertThat(o.executor()).isEqualTo("n1");
    assertThat(o.requester()).isEqualTo("n3");
    assertThat(o.attempts())
        .singleElement()
        .extracting(FenceAttempt::status)
        .isEqualTo(Status.SUCCEEDED);
    FenceRequest sent = a.calls().get(0);
    assertThat(sent.action()).isEqualTo(FenceAction.REBOOT);
    assertThat(sent.target()).isEqualTo("n2");
    assertThat(sent.port()).isEqualTo("7");
    assertThat(sent.deviceId()).isEqualTo("fa");
    assertThat(sent.parameters()).containsEntry("ip", "10.0.0.9").containsKey("pcmk_host_map");
    assertThat(sent.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(b.calls()).isEmpty();

    await()
        .until(() -> fencer.history().forTarget("n2").get(0).state() == FencingRecord.State.DONE);
    FencingRecord r = fencer.history().forTarget("n2").get(0);
    assertThat(r.id()).isEqualTo("n1-op1");
    assertThat(r.devices()).containsExactly("fa");
    assertThat(r.origin()).isEqualTo("n3");
    assertThat(r.delegate()).isEqualTo("n1");
    assertThat(fencer.history().fencedSince("n2", start)).isTrue();
    assertThat(fencer.history().fencedSince("n2", start.plusSeconds(1))).isFalse();
    assertThat(fencer.history().fencedSince("n3", start)).isFalse();
  }

  @Test
  void failedAttemptsAreRetriedWithinTheDevice() {
    a.then(FenceAction.REBOOT, TestAgent.fail("busy"), TestAgent.fail("still busy"));
    FencingOutcome o =
        outcome(
            fencer().fence(reboot("n2"), config("primitive fa stonith:fence_a params" + HOSTS)));
    assertThat(o.succeeded()).isTrue();
    assertThat(o.attempts())
        .extracting(FenceAttempt::attempt, FenceAttempt::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, Status.FAILED),
            org.assertj.core.groups.Tuple.tuple(2, Status.FAILED),
            org.assertj.core.groups.Tuple.tuple(3, Status.SUCCEEDED));
    assertThat(o.attempts().get(0).reason()).isEqualTo("busy");
    assertThat(o.attempts().get(0).exitCode()).isEqualTo(1);
  }

  @Test
  void afterItsRetriesTheNextDeviceIsTried() {
    a.always(FenceAction.REBOOT, TestAgent.fail("no route to host"));
    b.always(FenceAction.REBOOT, TestAgent.fail("refused"));
    Configuration cfg =
        config(
            "primitive fa stonith:fence_a params"
                + HOSTS
                + "\nprimitive fb stonith:fence_b params pcmk_reboot_retries=0"
                + HOSTS
                + "\nprimitive fc stonith:fence_c params"
                + HOSTS
                + "\n");
    FencingOutcome o = outcome(fencer().fence(reboot("n2"), cfg));
    assertThat(o.succeeded()).isTrue();
    assertThat(o.devices()).containsExactly("fc");
    assertThat(o.level()).isEqualTo(3);
    assertThat(a.calls(FenceAction.REBOOT)).isEqualTo(3);
    assertThat(b.calls(FenceAction.REBOOT)).isEqualTo(1);
    assertThat(o.attempts())
        .extracting(FenceAttempt::deviceId)
        .containsExactly("fa", "fa", "fa", "fb", "fc");
  }

  @Test
  void allDevicesFailingFailsWithEveryReason() {
    a.always(FenceAction.OFF, TestAgent.fail("no route to host"));
    Configuration cfg =
        config("primitive fa stonith:fence_a params pcmk_off_retries=1" + HOSTS + "\n");
    FencingOutcome o =
        outcome(fencer().fence(FencingRequest.of("n2", FenceAction.OFF, "n1", "admin"), cfg));
    assertThat(o.succeeded()).isFalse();
    assertThat(o.devices()).isEmpty();
    assertThat(o.level()).isZero();
    assertThat(o.attempts()).hasSize(2);
    assertThat(o.reason()).isEqualTo("level 1 fa off #2: failed (exit 1): no route to host");
    assertThat(o.describe())
        .startsWith("off of n2 failed (n1-op1, requested by admin on n1, executed by n1)")
        .contains("\n  level 1 fa off #1: failed (exit 1): no route to host")
        .contains("\n  level 1 fa off #2: failed (exit 1): no route to host");
  }

  @Test
  void aHangingAgentIsInterruptedAtItsTimeoutAndNotRetried() {
    Fencer fencer = fencer();
    a.always(FenceAction.REBOOT, a.hang());
    Configuration cfg =
        config(
            "primitive fa stonith:fence_a params pcmk_reboot_timeout=20s"
                + HOSTS
                + "\nprimitive fb stonith:fence_b params"
                + HOSTS
                + "\n");
    CompletableFuture<FencingOutcome> f = fencer.fence(reboot("n2"), cfg);
    await().until(() -> a.calls().size() == 1);
    assertThat(a.calls().get(0).timeout()).isEqualTo(Duration.ofSeconds(20));
    time.advance(Duration.ofSeconds(19));
    assertThat(f).isNotDone();
    time.advance(Duration.ofSeconds(1));
    FencingOutcome o = outcome(f);
    assertThat(o.succeeded()).isTrue();
    assertThat(o.devices()).containsExactly("fb");
    assertThat(o.attempts().get(0).status()).isEqualTo(Status.TIMED_OUT);
    assertThat(o.attempts().get(0).reason()).isEqualTo("the agent did not finish within 20s");
    assertThat(o.attempts().get(0).duration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(a.calls()).hasSize(1);
    await().until(() -> a.interrupted() == 1);
  }

  @Test
  void theOperationDeadlineCutsAnAttemptShort() {
    Fencer fencer = fencer();
    a.always(FenceAction.REBOOT, a.hang());
    Configuration cfg =
        config(
            "primitive fa stonith:fence_a params"
                + HOSTS
                + "\nprimitive fb stonith:fence_b params"
                + HOSTS
                + "\n");
    CompletableFuture<FencingOutcome> f =
        fencer.fence(reboot("n2").withTimeout(Duration.ofSeconds(30)), cfg);
    await().until(() -> a.calls().size() == 1);
    assertThat(a.calls().get(0).timeout()).isEqualTo(Duration.ofSeconds(30));
    time.advance(Duration.ofSeconds(30));
    FencingOutcome o = outcome(f);
    assertThat(o.succeeded()).isFalse();
    assertThat(o.reason())
        .isEqualTo(
            "fencing timeout of 30s expired; level 1 fa reboot #1: timed out: the agent did not finish within 30s");
    assertThat(b.calls()).isEmpty();
  }

  @Test
  void defaultDeadlineCoversThePlan() {
    Configuration cfg =
        config(
            "property stonith-timeout=10s\n"
                + "primitive fa stonith:fence_a params pcmk_reboot_timeout=20s pcmk_delay_max=5s"
                + HOSTS
                + "\nprimitive fb stonith:fence_b params"
                + HOSTS
                + "\n");
    Devices devices = Devices.from(cfg, FenceAgentLookup.of(List.of(a, b)));
    FencingPlan plan = FencingPlan.build(cfg, devices, "n2", FenceAction.REBOOT);
    // (20s + 5s delay + 10s) * 1.2
    assertThat(FencingRun.defaultTimeout(plan, devices, reboot("n2")))
        .isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void dynamicListDecidesWhichDeviceCanFenceAndIsCached() {
    Fencer fencer = fencer();
    a.always(FenceAction.LIST, TestAgent.lists("n1", "n3"));
    b.always(FenceAction.LIST, TestAgent.lists("N2", "n3"));
    Configuration cfg = config("primitive fa stonith:fence_a\nprimitive fb stonith:fence_b\n");
    FencingOutcome o = outcome(fencer.fence(reboot("n2"), cfg));
    assertThat(o.succeeded()).isTrue();
    assertThat(o.devices()).containsExactly("fb");
    assertThat(o.attempts().get(0).status()).isEqualTo(Status.NOT_CAPABLE);
    assertThat(o.attempts().get(0).reason())
        .isEqualTo("cannot fence n2 (dynamic-list): n2 is not in the device's list [n1, n3]");
    assertThat(a.calls(FenceAction.REBOOT)).isZero();
    assertThat(a.calls(FenceAction.LIST)).isEqualTo(1);
    assertThat(a.calls().get(0).timeout()).isEqualTo(Duration.ofSeconds(60));

    outcome(fencer.fence(reboot("n3"), cfg));
    assertThat(a.calls(FenceAction.LIST)).isEqualTo(1);
    assertThat(a.calls(FenceAction.REBOOT)).isEqualTo(1);

    time.advance(Duration.ofSeconds(61));
    outcome(fencer.fence(reboot("n2"), cfg));
    assertThat(a.calls(FenceAction.LIST)).isEqualTo(2);
  }

  @Test
  void dynamicListLooksForTheMappedPort() {
    a.always(FenceAction.LIST, TestAgent.lists("plug1", "plug2"));
    Configuration cfg =
        config(
            "primitive fa stonith:fence_a params pcmk_host_check=dynamic-list"
                + " pcmk_host_map=\"n2:plug2\"\n");
    FencingOutcome o = outcome(fencer().fence(reboot("n2"), cfg));
    assertThat(o.succeeded()).isTrue();
    assertThat(a.calls().get(1).port()).isEqualTo("plug2");
  }

  @Test
  void aFailedListFallsBackToStatus() {
    a.always(FenceAction.LIST, TestAgent.fail("list not supported by firmware"));
    a.always(FenceAction.STATUS, TestAgent.off());
    FencingOutcome o =
        outcome(fencer().fence(reboot("n2"), config("primitive fa stonith:fence_a\n")));
    assertThat(o.succeeded()).isTrue();
    assertThat(a.calls())
        .extracting(FenceRequest::action)
        .containsExactly(FenceAction.LIST, FenceAction.STATUS, FenceAction.REBOOT);
  }

  @Test
  void statusCheckForAgentsWithoutList() {
    TestAgent noList = new TestAgent("fence_a", "off", "on", "reboot", "status");
    noList.always(FenceAction.STATUS, TestAgent.fail("unknown port"));
    b.always(FenceAction.STATUS, TestAgent.succeed());
    AtomicInteger ids = new AtomicInteger();
    Fencer fencer =
        Fencer.builder("n1", FenceAgentLookup.of(List.of(noList, b)))
            .executor(threads.executor())
            .timer(time)
            .clock(time)
            .ids(() -> "op" + ids.incrementAndGet())
            .build();
    Configuration cfg =
        config(
            "primitive fa stonith:fence_a params pcmk_status_timeout=5s\n"
                + "primitive fb stonith:fence_b params pcmk_host_check=status\n");
    FencingOutcome o = outcome(fencer.fence(reboot("n2"), cfg));
    assertThat(o.devices()).containsExactly("fb");
    assertThat(o.attempts().get(0).reason())
        .isEqualTo("cannot fence n2 (status): status of n2 failed (unknown port)");
    assertThat(noList.calls())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.action()).isEqualTo(FenceAction.STATUS);
              assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(5));
            });
  }

  @Test
  void topologyFallsBackToTheNextLevel() {
    a.always(FenceAction.OFF, TestAgent.fail("bmc unreachable"));
    Configuration cfg =
        config(
            "primitive fa stonith:fence_a params pcmk_off_retries=0"
                + HOSTS
                + "\nprimitive fb stonith:fence_b params"
                + HOSTS
                + "\nprimitive fc stonith:fence_c params"
                + HOSTS
                + "\nfencing_topology n2: fa fb,fc\n");
    FencingOutcome o =
        outcome(fencer().fence(FencingRequest.of("n2", FenceAction.OFF, "n3", "controller"), cfg));
    assertThat(o.succeeded()).isTrue();
    assertThat(o.level()).isEqualTo(2);
    assertThat(o.devices()).containsExactly("fb", "fc");
    assertThat(o.reason()).isEqualTo("fenced with fb, fc (topology level 2)");
    assertThat(o.attempts())
        .extracting(FenceAttempt::level, FenceAttempt::deviceId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "fa"),
            org.assertj.core.groups.Tuple.tuple(2, "fb"),
            org.assertj.core.groups.Tuple.tuple(2, "fc"));
  }

  @Test
  void aLevelFailsAtItsFirstFailingDevice() {
    b.always(FenceAction.OFF, TestAgent.fail("psu2 stuck"));
    Configuration cfg =
        config(
            "primitive fa stonith:fence_a params"
                + HOSTS
                + "\nprimitive fb stonith:fence_b params pcmk_off_retries=0"
                + HOSTS
                + "\nprimitive fc stonith:fence_c params pcmk_host_list=n1"
                + "\nfencing_topology pattern:^n fb,fa fc\n");
    FencingOutcome o =
        outcome(fencer().fence(FencingRequest.of("n2", FenceAction.OFF, "n3", "controller"), cfg));
    assertThat(o.succeeded()).isFalse();
    assertThat(a.calls()).isEmpty();
    assertThat(o.attempts())
        .extracting(FenceAttempt::deviceId, FenceAttempt::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fb", Status.FAILED),
            org.assertj.core.groups.Tuple.tuple("fc", Status.NOT_CAPABLE));
    assertThat(o.reason())
        .isEqualTo(
            "level 1 fb off #1: failed (exit 1): psu2 stuck; level 2 fc off: not capable:"
                + " cannot fence n2 (static-list): n2 is not in pcmk_host_list or pcmk_host_map");
  }

  @Test
  void aMultiDeviceLevelRebootsAsOffThenOn() {
    b.always(FenceAction.ON, TestAgent.fail("psu2 will not power on"));
    Configuration cfg =
        config(
                "primitive fa stonith:fence_a params"
                    + HOSTS
                    + "\nprimitive fb stonith:fence_b params"
                    + HOSTS
                    + "\nfencing_topology attr:rack=r1 fa,fb\n")
            .withNodes(
                List.of(
                    new org.paceline.cib.model.Node("1", "n1"),
                    new org.paceline.cib.model.Node("2", "n2", java.util.Map.of("rack", "r1"))));
    FencingOutcome o = outcome(fencer().fence(reboot("n2"), cfg));
    assertThat(o.succeeded()).isTrue();
    assertThat(o.attempts())
        .extracting(FenceAttempt::deviceId, FenceAttempt::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fa", FenceAction.OFF),
            org.assertj.core.groups.Tuple.tuple("fb", FenceAction.OFF),
            org.assertj.core.groups.Tuple.tuple("fa", FenceAction.ON),
            org.assertj.core.groups.Tuple.tuple("fb", FenceAction.ON),
            org.assertj.core.groups.Tuple.tuple("fb", FenceAction.ON),
            org.assertj.core.groups.Tuple.tuple("fb", FenceAction.ON));
    assertThat(o.devices()).containsExactly("fa", "fb");
  }

  @Test
  void deviceDelayComesBeforeTheFirstAttempt() {
    Fencer fencer = fencer();
    Configuration cfg =
        config(
            "primitive fa stonith:fence_a params pcmk_delay_base=\"n2:5s;n3:1s\"" + HOSTS + "\n");
    Instant start = time.instant();
    CompletableFuture<FencingOutcome> f = fencer.fence(reboot("n2"), cfg);
    await().until(() -> time.pending() == 1);
    assertThat(time.nextDue()).isEqualTo(start.plusSeconds(5));
    time.advance(Duration.ofSeconds(4));
    assertThat(a.calls()).isEmpty();
    time.advance(Duration.ofSeconds(1));
    FencingOutcome o = outcome(f);
    assertThat(o.succeeded()).isTrue();
    assertThat(o.attempts().get(0).started()).isEqualTo(start.plusSeconds(5));
    assertThat(o.completed()).isEqualTo(start.plusSeconds(5));
  }

  @Test
  void noDelayForUnfencing() {
    Configuration cfg =
        config("primitive fa stonith:fence_a params pcmk_delay_base=5s" + HOSTS + "\n");
    FencingOutcome o =
        outcome(fencer().fence(FencingRequest.of("n2", FenceAction.ON, "n2", "controller"), cfg));
    assertThat(o.succeeded()).isTrue();
    assertThat(o.completed()).isEqualTo(o.started());
  }

  /** Draws the largest value allowed, so the delay is the maximum. */
  private static final class LargestRandom implements RandomGenerator {
    @Override
    public long nextLong() {
      return Long.MAX_VALUE;
    }

    @Override
    public long nextLong(long bound) {
      return bound - 1;
    }
  }

  @Test
  void randomDelayStaysWithinBaseAndMax() {
    Configuration cfg =
        config(
            "primitive fa stonith:fence_a params pcmk_delay_base=2s pcmk_delay_max=10s"
                + HOSTS
                + "\n");
    Fencer fencer = fencer(new LargestRandom());
    Instant start = time.instant();
    CompletableFuture<FencingOutcome> f = fencer.fence(reboot("n2"), cfg);
    await().until(() -> time.pending() == 1);
    assertThat(time.nextDue()).isEqualTo(start.plusSeconds(10));
    time.advance(Duration.ofSeconds(10));
    assertThat(outcome(f).succeeded()).isTrue();
  }

  @Test
  void randomDelayIsReproducibleWithTheSameSeed() {
    Configuration cfg =
        config(
            "primitive fa stonith:fence_a params pcmk_delay_base=2s pcmk_delay_max=10s"
                + HOSTS
                + "\n");
    Instant first = null;
    for (int i = 0; i < 2; i++) {
      Fencer fencer = fencer(new SplittableRandom(42));
      Instant start = time.instant();
      CompletableFuture<FencingOutcome> f = fencer.fence(reboot("n2"), cfg);
      await().until(() -> time.pending() == 1);
      Duration delay = Duration.between(start, time.nextDue());
      assertThat(delay).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
      if (first == null) {
        first = Instant.EPOCH.plus(delay);
      } else {
        assertThat(Instant.EPOCH.plus(delay)).isEqualTo(first);
      }
      time.advance(delay);
      assertThat(outcome(f).succeeded()).isTrue();
    }
  }

  @Test
  void requestDelayComesFirst() {
    Fencer fencer = fencer();
    Configuration cfg = config("primitive fa stonith:fence_a params" + HOSTS + "\n");
    CompletableFuture<FencingOutcome> f =
        fencer.fence(reboot("n2").withDelay(Duration.ofSeconds(3)), cfg);
    await().until(() -> time.pending() == 1);
    time.advance(Duration.ofSeconds(2));
    assertThat(a.calls()).isEmpty();
    time.advance(Duration.ofSeconds(1));
    assertThat(outcome(f).succeeded()).isTrue();
  }

  @Test
  void unusableDevicesAreReportedNotUsed() {
    Configuration cfg =
        config(
            "primitive off stonith:fence_a meta target-role=Stopped params"
                + HOSTS
                + "\nprimitive gone stonith:fence_gone params"
                + HOSTS
                + "\nprimitive bad stonith:fence_a params pcmk_host_check=maybe"
                + "\nprimitive fb stonith:fence_b params"
                + HOSTS
                + "\nfencing_topology n2: off gone bad nosuch fb\n");
    FencingOutcome o = outcome(fencer().fence(reboot("n2"), cfg));
    assertThat(o.succeeded()).isTrue();
    assertThat(o.level()).isEqualTo(5);
    assertThat(o.attempts())
        .extracting(FenceAttempt::status)
        .containsExactly(
            Status.UNUSABLE, Status.UNUSABLE, Status.UNUSABLE, Status.UNUSABLE, Status.SUCCEEDED);
    assertThat(o.attempts())
        .extracting(FenceAttempt::reason)
        .containsExactly(
            "the device is disabled (target-role=Stopped)",
            "fence agent fence_gone is not installed on this node",
            "fence device 'bad': pcmk_host_check 'maybe' is not one of static-list, dynamic-list,"
                + " status, none",
            "no fence device 'nosuch' is configured",
            "ok");
    assertThat(a.calls()).isEmpty();
  }

  @Test
  void noCapableDeviceFailsAtOnce() {
    Configuration cfg = config("primitive fa stonith:fence_a params pcmk_host_list=n1\n");
    FencingOutcome o = outcome(fencer().fence(reboot("n2"), cfg));
    assertThat(o.succeeded()).isFalse();
    assertThat(o.reason()).isEqualTo("no fence device can reboot n2");
    assertThat(o.plan().isEmpty()).isTrue();
  }

  @Test
  void aBadConfigurationFailsWithTheReason() {
    FencingOutcome o =
        outcome(fencer().fence(reboot("n2"), config("property fencing-timeout=soon\n")));
    assertThat(o.succeeded()).isFalse();
    assertThat(o.reason()).startsWith("cannot plan fencing: fencing-timeout 'soon'");
  }

  @Test
  void anAgentThatThrowsIsAFailure() {
    a.then(
        FenceAction.REBOOT,
        r -> {
          throw new IllegalStateException("bug in agent");
        },
        r -> null);
    FencingOutcome o =
        outcome(
            fencer().fence(reboot("n2"), config("primitive fa stonith:fence_a params" + HOSTS)));
    assertThat(o.succeeded()).isTrue();
    assertThat(o.attempts())
        .extracting(FenceAttempt::reason)
        .containsExactly(
            "agent fence_a failed: java.lang.IllegalStateException: bug in agent",
            "agent fence_a returned no result",
            "ok");
  }

  @Test
  void identicalRequestsShareOneOperation() {
    Fencer fencer = fencer();
    a.then(FenceAction.REBOOT, a.hang());
    Configuration cfg = config("primitive fa stonith:fence_a params" + HOSTS + "\n");
    CompletableFuture<FencingOutcome> first = fencer.fence(reboot("n2"), cfg);
    await().until(() -> a.calls().size() == 1);
    CompletableFuture<FencingOutcome> second =
        fencer.fence(FencingRequest.of("N2", FenceAction.REBOOT, "n1", "paceline node fence"), cfg);
    assertThat(fencer.history().pending()).hasSize(1);
    a.release();
    assertThat(outcome(first).id()).isEqualTo(outcome(second).id());
    assertThat(a.calls()).hasSize(1);
    // a different action is a different operation
    assertThat(outcome(fencer.fence(FencingRequest.of("n2", FenceAction.OFF, "n1", "x"), cfg)).id())
        .isEqualTo("n1-op2");
  }

  @Test
  void stoppingFailsWhatIsInProgressAndRefusesMore() {
    Fencer fencer = fencer();
    a.always(FenceAction.REBOOT, a.hang());
    Configuration cfg = config("primitive fa stonith:fence_a params" + HOSTS + "\n");
    CompletableFuture<FencingOutcome> f = fencer.fence(reboot("n2"), cfg);
    await().until(() -> a.calls().size() == 1);
    fencer.stop();
    FencingOutcome o = outcome(f);
    assertThat(o.succeeded()).isFalse();
    assertThat(o.reason()).isEqualTo("the fencer stopped");
    assertThat(outcome(fencer.fence(reboot("n3"), cfg)).reason())
        .isEqualTo("the fencer is stopped");
    await()
        .until(() -> fencer.history().forTarget("n2").get(0).state() == FencingRecord.State.FAILED);
  }

  @Test
  void aFullExecutorRefusesWithAReason() {
    Fencer fencer =
        Fencer.builder("n1", FenceAgentLookup.of(List.of(a)))
            .executor(
                r -> {
                  throw new java.util.concurrent.RejectedExecutionException("queue full");
                })
            .timer(time)
            .clock(time)
            .build();
    FencingOutcome o = outcome(fencer.fence(reboot("n2"), config("")));
    assertThat(o.reason()).isEqualTo("the fencer is busy or stopping: queue full");
    assertThat(o.id()).startsWith("n1-");
  }

  @Test
  void theSameScenarioGivesTheSameOutcome() {
    FencingOutcome first = null;
    for (int i = 0; i < 3; i++) {
      TestAgent x = new TestAgent("fence_a");
      x.then(FenceAction.OFF, TestAgent.fail("1"), TestAgent.fail("2"), TestAgent.fail("3"));
      x.always(FenceAction.LIST, TestAgent.lists("n2"));
      ManualTime t = new ManualTime();
      Fencer fencer =
          Fencer.builder("n1", FenceAgentLookup.of(List.of(x, b)))
              .executor(threads.executor())
              .timer(t)
              .clock(t)
              .ids(() -> "op")
              .build();
      Configuration cfg =
          config(
              "primitive fa stonith:fence_a\nprimitive fb stonith:fence_b params"
                  + HOSTS
                  + "\nfencing_topology n2: fa fb\n");
      FencingOutcome o =
          outcome(fencer.fence(FencingRequest.of("n2", FenceAction.OFF, "n3", "c"), cfg));
      if (first == null) {
        first = o;
      } else {
        assertThat(o).isEqualTo(first);
      }
    }
    assertThat(first.succeeded()).isTrue();
    assertThat(first.attempts()).hasSize(4);
  }

  @Test
  void monitorChecksADevice() {
    Fencer fencer = fencer();
    a.then(FenceAction.MONITOR, TestAgent.fail("bmc unreachable"));
    Configuration cfg =
        config(
            "primitive fa stonith:fence_a params pcmk_monitor_timeout=7s\n"
                + "primitive gone stonith:fence_gone\n"
                + "primitive bad stonith:fence_a params pcmk_host_check=x\n");
    CompletableFuture<org.paceline.api.fencing.FenceResult> first = fencer.monitor("fa", cfg);
    await().until(first::isDone);
    assertThat(first.join().message()).isEqualTo("bmc unreachable");
    assertThat(a.calls().get(0).timeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(a.calls().get(0).target()).isNull();
    CompletableFuture<org.paceline.api.fencing.FenceResult> second = fencer.monitor("fa", cfg);
    await().until(second::isDone);
    assertThat(second.join().succeeded()).isTrue();
    CompletableFuture<org.paceline.api.fencing.FenceResult> gone = fencer.monitor("gone", cfg);
    await().until(gone::isDone);
    assertThat(gone.join().outcome())
        .isEqualTo(org.paceline.api.fencing.FenceResult.Outcome.NOT_INSTALLED);
    CompletableFuture<org.paceline.api.fencing.FenceResult> bad = fencer.monitor("bad", cfg);
    await().until(bad::isDone);
    assertThat(bad.join().message()).startsWith("fence device 'bad': pcmk_host_check 'x'");
    CompletableFuture<org.paceline.api.fencing.FenceResult> none = fencer.monitor("nosuch", cfg);
    await().until(none::isDone);
    assertThat(none.join().message()).isEqualTo("no fence device 'nosuch' is configured");
  }
}
