package org.paceline.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.paceline.executor.internal.TestAgent.done;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.executor.ExecutedOperation;
import org.paceline.executor.ExecutorStatus;
import org.paceline.executor.PendingOperation;
import org.paceline.executor.RecurringOperation;

class NodeExecutorTest {

  static final AgentId A = AgentId.ocf("test", "A");
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  final AgentRegistry registry = new AgentRegistry();
  final CountDownLatch release = new CountDownLatch(1);
  long serviceIds;
  String name;
  NodeExecutor executor;

  @BeforeEach
  void name(TestInfo info) {
    name = "exec-" + info.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void closeExecutor() {
    release.countDown();
    if (executor != null) {
      executor.close();
    }
  }

  ExecutorSettings settings(int limit) {
    return ExecutorSettings.defaults("n1", dir)
        .withName(name)
        .withActionLimit(limit)
        .withTimeoutGrace(Duration.ofMillis(500))
        .withCloseTimeout(Duration.ofSeconds(2));
  }

  NodeExecutor start(ExecutorSettings s) {
    executor = new NodeExecutor(s, registry);
    return executor;
  }

  NodeExecutor start() {
    return start(settings(4));
  }

  long install(ResourceAgent agent) {
    long sid = ++serviceIds;
    registry.add(
        agent,
        Map.of(AgentRegistry.SERVICE_ID, sid, ResourceAgent.AGENT_PROPERTY, agent.id().toString()));
    return sid;
  }

  static OperationRequest op(String resource, AgentAction action) {
    return OperationRequest.of(resource, action, Map.of(), WAIT);
  }

  static OperationRequest op(String resource, AgentAction action, Duration timeout) {
    return OperationRequest.of(resource, action, Map.of(), timeout);
  }

  static OperationRequest monitor(String resource, Duration interval) {
    return new OperationRequest(resource, AgentAction.MONITOR, Map.of(), Map.of(), WAIT, interval);
  }

  static ExecutedOperation result(CompletableFuture<ExecutedOperation> f) throws Exception {
    return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Waits for the test's release latch, bounded. */
  OcfResultCode awaitRelease() throws InterruptedException {
    return release.await(WAIT.toSeconds(), TimeUnit.SECONDS)
        ? OcfResultCode.OK
        : OcfResultCode.ERR_GENERIC;
  }

  List<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(n -> n.startsWith(name + "-"))
        .toList();
  }

  @Test
  void oneTimeOperationReturnsTheAgentsAnswerAndContext() throws Exception {
    TestAgent agent = new TestAgent(A, (r, c) -> done(OcfResultCode.NOT_RUNNING, "not here"));
    install(agent);
    start();

    ExecutedOperation done = result(executor.execute(A, op("web", AgentAction.MONITOR)));

    assertThat(done.status()).isEqualTo(ExecutionStatus.DONE);
    assertThat(done.rc()).isEqualTo(OcfResultCode.NOT_RUNNING);
    assertThat(done.result().exitReason()).isEqualTo("not here");
    assertThat(done.agent()).isEqualTo(A);
    assertThat(done.request()).isEqualTo(op("web", AgentAction.MONITOR));
    assertThat(done.key().toString()).isEqualTo("web_monitor_0");
    assertThat(done.queueTime().isNegative()).isFalse();
    assertThat(done.runTime().isNegative()).isFalse();
    OperationContext context = agent.contexts.get(0);
    assertThat(context.nodeName()).isEqualTo("n1");
    assertThat(context.stateDir()).isEqualTo(dir);
    assertThat(context.deadline())
        .isAfter(done.queued())
        .isBefore(done.queued().plus(WAIT).plusSeconds(5));
  }

  @Test
  void callIdsIncreaseInTheOrderOperationsAreQueued() throws Exception {
    install(TestAgent.answering(A, OcfResultCode.OK));
    start();
    List<CompletableFuture<ExecutedOperation>> futures = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      futures.add(executor.execute(A, op("r" + (i % 3), AgentAction.START)));
    }
    long previous = 0;
    for (CompletableFuture<ExecutedOperation> f : futures) {
      long id = result(f).callId();
      assertThat(id).isGreaterThan(previous);
      previous = id;
    }
  }

  @Test
  void operationsOfOneResourceRunOneAtATimeInOrder() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    TestAgent agent =
        new TestAgent(
            A,
            (r, c) -> {
              if (r.action() == AgentAction.START) {
                entered.countDown();
                return done(awaitRelease(), "");
              }
              return done(OcfResultCode.OK, "");
            });
    install(agent);
    start();

    CompletableFuture<ExecutedOperation> first = executor.execute(A, op("web", AgentAction.START));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<ExecutedOperation> second = executor.execute(A, op("web", AgentAction.STOP));
    CompletableFuture<ExecutedOperation> third =
        executor.execute(A, op("web", AgentAction.VALIDATE_ALL));

    ExecutorStatus status = executor.status();
    assertThat(status.running())
        .extracting(p -> p.request().action())
        .containsExactly(AgentAction.START);
    assertThat(status.queued())
        .extracting(p -> p.request().action())
        .containsExactly(AgentAction.STOP, AgentAction.VALIDATE_ALL);
    assertThat(status.queued()).allMatch(p -> p.started().isEmpty());
    assertThat(agent.calls.get()).isEqualTo(1);

    release.countDown();
    assertThat(result(third).status()).isEqualTo(ExecutionStatus.DONE);
    assertThat(result(first).status()).isEqualTo(ExecutionStatus.DONE);
    assertThat(result(second).status()).isEqualTo(ExecutionStatus.DONE);
    assertThat(agent.order).containsExactly("web start", "web stop", "web validate-all");
    assertThat(agent.maxInsidePerResource.get()).isEqualTo(1);
  }

  @Test
  void operationsOfDifferentResourcesRunAtTheSameTime() throws Exception {
    CountDownLatch bothInside = new CountDownLatch(2);
    TestAgent agent =
        new TestAgent(
            A,
            (r, c) -> {
              bothInside.countDown();
              // only answers OK if the other resource's call is inside the agent at the same time
              boolean overlap = bothInside.await(10, TimeUnit.SECONDS);
              return done(overlap ? OcfResultCode.OK : OcfResultCode.ERR_GENERIC, "");
            });
    install(agent);
    start();

    CompletableFuture<ExecutedOperation> web = executor.execute(A, op("web", AgentAction.START));
    CompletableFuture<ExecutedOperation> db = executor.execute(A, op("db", AgentAction.START));

    assertThat(result(web).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(result(db).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(agent.maxInside.get()).isEqualTo(2);
  }

  @Test
  void theActionLimitBoundsHowManyOperationsRunAtOnce() throws Exception {
    TestAgent agent = new TestAgent(A, (r, c) -> done(awaitRelease(), ""));
    install(agent);
    start(settings(2));

    List<CompletableFuture<ExecutedOperation>> futures = new ArrayList<>();
    for (String r : List.of("r1", "r2", "r3")) {
      futures.add(executor.execute(A, op(r, AgentAction.START)));
    }
    await().atMost(WAIT).until(() -> agent.inside.get() == 2);

    ExecutorStatus status = executor.status();
    assertThat(status.actionLimit()).isEqualTo(2);
    assertThat(status.running())
        .extracting(p -> p.request().resourceId())
        .containsExactly("r1", "r2");
    assertThat(status.running()).allMatch(p -> p.started().isPresent());
    assertThat(status.queued()).extracting(p -> p.request().resourceId()).containsExactly("r3");
    assertThat(agent.calls.get()).isEqualTo(2);

    release.countDown();
    for (CompletableFuture<ExecutedOperation> f : futures) {
      assertThat(result(f).rc()).isEqualTo(OcfResultCode.OK);
    }
    assertThat(agent.calls.get()).isEqualTo(3);
    assertThat(agent.maxInside.get()).isEqualTo(2);
  }

  @Test
  void raisingTheActionLimitStartsWaitingOperations() throws Exception {
    TestAgent agent = new TestAgent(A, (r, c) -> done(awaitRelease(), ""));
    install(agent);
    start(settings(1));
    CompletableFuture<ExecutedOperation> web = executor.execute(A, op("web", AgentAction.START));
    CompletableFuture<ExecutedOperation> db = executor.execute(A, op("db", AgentAction.START));
    await().atMost(WAIT).until(() -> agent.inside.get() == 1);
    assertThat(executor.status().queued()).hasSize(1);

    executor.reconfigure(2, Duration.ofMillis(500), Duration.ofSeconds(2));

    await().atMost(WAIT).until(() -> agent.inside.get() == 2);
    assertThat(executor.status().actionLimit()).isEqualTo(2);
    release.countDown();
    assertThat(result(web).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(result(db).rc()).isEqualTo(OcfResultCode.OK);
  }

  @Test
  void theTimeoutInterruptsTheAgent() throws Exception {
    AtomicBoolean interrupted = new AtomicBoolean();
    TestAgent agent =
        new TestAgent(
            A,
            (r, c) -> {
              try {
                Thread.sleep(30_000);
              } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
              }
              return done(OcfResultCode.OK, "");
            });
    install(agent);
    // a grace longer than the wait: the result can only come from the interrupted agent
    start(settings(4).withTimeoutGrace(Duration.ofSeconds(60)));

    ExecutedOperation timedOut =
        result(executor.execute(A, op("web", AgentAction.START, Duration.ofMillis(200))));

    assertThat(timedOut.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertThat(timedOut.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(timedOut.result().exitReason()).isEqualTo("start timed out after 200ms");
    assertThat(interrupted).isTrue();
    assertThat(executor.status().abandoned()).isZero();
  }

  @Test
  void anAgentThatIgnoresTheInterruptIsGivenUpOnAndItsQueueMovesOn() throws Exception {
    AtomicBoolean sawInterrupt = new AtomicBoolean();
    AtomicBoolean inStart = new AtomicBoolean();
    TestAgent agent =
        new TestAgent(
            A,
            (r, c) -> {
              if (r.action() != AgentAction.START) {
                return done(OcfResultCode.OK, "");
              }
              inStart.set(true);
              boolean released = false;
              for (int i = 0; i < 100 && !released; i++) {
                try {
                  released = release.await(300, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                  sawInterrupt.set(true);
                }
              }
              inStart.set(false);
              return done(OcfResultCode.OK, "late");
            });
    install(agent);
    start(settings(4).withTimeoutGrace(Duration.ofMillis(300)));

    CompletableFuture<ExecutedOperation> stuck =
        executor.execute(A, op("web", AgentAction.START, Duration.ofMillis(200)));
    CompletableFuture<ExecutedOperation> next = executor.execute(A, op("web", AgentAction.STOP));

    ExecutedOperation timedOut = result(stuck);
    assertThat(timedOut.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertThat(timedOut.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(timedOut.result().exitReason()).isEqualTo("start timed out after 200ms");
    assertThat(result(next).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(sawInterrupt).isTrue();
    assertThat(inStart).as("the stop ran while the start was still stuck").isTrue();
    assertThat(executor.status().abandoned()).isEqualTo(1);

    release.countDown();
    await().atMost(WAIT).until(() -> executor.status().abandoned() == 0);
    assertThat(stuck.get().result().exitReason()).isEqualTo("start timed out after 200ms");
  }

  @Test
  void aMissingAgentIsNotInstalled() throws Exception {
    start();
    AgentId missing = AgentId.ocf("heartbeat", "Nowhere");

    ExecutedOperation r = result(executor.execute(missing, op("web", AgentAction.START)));

    assertThat(r.status()).isEqualTo(ExecutionStatus.NOT_INSTALLED);
    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_INSTALLED);
    assertThat(r.rc().code()).isEqualTo(5);
    assertThat(r.result().exitReason()).contains("ocf:heartbeat:Nowhere").contains("n1");
  }

  @Test
  void anAgentThatThrowsOrAnswersNothingGivesAnErrorAndTheExecutorGoesOn() throws Exception {
    TestAgent agent =
        new TestAgent(
            A,
            (r, c) ->
                switch (r.resourceId()) {
                  case "boom" -> {
                    if (r.action() == AgentAction.START) {
                      throw new IllegalStateException("boom");
                    }
                    yield done(OcfResultCode.OK, "");
                  }
                  case "linkage" -> throw new NoClassDefFoundError("org/gone/Helper");
                  case "silent" -> null;
                  default -> done(OcfResultCode.OK, "");
                });
    install(agent);
    start();

    ExecutedOperation boom = result(executor.execute(A, op("boom", AgentAction.START)));
    ExecutedOperation linkage = result(executor.execute(A, op("linkage", AgentAction.START)));
    ExecutedOperation silent = result(executor.execute(A, op("silent", AgentAction.START)));
    ExecutedOperation fine = result(executor.execute(A, op("boom", AgentAction.STOP)));

    assertThat(boom.status()).isEqualTo(ExecutionStatus.ERROR);
    assertThat(boom.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(boom.result().exitReason())
        .contains("ocf:test:A")
        .contains("IllegalStateException")
        .contains("boom");
    assertThat(linkage.status()).isEqualTo(ExecutionStatus.ERROR);
    assertThat(linkage.result().exitReason()).contains("NoClassDefFoundError");
    assertThat(silent.status()).isEqualTo(ExecutionStatus.ERROR);
    assertThat(silent.result().exitReason()).contains("returned no result");
    assertThat(fine.status()).isEqualTo(ExecutionStatus.DONE);
    assertThat(fine.rc()).isEqualTo(OcfResultCode.OK);
  }

  @Test
  void aRealProcessesExitCodeAndOutputBecomeTheResult() throws Exception {
    install(new ProcessAgent(A, "/bin/sh", "-c", "echo not running here; exit 7"));
    start();

    ExecutedOperation r = result(executor.execute(A, op("web", AgentAction.MONITOR)));

    assertThat(r.status()).isEqualTo(ExecutionStatus.DONE);
    assertThat(r.rc()).isEqualTo(OcfResultCode.NOT_RUNNING);
    assertThat(r.result().output()).isEqualTo("not running here");
  }

  @Test
  void aRealProcessIsKilledAtTheTimeout() throws Exception {
    install(new ProcessAgent(A, "/bin/sleep", "30"));
    start();

    ExecutedOperation r =
        result(executor.execute(A, op("web", AgentAction.START, Duration.ofMillis(300))));

    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertThat(r.result().exitReason()).isEqualTo("start timed out after 300ms");
    await().atMost(WAIT).until(() -> ProcessHandle.current().descendants().findAny().isEmpty());
  }

  @Test
  void aRecurringOperationReportsItsFirstResultThenOnlyChanges() throws Exception {
    AtomicReference<OcfResultCode> state = new AtomicReference<>(OcfResultCode.OK);
    TestAgent agent =
        new TestAgent(
            A,
            (r, c) -> {
              OcfResultCode rc = state.get();
              return done(rc, rc == OcfResultCode.OK ? "" : "process gone");
            });
    install(agent);
    start();
    List<ExecutedOperation> seen = new CopyOnWriteArrayList<>();

    RecurringOperation monitor =
        executor.startRecurring(A, monitor("web", Duration.ofMillis(50)), seen::add);
    assertThat(executor.recurring()).containsExactly(monitor);
    await().atMost(WAIT).until(() -> agent.calls.get() >= 4);
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).rc()).isEqualTo(OcfResultCode.OK);

    state.set(OcfResultCode.NOT_RUNNING);
    await().atMost(WAIT).until(() -> seen.size() == 2);
    assertThat(seen.get(1).rc()).isEqualTo(OcfResultCode.NOT_RUNNING);
    assertThat(seen.get(1).result().exitReason()).isEqualTo("process gone");
    int calls = agent.calls.get();
    await().atMost(WAIT).until(() -> agent.calls.get() >= calls + 3);
    assertThat(seen).hasSize(2);
    assertThat(monitor.lastResult()).get().matches(r -> r.sameOutcome(seen.get(1)));

    monitor.reportNow();
    await().atMost(WAIT).until(() -> seen.size() == 3);
    assertThat(seen.get(2).sameOutcome(seen.get(1))).isTrue();
    assertThat(seen.get(2).callId()).isGreaterThanOrEqualTo(seen.get(1).callId());

    state.set(OcfResultCode.OK);
    await().atMost(WAIT).until(() -> seen.size() == 4);
    assertThat(seen.get(3).rc()).isEqualTo(OcfResultCode.OK);

    ExecutedOperation last = monitor.cancel().get(10, TimeUnit.SECONDS);
    assertThat(last.status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(seen).hasSize(5).last().isEqualTo(last);
    assertThat(monitor.isActive()).isFalse();
    assertThat(executor.recurring()).isEmpty();
    assertThat(monitor.cancel()).isCompletedWithValue(last);
    int after = agent.calls.get();
    await()
        .during(Duration.ofMillis(300))
        .atMost(WAIT)
        .until(() -> agent.calls.get() == after && seen.size() == 5);
  }

  @Test
  void slotsThatComeWhileARunIsStillGoingAreSkippedNotQueued() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    TestAgent agent =
        new TestAgent(
            A,
            (r, c) -> {
              if (entered.getCount() > 0) {
                entered.countDown();
                return done(awaitRelease(), "");
              }
              return done(OcfResultCode.OK, "");
            });
    install(agent);
    start();
    List<ExecutedOperation> seen = new CopyOnWriteArrayList<>();
    RecurringMonitor monitor =
        (RecurringMonitor)
            executor.startRecurring(A, monitor("web", Duration.ofMillis(20)), seen::add);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    await().atMost(WAIT).until(() -> monitor.skipped() >= 5);
    assertThat(executor.status().queued()).isEmpty();
    assertThat(agent.calls.get()).isEqualTo(1);

    release.countDown();
    await().atMost(WAIT).until(() -> agent.calls.get() >= 3);
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).rc()).isEqualTo(OcfResultCode.OK);
  }

  @Test
  void anAgentsOwnTimeoutAnswerGetsTheStandardReason() throws Exception {
    install(
        new TestAgent(
            A,
            (r, c) ->
                new OperationResult(
                    ExecutionStatus.TIMEOUT,
                    OcfResultCode.ERR_GENERIC,
                    "",
                    "partial output",
                    java.time.Instant.now(),
                    Duration.ZERO)));
    start();

    ExecutedOperation r = result(executor.execute(A, op("web", AgentAction.STOP)));

    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertThat(r.result().exitReason()).isEqualTo("stop timed out after 10s");
    assertThat(r.result().output()).isEqualTo("partial output");
  }

  @Test
  void cancellingDropsARunThatIsQueuedButNotStarted() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    TestAgent agent =
        new TestAgent(
            A,
            (r, c) -> {
              if (r.action() == AgentAction.START) {
                entered.countDown();
                return done(awaitRelease(), "");
              }
              return done(OcfResultCode.OK, "");
            });
    install(agent);
    start();
    CompletableFuture<ExecutedOperation> startOp =
        executor.execute(A, op("web", AgentAction.START));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    List<ExecutedOperation> seen = new CopyOnWriteArrayList<>();

    RecurringOperation monitor =
        executor.startRecurring(A, monitor("web", Duration.ofMillis(50)), seen::add);
    assertThat(executor.status().queued())
        .extracting(p -> p.request().action())
        .containsExactly(AgentAction.MONITOR);
    ExecutedOperation last = monitor.cancel().get(10, TimeUnit.SECONDS);

    assertThat(last.status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(last.result().exitReason()).contains("before it ran");
    assertThat(seen).containsExactly(last);
    assertThat(executor.status().queued()).isEmpty();
    release.countDown();
    assertThat(result(startOp).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(result(executor.execute(A, op("web", AgentAction.STOP))).rc())
        .isEqualTo(OcfResultCode.OK);
    assertThat(agent.order).containsExactly("web start", "web stop");
  }

  @Test
  void aReplacedAgentIsUsedFromTheNextRunAndARunningCallKeepsItsAgent() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    TestAgent v1 =
        new TestAgent(
            A,
            (r, c) -> {
              if (r.action() == AgentAction.START) {
                entered.countDown();
                awaitRelease();
              }
              return done(OcfResultCode.OK, "v1");
            });
    TestAgent v2 = new TestAgent(A, (r, c) -> done(OcfResultCode.NOT_RUNNING, "v2"));
    long v1Service = install(v1);
    start();
    List<ExecutedOperation> seen = new CopyOnWriteArrayList<>();
    executor.startRecurring(A, monitor("db", Duration.ofMillis(50)), seen::add);
    await().atMost(WAIT).until(() -> seen.size() == 1);
    assertThat(seen.get(0).result().exitReason()).isEqualTo("v1");

    CompletableFuture<ExecutedOperation> running =
        executor.execute(A, op("web", AgentAction.START));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    registry.remove(v1Service);
    install(v2);
    release.countDown();

    assertThat(result(running).result().exitReason()).isEqualTo("v1");
    await().atMost(WAIT).until(() -> seen.size() == 2);
    assertThat(seen.get(1).result().exitReason()).isEqualTo("v2");
    assertThat(seen.get(1).rc()).isEqualTo(OcfResultCode.NOT_RUNNING);
    assertThat(result(executor.execute(A, op("web", AgentAction.STOP))).result().exitReason())
        .isEqualTo("v2");
  }

  @Test
  void cancelDropsQueuedOneTimeOperationsAndCancelAllClearsTheResource() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    TestAgent agent =
        new TestAgent(
            A,
            (r, c) -> {
              if (r.action() == AgentAction.START) {
                entered.countDown();
                return done(awaitRelease(), "");
              }
              return done(OcfResultCode.OK, "");
            });
    install(agent);
    start();
    CompletableFuture<ExecutedOperation> startOp =
        executor.execute(A, op("web", AgentAction.START));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<ExecutedOperation> stop = executor.execute(A, op("web", AgentAction.STOP));
    CompletableFuture<ExecutedOperation> probe =
        executor.execute(A, op("web", AgentAction.MONITOR));
    List<ExecutedOperation> seen = new CopyOnWriteArrayList<>();
    executor.startRecurring(A, monitor("web", Duration.ofSeconds(10)), seen::add);

    assertThat(executor.cancel("web", AgentAction.STOP, Duration.ZERO)).isEqualTo(1);
    assertThat(result(stop).status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(executor.cancel("web", AgentAction.STOP, Duration.ZERO)).isZero();
    assertThat(executor.cancelAll("web")).isEqualTo(2);
    assertThat(result(probe).status()).isEqualTo(ExecutionStatus.CANCELLED);
    await().atMost(WAIT).until(() -> seen.size() == 1);
    assertThat(seen.get(0).status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(executor.recurring()).isEmpty();

    release.countDown();
    assertThat(result(startOp).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(agent.order).containsExactly("web start");
  }

  @Test
  void cancellingTheFutureDropsAQueuedOperation() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    TestAgent agent =
        new TestAgent(
            A,
            (r, c) -> {
              if (r.action() == AgentAction.START) {
                entered.countDown();
                return done(awaitRelease(), "");
              }
              return done(OcfResultCode.OK, "");
            });
    install(agent);
    start();
    CompletableFuture<ExecutedOperation> startOp =
        executor.execute(A, op("web", AgentAction.START));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<ExecutedOperation> stop = executor.execute(A, op("web", AgentAction.STOP));
    CompletableFuture<ExecutedOperation> probe =
        executor.execute(A, op("web", AgentAction.MONITOR));

    assertThat(stop.cancel(true)).isTrue();
    release.countDown();

    assertThat(result(startOp).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(result(probe).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(agent.order).containsExactly("web start", "web monitor");
  }

  @Test
  void startingARecurringOperationWithTheSameKeyReplacesTheOldOne() throws Exception {
    install(TestAgent.answering(A, OcfResultCode.OK));
    start();
    List<ExecutedOperation> first = new CopyOnWriteArrayList<>();
    List<ExecutedOperation> second = new CopyOnWriteArrayList<>();

    RecurringOperation old =
        executor.startRecurring(A, monitor("web", Duration.ofSeconds(10)), first::add);
    await().atMost(WAIT).until(() -> first.size() == 1);
    RecurringOperation replacement =
        executor.startRecurring(A, monitor("web", Duration.ofSeconds(10)), second::add);

    await().atMost(WAIT).until(() -> first.size() == 2 && second.size() == 1);
    assertThat(first.get(1).status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(second.get(0).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(old.isActive()).isFalse();
    assertThat(executor.recurring()).containsExactly(replacement);
  }

  @Test
  void aRecurringOperationNeedsAnInterval() {
    start();
    assertThatThrownBy(() -> executor.startRecurring(A, op("web", AgentAction.MONITOR), r -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("web_monitor_0");
  }

  @Test
  void aListenerThatThrowsStillGetsLaterResults() throws Exception {
    install(TestAgent.answering(A, OcfResultCode.OK));
    start();
    List<ExecutedOperation> seen = new CopyOnWriteArrayList<>();
    RecurringOperation monitor =
        executor.startRecurring(
            A,
            monitor("web", Duration.ofSeconds(10)),
            r -> {
              seen.add(r);
              throw new IllegalStateException("listener bug");
            });
    await().atMost(WAIT).until(() -> seen.size() == 1);

    monitor.reportNow();

    await().atMost(WAIT).until(() -> seen.size() == 2);
    assertThat(result(executor.execute(A, op("db", AgentAction.START))).rc())
        .isEqualTo(OcfResultCode.OK);
  }

  @Test
  void closeLetsTheRunningOperationFinishCancelsTheRestAndEndsItsThreads() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    TestAgent agent =
        new TestAgent(
            A,
            (r, c) -> {
              if (r.action() == AgentAction.START) {
                entered.countDown();
                return done(awaitRelease(), "");
              }
              return done(OcfResultCode.OK, "");
            });
    install(agent);
    start(settings(4).withCloseTimeout(Duration.ofSeconds(20)));
    List<ExecutedOperation> seen = new CopyOnWriteArrayList<>();
    executor.startRecurring(A, monitor("db", Duration.ofSeconds(10)), seen::add);
    await().atMost(WAIT).until(() -> seen.size() == 1);
    CompletableFuture<ExecutedOperation> running =
        executor.execute(A, op("web", AgentAction.START));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<ExecutedOperation> queued = executor.execute(A, op("web", AgentAction.STOP));
    assertThat(threadNames()).isNotEmpty();

    Thread closer = new Thread(executor::close, "closer-" + name);
    closer.start();
    assertThat(result(queued).status()).isEqualTo(ExecutionStatus.CANCELLED);
    await().atMost(WAIT).until(() -> seen.size() == 2);
    assertThat(seen.get(1).status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(closer.isAlive()).as("close waits for the running start").isTrue();
    release.countDown();
    closer.join(WAIT.toMillis());

    assertThat(closer.isAlive()).isFalse();
    assertThat(result(running).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(threadNames()).isEmpty();
    ExecutedOperation after = result(executor.execute(A, op("web", AgentAction.STOP)));
    assertThat(after.status()).isEqualTo(ExecutionStatus.CANCELLED);
    List<ExecutedOperation> late = new CopyOnWriteArrayList<>();
    RecurringOperation lateMonitor =
        executor.startRecurring(A, monitor("db", Duration.ofMillis(50)), late::add);
    assertThat(lateMonitor.isActive()).isFalse();
    assertThat(late)
        .extracting(ExecutedOperation::status)
        .containsExactly(ExecutionStatus.CANCELLED);
    assertThat(agent.order).containsExactly("db monitor", "web start");
  }

  @Test
  void closeInterruptsOperationsThatOutliveTheCloseTimeout() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    TestAgent agent =
        new TestAgent(
            A,
            (r, c) -> {
              entered.countDown();
              Thread.sleep(30_000);
              return done(OcfResultCode.OK, "");
            });
    install(agent);
    start(settings(4).withCloseTimeout(Duration.ofMillis(100)));
    CompletableFuture<ExecutedOperation> running = executor.execute(A, op("web", AgentAction.STOP));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    executor.close();

    ExecutedOperation r = result(running);
    assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(r.result().exitReason()).contains("shutting down");
    assertThat(threadNames()).isEmpty();
  }

  @Test
  void statusListsPendingOperationsInCallOrder() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    install(
        new TestAgent(
            A,
            (r, c) -> {
              entered.countDown();
              return done(awaitRelease(), "");
            }));
    start();
    executor.execute(A, op("web", AgentAction.START));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    executor.execute(A, op("web", AgentAction.STOP));
    executor.execute(A, op("web", AgentAction.START));

    ExecutorStatus status = executor.status();

    assertThat(status.queued()).extracting(PendingOperation::callId).isSorted().hasSize(2);
    assertThat(status.running().get(0).callId()).isLessThan(status.queued().get(0).callId());
    assertThat(status.recurring()).isZero();
  }
}
