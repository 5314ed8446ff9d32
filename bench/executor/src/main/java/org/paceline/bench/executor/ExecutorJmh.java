package org.paceline.bench.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.executor.ExecutedOperation;
import org.paceline.executor.internal.ExecutorSettings;
import org.paceline.executor.internal.NodeExecutor;
import org.paceline.ra.builtin.internal.DummyAgent;

/**
 * One-shot operations (probes: monitor, interval 0) through a {@link NodeExecutor} on an in-process
 * Java agent, against the same call made on the agent directly. The agent is {@code
 * ocf:paceline:Dummy} (a state file per resource; monitor checks that it exists) or {@code
 * ocf:bench:Noop} (answers at once), so the figures separate the agent's cost from the executor's.
 * Every resource is started in the set-up, so monitor answers {@code OCF_SUCCESS}.
 *
 * <ul>
 *   <li>{@code directCall}: {@code agent.execute(request, context)} on the benchmark thread.
 *   <li>{@code oneCallerOneResource}: one caller queues a monitor and waits for its result, again
 *       and again: the round trip caller → resource queue → worker thread → agent → notification
 *       thread → caller.
 *   <li>{@code fourCallersOwnResources}: the same from four threads, each on its own resource.
 *   <li>{@code batchOneResource}: {@value #BATCH} monitors of one resource queued at once, then all
 *       awaited; the resource's serial queue runs them one after another.
 *   <li>{@code batchManyResources}: {@value #BATCH} monitors of {@value #BATCH} resources queued at
 *       once, then all awaited; they run in parallel up to the executor's action limit (twice the
 *       processors).
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class ExecutorJmh {

  /** Operations queued at once by the batch benchmarks. */
  public static final int BATCH = 64;

  /** Callers of {@code fourCallersOwnResources}. */
  public static final int CALLERS = 4;

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final long WAIT_SECONDS = 30;

  /** Which agent: {@code dummy} (ocf:paceline:Dummy) or {@code noop} (ocf:bench:Noop). */
  @Param({"dummy", "noop"})
  public String agent;

  private Path stateDir;
  private ResourceAgent raw;
  private NodeExecutor executor;
  private OperationContext directContext;
  private OperationRequest single;
  private OperationRequest[] many;
  private OperationRequest[] callers;

  /** Each caller thread's own resource. */
  @State(Scope.Thread)
  public static class Caller {
    private static final AtomicInteger NEXT = new AtomicInteger();
    int index;

    /** Takes the next free resource. */
    @Setup(Level.Trial)
    public void pick() {
      index = NEXT.getAndIncrement() % CALLERS;
    }
  }

  /** Starts the executor and every resource the benchmarks use. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    stateDir = Files.createTempDirectory("executor-jmh");
    raw =
        switch (agent) {
          case "dummy" -> new DummyAgent();
          case "noop" -> new NoopAgent();
          default -> throw new IllegalArgumentException("agent must be dummy or noop: " + agent);
        };
    executor = new NodeExecutor(ExecutorSettings.defaults("bench", stateDir), new FixedAgents(raw));
    directContext = new OperationContext("bench", stateDir, Instant.now().plus(Duration.ofDays(1)));
    single = monitor("single");
    many = new OperationRequest[BATCH];
    for (int i = 0; i < BATCH; i++) {
      many[i] = monitor("many" + i);
    }
    callers = new OperationRequest[CALLERS];
    for (int i = 0; i < CALLERS; i++) {
      callers[i] = monitor("caller" + i);
    }
    start(single);
    for (OperationRequest r : many) {
      start(r);
    }
    for (OperationRequest r : callers) {
      start(r);
    }
    check(await(executor.execute(raw.id(), single)).result());
    check(raw.execute(single, directContext));
  }

  /** Stops the executor and deletes the state files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    executor.close();
    try (Stream<Path> files = Files.walk(stateDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The agent called directly, no executor. */
  @Benchmark
  public OperationResult directCall() throws InterruptedException {
    return raw.execute(single, directContext);
  }

  /** One caller, one resource, one operation at a time. */
  @Benchmark
  public ExecutedOperation oneCallerOneResource() throws Exception {
    return await(executor.execute(raw.id(), single));
  }

  /** Four callers, each on its own resource, one operation at a time each. */
  @Benchmark
  @Threads(CALLERS)
  public ExecutedOperation fourCallersOwnResources(Caller caller) throws Exception {
    return await(executor.execute(raw.id(), callers[caller.index]));
  }

  /** {@value #BATCH} operations of one resource queued at once. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void batchOneResource(Blackhole bh) throws Exception {
    List<CompletableFuture<ExecutedOperation>> futures = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      futures.add(executor.execute(raw.id(), single));
    }
    for (CompletableFuture<ExecutedOperation> f : futures) {
      bh.consume(await(f));
    }
  }

  /** {@value #BATCH} operations of {@value #BATCH} resources queued at once. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void batchManyResources(Blackhole bh) throws Exception {
    List<CompletableFuture<ExecutedOperation>> futures = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      futures.add(executor.execute(raw.id(), many[i]));
    }
    for (CompletableFuture<ExecutedOperation> f : futures) {
      bh.consume(await(f));
    }
  }

  private static OperationRequest monitor(String resource) {
    return OperationRequest.of(resource, AgentAction.MONITOR, Map.of(), TIMEOUT);
  }

  private void start(OperationRequest monitor) throws Exception {
    OperationRequest start =
        OperationRequest.of(monitor.resourceId(), AgentAction.START, Map.of(), TIMEOUT);
    check(await(executor.execute(raw.id(), start)).result());
  }

  private static ExecutedOperation await(CompletableFuture<ExecutedOperation> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static void check(OperationResult r) {
    if (r.status() != ExecutionStatus.DONE || r.rc() != OcfResultCode.OK) {
      throw new IllegalStateException(
          "expected OCF_SUCCESS, got " + r.status() + " " + r.rc() + " " + r.exitReason());
    }
  }
}
