package org.paceline.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.agent.ParameterSpec;
import org.paceline.api.config.AdminSettings;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.LoggingConfig;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.config.NodeSettings;
import org.paceline.api.config.QuorumConfig;
import org.paceline.api.config.TotemConfig;

public class AdminApiTest {

  private static final Instant STARTED = Instant.parse("2025-01-01T00:00:00Z");
  private static final Path DIR = Path.of("/tmp/paceline-admin-test/n1");

  private static final AgentMetadata DUMMY =
      new AgentMetadata(
          "Dummy",
          "1.0",
          "Example agent",
          "A longer description.",
          List.of(
              ParameterSpec.optional("state", null, "State file"),
              new ParameterSpec("op_sleep", "integer", "0", true, true, "Seconds to sleep", "")),
          List.of(
              ActionSpec.of("start", Duration.ofSeconds(20)),
              new ActionSpec(
                  "monitor", Duration.ofSeconds(20), Duration.ofSeconds(10), 10, "Promoted"),
              new ActionSpec("meta-data", null, Duration.ZERO, 0, null)));

  private final AgentCatalog catalog = new AgentCatalog();
  private final AdminApi api = new AdminApi(config(), catalog, STARTED);

  static NodeConfiguration config() {
    return config(DIR);
  }

  /** The configuration of node n1 of cluster alpha, its files in {@code dir}. */
  public static NodeConfiguration config(Path dir) {
    TotemConfig totem =
        new TotemConfig(
            "alpha",
            Duration.ofMillis(1000),
            Duration.ofMillis(650),
            Duration.ofMillis(1200),
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Duration.ZERO,
            17,
            50,
            1500,
            5405,
            "aes256",
            "sha256");
    ClusterConfig cluster =
        new ClusterConfig(
            totem,
            List.of(new ClusterNode(1, "n1", "127.0.0.1", 1)),
            new QuorumConfig(
                "", 0, false, false, false, Duration.ofSeconds(10), false, "lowest", List.of()),
            new LoggingConfig(false, null, true, false, true));
    NodeSettings node =
        new NodeSettings(
            "n1",
            dir.resolve("state"),
            dir.resolve("deploy"),
            new AdminSettings("127.0.0.1", 0, dir.resolve("credential")));
    return new NodeConfiguration(dir, cluster, node);
  }

  @AfterEach
  void close() {
    api.close();
  }

  private AdminApi.Response get(String path) {
    return api.handle("GET", path, STARTED.plusMillis(1234));
  }

  private void addDummy() {
    catalog.add(
        new AgentCatalog.Entry(
            AgentCatalog.Kind.RESOURCE,
            "ocf:paceline:Dummy",
            AgentCatalog.Source.fixed(DUMMY, List.of("ocf:paceline:Dummy: state dir is odd")),
            "org.paceline.ra.builtin",
            "0.1.0",
            42));
    catalog.add(
        new AgentCatalog.Entry(
            AgentCatalog.Kind.FENCE,
            "stonith:fence_dummy",
            AgentCatalog.Source.fixed(
                new AgentMetadata("fence_dummy", "2.0", "Fake fencing", "", List.of(), List.of()),
                List.of()),
            "org.example.fence",
            "1.2.3",
            43));
  }

  @Test
  void health() {
    AdminApi.Response r = get("/api/v1/health");

    assertEquals(200, r.status());
    assertEquals("n1", r.body().get("node").asText());
    assertEquals("alpha", r.body().get("cluster").asText());
    assertEquals("up", r.body().get("status").asText());
    assertEquals(1234, r.body().get("uptimeMillis").asLong());
  }

  @Test
  void emptyAgentList() {
    AdminApi.Response r = get("/api/v1/agents");

    assertEquals(200, r.status());
    assertEquals("n1", r.body().get("node").asText());
    assertTrue(r.body().get("agents").isArray());
    assertEquals(0, r.body().get("agents").size());
  }

  @Test
  void agentListSummarisesEachAgentInCatalogOrder() {
    addDummy();

    AdminApi.Response r = get("/api/v1/agents");

    assertEquals(200, r.status());
    JsonNode agents = r.body().get("agents");
    assertEquals(2, agents.size());
    JsonNode dummy = agents.get(0);
    assertEquals("ocf:paceline:Dummy", dummy.get("id").asText());
    assertEquals("resource", dummy.get("kind").asText());
    assertEquals("1.0", dummy.get("version").asText());
    assertEquals("Example agent", dummy.get("shortDescription").asText());
    assertEquals("org.paceline.ra.builtin", dummy.get("bundle").asText());
    assertEquals("0.1.0", dummy.get("bundleVersion").asText());
    assertEquals(42, dummy.get("serviceId").asLong());
    assertEquals("ocf", dummy.get("class").asText());
    assertEquals("paceline", dummy.get("provider").asText());
    assertEquals("Dummy", dummy.get("type").asText());
    assertFalse(dummy.get("pending").asBoolean());
    assertEquals("[\"ocf:paceline:Dummy: state dir is odd\"]", dummy.get("warnings").toString());
    assertFalse(dummy.has("parameters"), "the list shows no details");
    JsonNode fence = agents.get(1);
    assertEquals("stonith:fence_dummy", fence.get("id").asText());
    assertEquals("fence", fence.get("kind").asText());
    assertEquals("stonith", fence.get("class").asText());
    assertTrue(fence.get("provider").isNull());
    assertEquals("fence_dummy", fence.get("type").asText());
    assertEquals("2.0", fence.get("version").asText());
    assertEquals(0, fence.get("warnings").size());
    assertEquals(0, r.body().get("pending").asInt());
  }

  @Test
  void agentListShowsTheClassesAndWhyOneIsUnavailable() {
    catalog.addClass(AgentCatalogTest.classEntry("ocf", 1));
    catalog.addClass(
        AgentCatalogTest.classEntry("systemd", 2, Optional.of("systemd is not PID 1 here")));

    JsonNode classes = get("/api/v1/agents").body().get("classes");

    assertEquals(
        "[{\"class\":\"ocf\",\"available\":true,\"reason\":null,\"bundle\":\"org.paceline.ra.ocf\"},"
            + "{\"class\":\"systemd\",\"available\":false,"
            + "\"reason\":\"systemd is not PID 1 here\",\"bundle\":\"org.paceline.ra.systemd\"}]",
        classes.toString());
  }

  @Test
  void agentDetailStartsWithTheWarnings() {
    addDummy();

    JsonNode body = get("/api/v1/agents/ocf:paceline:Dummy").body();

    assertEquals("[\"ocf:paceline:Dummy: state dir is odd\"]", body.get("warnings").toString());
  }

  @Test
  void agentDetailHasParametersAndActions() {
    addDummy();

    AdminApi.Response r = get("/api/v1/agents/ocf:paceline:Dummy");

    assertEquals(200, r.status());
    JsonNode body = r.body();
    assertEquals("ocf:paceline:Dummy", body.get("id").asText());
    assertEquals("resource", body.get("kind").asText());
    assertEquals("A longer description.", body.get("longDescription").asText());

    JsonNode params = body.get("parameters");
    assertEquals(2, params.size());
    JsonNode state = params.get(0);
    assertEquals("state", state.get("name").asText());
    assertEquals("string", state.get("type").asText());
    assertFalse(state.has("default"), "no default key when there is none");
    assertFalse(state.get("required").asBoolean());
    assertFalse(state.get("unique").asBoolean());
    assertEquals("State file", state.get("shortDescription").asText());
    JsonNode sleep = params.get(1);
    assertEquals("op_sleep", sleep.get("name").asText());
    assertEquals("integer", sleep.get("type").asText());
    assertEquals("0", sleep.get("default").asText());
    assertTrue(sleep.get("required").asBoolean());
    assertTrue(sleep.get("unique").asBoolean());

    JsonNode actions = body.get("actions");
    assertEquals(3, actions.size());
    JsonNode start = actions.get(0);
    assertEquals("start", start.get("name").asText());
    assertEquals(20_000, start.get("timeoutMillis").asLong());
    assertFalse(start.has("intervalMillis"));
    assertFalse(start.has("depth"));
    assertFalse(start.has("role"));
    JsonNode monitor = actions.get(1);
    assertEquals("monitor", monitor.get("name").asText());
    assertEquals(10_000, monitor.get("intervalMillis").asLong());
    assertEquals(10, monitor.get("depth").asInt());
    assertEquals("Promoted", monitor.get("role").asText());
    JsonNode metaData = actions.get(2);
    assertEquals("meta-data", metaData.get("name").asText());
    assertFalse(metaData.has("timeoutMillis"), "no timeout key when there is none");
  }

  @Test
  void fenceAgentDetail() {
    addDummy();

    AdminApi.Response r = get("/api/v1/agents/stonith:fence_dummy");

    assertEquals(200, r.status());
    assertEquals("fence", r.body().get("kind").asText());
    assertEquals(0, r.body().get("parameters").size());
    assertEquals(0, r.body().get("actions").size());
  }

  @Test
  void unknownAgentIs404NamingItAndTheNode() {
    addDummy();

    AdminApi.Response r = get("/api/v1/agents/ocf:heartbeat:IPaddr2");

    assertEquals(404, r.status());
    String error = r.body().get("error").asText();
    assertTrue(error.contains("'ocf:heartbeat:IPaddr2'"), error);
    assertTrue(error.contains("n1"), error);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/nothing",
        "/api/v1/",
        "/api/v1",
        "/api/v2/health",
        "/api",
        "/",
        "",
        "/api/v1/healthz",
        "/api/v1/health/x",
        "/api/v1/agentsx"
      })
  void unknownPathIs404(String path) {
    AdminApi.Response r = get(path);

    assertEquals(404, r.status());
    assertTrue(r.body().get("error").asText().contains("no such endpoint"), r.body().toString());
  }

  @Test
  void nullPathIs404() {
    assertEquals(404, get(null).status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "HEAD", "get"})
  void nonGetIs405(String method) {
    addDummy();

    for (String path : List.of("/api/v1/health", "/api/v1/agents", "/api/v1/agents/x")) {
      AdminApi.Response r = api.handle(method, path, STARTED);

      assertEquals(405, r.status(), method + " " + path);
      String error = r.body().get("error").asText();
      assertTrue(error.contains(method), error);
    }
  }

  @Test
  void errorBodyHasOnlyTheMessage() {
    AdminApi.Response r = api.error(401, "authentication required");

    assertEquals(401, r.status());
    assertEquals("{\"error\":\"authentication required\"}", r.body().toString());
  }
}
