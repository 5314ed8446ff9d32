package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.executor.AgentDirectory;
import org.paceline.executor.ExecutedOperation;
import org.paceline.executor.Executor;
import org.paceline.executor.ExecutorStatus;
import org.paceline.executor.OperationListener;
import org.paceline.executor.RecurringOperation;

class RunRoutesTest {

  private static final Instant QUEUED = Instant.parse("2025-01-01T00:00:00Z");

  /** An executor that answers each call with what {@link #answer} makes of it. */
  private static final class FakeExecutor implements Executor {
    final List<OperationRequest> requests = new CopyOnWriteArrayList<>();
    final List<AgentId> agents = new CopyOnWriteArrayList<>();
    volatile BiFunction<AgentId, OperationRequest, CompletableFuture<ExecutedOperation>> answer =
        (a, r) ->
            CompletableFuture.completedFuture(
                op(
                    a,
                    r,
                    OperationResult.done(OcfResultCode.OK, "", QUEUED, Duration.ofMillis(35))));

    @Override
    public CompletableFuture<ExecutedOperation> execute(AgentId agent, OperationRequest request) {
      agents.add(agent);
      requests.add(request);
      return answer.apply(agent, request);
    }

    @Override
    public RecurringOperation startRecurring(
        AgentId agent, OperationRequest request, OperationListener listener) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int cancel(String resourceId, AgentAction action, Duration interval) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int cancelAll(String resourceId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<RecurringOperation> recurring() {
      return List.of();
    }

    @Override
    public ExecutorStatus status() {
      throw new UnsupportedOperationException();
    }

    @Override
    public AgentDirectory agents() {
      throw new UnsupportedOperationException();
    }
  }

  static ExecutedOperation op(AgentId agent, OperationRequest request, OperationResult result) {
    return new ExecutedOperation(
        7, agent, request, result, QUEUED, Duration.ofMillis(3), Duration.ofMillis(35));
  }

  private final FakeExecutor executor = new FakeExecutor();
  private volatile Optional<Executor> installed = Optional.of(executor);
  private final AgentCatalog catalog = new AgentCatalog();
  private final AdminApi api =
      new AdminApi(AdminApiTest.config(), catalog, QUEUED, ClusterView.none(), () -> installed);
  private final ExecutorService threads = Executors.newFixedThreadPool(5);

  RunRoutesTest() {
    AgentMetadata md = new AgentMetadata("Dummy", "1.0", "", "", List.of(), List.of());
    catalog.add(
        new AgentCatalog.Entry(
            AgentCatalog.Kind.RESOURCE,
            "ocf:heartbeat:Dummy",
            AgentCatalog.Source.fixed(md, List.of()),
            "org.paceline.ra.ocf",
            "0.1.0",
            11));
    catalog.add(
        new AgentCatalog.Entry(
            AgentCatalog.Kind.FENCE,
            "stonith:fence_dummy",
            AgentCatalog.Source.fixed(md, List.of()),
            "org.example",
            "1.0",
            12));
  }

  @AfterEach
  void close() throws InterruptedException {
    api.close();
    threads.shutdownNow();
    assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private AdminApi.Response post(String path, String body) {
    return api.handle("POST", path, body, QUEUED);
  }

  @Test
  void runsTheOperationAndAnswersWithItsResult() {
    AdminApi.Response r =
        post(
            "/api/v1/agents/ocf:heartbeat:Dummy/run",
            "{\"action\":\"start\",\"resource\":\"web\",\"params\":{\"fake\":\"x\"},"
                + "\"meta\":{\"clone-max\":2},\"timeout\":\"5s\"}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().toString())
        .isEqualTo(
            "{\"node\":\"n1\",\"agent\":\"ocf:heartbeat:Dummy\",\"resource\":\"web\","
                + "\"action\":\"start\",\"intervalMillis\":0,\"timeoutMillis\":5000,"
                + "\"callId\":7,\"status\":\"DONE\",\"rc\":0,\"rcName\":\"OCF_SUCCESS\","
                + "\"rcText\":\"ok\",\"exitReason\":\"\",\"output\":\"\","
                + "\"queued\":\"2025-01-01T00:00:00Z\",\"queueTimeMillis\":3,"
                + "\"runTimeMillis\":35}");
    assertThat(executor.agents).containsExactly(AgentId.ocf("heartbeat", "Dummy"));
    assertThat(executor.requests)
        .containsExactly(
            new OperationRequest(
                "web",
                AgentAction.START,
                Map.of("fake", "x"),
                Map.of("clone-max", "2"),
                Duration.ofSeconds(5),
                Duration.ZERO));
  }

  @Test
  void aTimeoutIsAnAnswerToo() {
    executor.answer =
        (a, req) ->
            CompletableFuture.completedFuture(
                op(
                    a,
                    req,
                    new OperationResult(
                        ExecutionStatus.TIMEOUT,
                        OcfResultCode.ERR_GENERIC,
                        "timed out after 2000 ms",
                        "half a line",
                        QUEUED,
                        Duration.ofSeconds(2))));

    JsonNode body =
        post(
                "/api/v1/agents/ocf:heartbeat:Dummy/run",
                "{\"action\":\"monitor\",\"resource\":\"web\",\"interval\":10000}")
            .body();

    assertThat(body.get("status").asText()).isEqualTo("TIMEOUT");
    assertThat(body.get("rc").asInt()).isEqualTo(1);
    assertThat(body.get("rcName").asText()).isEqualTo("OCF_ERR_GENERIC");
    assertThat(body.get("exitReason").asText()).isEqualTo("timed out after 2000 ms");
    assertThat(body.get("output").asText()).isEqualTo("half a line");
    assertThat(body.get("intervalMillis").asLong()).isEqualTo(10_000);
  }

  @Test
  void badBodyIs400AndRunsNothing() {
    AdminApi.Response r =
        post("/api/v1/agents/ocf:heartbeat:Dummy/run", "{\"action\":\"begin\",\"resource\":\"w\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("error").asText()).startsWith("action: unknown action \"begin\"");
    assertThat(executor.requests).isEmpty();
  }

  @Test
  void unknownAgentIs404() {
    AdminApi.Response r =
        post("/api/v1/agents/ocf:heartbeat:Nope/run", "{\"action\":\"start\",\"resource\":\"w\"}");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body().get("error").asText())
        .isEqualTo("no agent 'ocf:heartbeat:Nope' on node n1 (see ra list)");
  }

  @Test
  void badAgentIdIs400() {
    AdminApi.Response r =
        post("/api/v1/agents/ocf:Dummy/run", "{\"action\":\"start\",\"resource\":\"w\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("error").asText()).startsWith("bad agent 'ocf:Dummy': ");
  }

  @Test
  void fenceAgentsAreNotRunHere() {
    AdminApi.Response r =
        post("/api/v1/agents/stonith:fence_dummy/run", "{\"action\":\"start\",\"resource\":\"w\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("error").asText())
        .startsWith("stonith:fence_dummy is a fence agent; ra run runs resource agents");
  }

  @Test
  void withoutTheExecutor503() {
    installed = Optional.empty();

    AdminApi.Response r =
        post("/api/v1/agents/ocf:heartbeat:Dummy/run", "{\"action\":\"start\",\"resource\":\"w\"}");

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.body().get("error").asText())
        .isEqualTo(
            "the executor is not running on node n1 (bundle org.paceline.executor); agents cannot"
                + " be run");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PUT", "DELETE"})
  void onlyPostRuns(String method) {
    AdminApi.Response r = api.handle(method, "/api/v1/agents/ocf:heartbeat:Dummy/run", "", QUEUED);

    assertThat(r.status()).isEqualTo(405);
    assertThat(r.body().get("error").asText()).endsWith("(use POST)");
  }

  @Test
  void noAnswerInTimeIs504() {
    executor.answer = (a, req) -> new CompletableFuture<>();
    RunRoutes runs = new RunRoutes("n1", catalog, () -> installed, Duration.ofMillis(100));

    AdminApi.Response r =
        runs.run(
            "ocf:heartbeat:Dummy",
            "{\"action\":\"start\",\"resource\":\"w\",\"timeout\":\"100ms\"}");

    assertThat(r.status()).isEqualTo(504);
    assertThat(r.body().get("error").asText())
        .isEqualTo(
            "no result for ocf:heartbeat:Dummy start w within 200 ms; it may still be running"
                + " (see node n1's log)");
  }

  @Test
  void atMostFourRunsWaitAtOnce() throws Exception {
    CompletableFuture<ExecutedOperation> never = new CompletableFuture<>();
    List<OperationRequest> pending = new CopyOnWriteArrayList<>();
    executor.answer =
        (a, req) -> {
          pending.add(req);
          return never.thenApply(x -> op(a, req, x.result()));
        };
    List<Future<AdminApi.Response>> waiting = new ArrayList<>();
    for (int i = 0; i < RunRoutes.MAX_RUNNING; i++) {
      String body = "{\"action\":\"start\",\"resource\":\"r" + i + "\",\"timeout\":\"1m\"}";
      waiting.add(threads.submit(() -> post("/api/v1/agents/ocf:heartbeat:Dummy/run", body)));
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> pending.size() == RunRoutes.MAX_RUNNING);

    AdminApi.Response fifth =
        post(
            "/api/v1/agents/ocf:heartbeat:Dummy/run", "{\"action\":\"start\",\"resource\":\"r9\"}");

    assertThat(fifth.status()).isEqualTo(503);
    assertThat(fifth.body().get("error").asText())
        .isEqualTo("4 runs are in progress on node n1; try again later");
    never.complete(
        op(
            AgentId.ocf("heartbeat", "Dummy"),
            pending.get(0),
            OperationResult.done(OcfResultCode.OK, "", QUEUED, Duration.ZERO)));
    for (Future<AdminApi.Response> w : waiting) {
      assertThat(w.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    }
    assertThat(
            post(
                    "/api/v1/agents/ocf:heartbeat:Dummy/run",
                    "{\"action\":\"stop\",\"resource\":\"r9\"}")
                .status())
        .isEqualTo(200);
  }
}
