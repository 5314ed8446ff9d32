package org.paceline.fencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceResult;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Configuration;

class DeviceRegistryTest {

  private static final Duration MINUTE = Duration.ofSeconds(60);

  private final ManualTime time = new ManualTime();
  private final FencerThreads threads = new FencerThreads("test-registry", 4, 32);
  private final TestAgent a = new TestAgent("fence_a");

  @AfterEach
  void stop() {
    a.release();
    threads.close();
  }

  private DeviceRegistry registry() {
    return new DeviceRegistry(
        FenceAgentLookup.of(List.of(a)),
        threads.executor(),
        time,
        time,
        DeviceRegistry.DEFAULT_LIST_TTL);
  }

  private static <T> T done(CompletableFuture<T> f) {
    await().atMost(Duration.ofSeconds(10)).until(f::isDone);
    return f.join();
  }

  private FenceDevice device(DeviceRegistry r, String params) {
    Configuration c = CrmParser.parse("primitive fa stonith:fence_a params " + params + "\n");
    return r.devices(c).device("fa").orElseThrow();
  }

  @Test
  void staticAndNoneAnswerWithoutAskingTheAgent() {
    DeviceRegistry r = registry();
    FenceDevice listed = device(r, "pcmk_host_list=n1 pcmk_host_map=n2:4");
    assertThat(done(r.canFence(listed, "n1", MINUTE, MINUTE)).capable()).isTrue();
    HostCheckResult mapped = done(r.canFence(listed, "n2", MINUTE, MINUTE));
    assertThat(mapped.capable()).isTrue();
    assertThat(mapped.port()).isEqualTo("4");
    assertThat(done(r.canFence(listed, "n3", MINUTE, MINUTE)).reason())
        .isEqualTo("n3 is not in pcmk_host_list or pcmk_host_map");
    FenceDevice any = device(r, "pcmk_host_check=none");
    assertThat(done(r.canFence(any, "whatever", MINUTE, MINUTE)).capable()).isTrue();
    assertThat(a.calls()).isEmpty();
  }

  @Test
  void concurrentChecksShareOneListAndItsTimeoutFallsBackToStatus() {
    DeviceRegistry r = registry();
    a.then(FenceAction.LIST, a.hang());
    a.always(FenceAction.STATUS, TestAgent.succeed());
    FenceDevice d = device(r, "pcmk_list_timeout=10s");
    CompletableFuture<HostCheckResult> first = r.canFence(d, "n1", MINUTE, MINUTE);
    CompletableFuture<HostCheckResult> second = r.canFence(d, "n2", MINUTE, MINUTE);
    await().until(() -> a.calls().size() == 1);
    assertThat(a.calls().get(0).timeout()).isEqualTo(Duration.ofSeconds(10));
    time.advance(Duration.ofSeconds(10));
    HostCheckResult one = done(first);
    assertThat(one.capable()).isTrue();
    assertThat(one.check()).isEqualTo(HostCheck.STATUS);
    assertThat(one.reason())
        .isEqualTo(
            "list failed (the agent did not finish within 10s), checked status instead:"
                + " status reports n1 on");
    assertThat(done(second).capable()).isTrue();
    assertThat(a.calls(FenceAction.LIST)).isEqualTo(1);
    assertThat(a.calls(FenceAction.STATUS)).isEqualTo(2);
    await().until(() -> a.interrupted() == 1);
  }

  @Test
  void checksNeverTakeLongerThanTheBudget() {
    DeviceRegistry r = registry();
    a.always(FenceAction.LIST, TestAgent.lists("n1"));
    FenceDevice d = device(r, "pcmk_list_timeout=90s");
    assertThat(done(r.canFence(d, "n1", MINUTE, Duration.ofSeconds(3))).capable()).isTrue();
    assertThat(a.calls().get(0).timeout()).isEqualTo(Duration.ofSeconds(3));
    r.clearCache();
    assertThat(done(r.canFence(d, "n1", MINUTE, Duration.ZERO)).reason())
        .contains("no time left for list");
  }

  @Test
  void aDeviceRunsOneRequestAtATimeByDefault() throws Exception {
    DeviceRegistry r = registry();
    CountDownLatch gate = new CountDownLatch(1);
    a.then(
        FenceAction.OFF,
        req -> {
          gate.await(30, TimeUnit.SECONDS);
          return TestAgent.result(FenceResult.Outcome.SUCCESS, 0, "first");
        });
    FenceDevice d = device(r, "pcmk_host_check=none");
    CompletableFuture<FenceResult> first =
        r.execute(
            d,
            new org.paceline.api.fencing.FenceRequest(
                "fa", FenceAction.OFF, "n1", null, d.params(), MINUTE));
    await().until(() -> a.calls().size() == 1);
    CompletableFuture<FenceResult> second =
        r.execute(
            d,
            new org.paceline.api.fencing.FenceRequest(
                "fa", FenceAction.OFF, "n2", null, d.params(), MINUTE));
    assertThat(r.waiting("fa")).isEqualTo(1);
    assertThat(a.calls()).hasSize(1);
    gate.countDown();
    assertThat(done(first).message()).isEqualTo("first");
    assertThat(done(second).message()).isEqualTo("ok");
    assertThat(a.calls())
        .extracting(org.paceline.api.fencing.FenceRequest::target)
        .containsExactly("n1", "n2");
    assertThat(r.waiting("fa")).isZero();
  }

  @Test
  void actionLimitAllowsParallelRequests() {
    DeviceRegistry r = registry();
    a.always(FenceAction.OFF, a.hang());
    FenceDevice d = device(r, "pcmk_host_check=none pcmk_action_limit=2");
    r.execute(
        d,
        new org.paceline.api.fencing.FenceRequest(
            "fa", FenceAction.OFF, "n1", null, d.params(), MINUTE));
    r.execute(
        d,
        new org.paceline.api.fencing.FenceRequest(
            "fa", FenceAction.OFF, "n2", null, d.params(), MINUTE));
    r.execute(
        d,
        new org.paceline.api.fencing.FenceRequest(
            "fa", FenceAction.OFF, "n3", null, d.params(), MINUTE));
    await().until(() -> a.calls().size() == 2);
    assertThat(r.waiting("fa")).isEqualTo(1);
    time.advance(MINUTE);
    await().until(() -> a.calls().size() == 3);
  }
}
