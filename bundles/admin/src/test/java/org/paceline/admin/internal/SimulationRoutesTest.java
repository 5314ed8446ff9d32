package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.config.AdminSettings;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.LoggingConfig;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.config.NodeSettings;
import org.paceline.api.config.QuorumConfig;
import org.paceline.api.config.TotemConfig;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingStatus;
import org.paceline.api.ring.RingView;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Membership;
import org.paceline.scheduler.SchedulerInput;
import org.paceline.scheduler.WhatIf;
import org.paceline.scheduler.tools.SimulationException;
import org.paceline.scheduler.tools.SimulationTool;

/**
 * {@code POST /simulate} and {@code GET /explain/{resource}} through the real {@link AdminApi}: a
 * three-node cluster whose ring holds n1 and n2, over a one-node CIB with the real change rules.
 * The expected text is what the scheduler's {@link SimulationTool} prints for the same input built
 * by hand (the CIB as XML, n1 and n2 up, n3 down, quorate), as {@code paceline simulate --live}
 * builds it.
 */
class SimulationRoutesTest {

  private static final String DATE = "2026-01-31 12:00:00";

  private static final String CRM =
      """
      node 1: n1
      node 2: n2
      node 3: n3
      primitive web ocf:pacemaker:Dummy op monitor interval=10s
      primitive db ocf:pacemaker:Dummy
      location web-prefers-n2 web 100: n2
      property stonith-enabled=false
      """;

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final ConfigurationRoutesTest.LocalCib cib = new ConfigurationRoutesTest.LocalCib();
  private final AtomicReference<EventFeed> feed = new AtomicReference<>();
  private final List<Integer> members = new ArrayList<>(List.of(1, 2));

  private final ClusterView live =
      new ClusterView() {
        @Override
        public Optional<RingStatus> ring() {
          RingView view = new RingView(new RingId(7, 1), members, List.of(), List.of());
          return Optional.of(
              new RingStatus(1, "OPERATIONAL", view, Map.of(), RingStatus.FaultSpec.none()));
        }

        @Override
        public Optional<QuorumState> quorum() {
          return Optional.of(
              new QuorumState(new RingId(7, 1), true, members, 2, 3, 2, "2 of 3 votes"));
        }

        @Override
        public boolean setFaults(RingStatus.FaultSpec faults) {
          return false;
        }
      };

  private final AdminApi api =
      new AdminApi(
          threeNodes(),
          new AgentCatalog(),
          Instant.EPOCH,
          live,
          Optional::empty,
          () -> Optional.of(cib),
          Map::of,
          () -> Optional.ofNullable(feed.get()));

  @AfterEach
  void close() {
    api.close();
  }

  /** Node n1 of cluster alpha, with n2 and n3. */
  static NodeConfiguration threeNodes() {
    Path d = Path.of("/tmp/paceline-admin-test/n1");
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
            List.of(
                new ClusterNode(1, "n1", "127.0.0.1", 1),
                new ClusterNode(2, "n2", "127.0.0.2", 1),
                new ClusterNode(3, "n3", "127.0.0.3", 1)),
            new QuorumConfig(
                "", 0, false, false, false, Duration.ofSeconds(10), false, "lowest", List.of()),
            new LoggingConfig(false, null, true, false, true));
    NodeSettings node =
        new NodeSettings(
            "n1",
            d.resolve("state"),
            d.resolve("deploy"),
            new AdminSettings("127.0.0.1", 0, d.resolve("credential")));
    return new NodeConfiguration(d, cluster, node);
  }

  private void configure() {
    cib.cib = new Cib(CrmParser.parse(CRM), Cib.EMPTY.status(), Cib.EMPTY.versions());
  }

  private AdminApi.Response post(String body) {
    return api.handle("POST", "/api/v1/simulate", body, Instant.EPOCH);
  }

  private AdminApi.Response get(String path) {
    return api.handle("GET", "/api/v1" + path, Instant.EPOCH);
  }

  /** The input {@code simulate --live} builds here: the CIB's XML, n1 and n2 up, n3 down. */
  private SimulationTool.Loaded expectedInput() throws SimulationException {
    String xml = get("/configuration/xml").body().path("text").asText();
    SimulationTool.Loaded loaded =
        SimulationTool.readXml(xml, "test", SimulationTool.parseDate(DATE));
    SchedulerInput in = loaded.input();
    in = WhatIf.nodeUp(in, "n1");
    in = WhatIf.nodeUp(in, "n2");
    in = WhatIf.nodeDown(in, "n3");
    return loaded.withInput(in.withQuorum(true));
  }

  @Test
  void simulatePrintsWhatTheCliPrintsAndTheTransition() throws Exception {
    configure();
    AdminApi.Response r = post("{\"date\": \"" + DATE + "\"}");

    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    String text = r.body().path("text").asText();
    assertThat(text).isEqualTo(SimulationTool.simulate(expectedInput(), false));
    assertThat(text)
        .contains("Current cluster status:", "Transition Summary:", "Revised Cluster Status:");
    assertThat(r.body().path("quorate").asBoolean()).isTrue();
    assertThat(r.body().path("now").asText()).isEqualTo("2026-01-31T12:00:00Z");
    assertThat(r.body().path("versions").asText()).isEqualTo(cib.cib.versions().toString());
    JsonNode start = action(r.body(), "web_start_0");
    assertThat(start.path("node").asText()).isEqualTo("n2");
    assertThat(start.path("task").asText()).isEqualTo("start");
    assertThat(start.path("agent").asText()).isEqualTo("ocf:pacemaker:Dummy");
    assertThat(start.path("pseudo").asBoolean()).isFalse();
    // the recurring monitor waits for the start
    JsonNode monitor = action(r.body(), "web_monitor_10000");
    assertThat(monitor.path("intervalMs").asLong()).isEqualTo(10_000);
    assertThat(monitor.path("after").toString()).contains(String.valueOf(start.path("id").asInt()));
    assertThat(r.body().path("summary").toString()).contains("\"subject\":\"web\"");
    assertThat(r.body().path("placements").toString()).contains("\"targetNode\":\"n2\"");
  }

  private static JsonNode action(JsonNode body, String key) {
    for (JsonNode a : body.path("transition")) {
      if (a.path("key").asText().equals(key)) {
        return a;
      }
    }
    throw new AssertionError("no action " + key + " in " + body.path("transition"));
  }

  @Test
  void whatIfsApplyInTheCliOrderAndScoresAreShownOnRequest() throws Exception {
    configure();
    AdminApi.Response r =
        post(
            "{\"nodeUp\": [\"n3\"], \"nodeDown\": [\"n2\"], \"showScores\": true, \"date\": \""
                + DATE
                + "\"}");

    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    SimulationTool.Loaded expected =
        SimulationTool.apply(
            expectedInput(),
            List.of(
                new SimulationTool.WhatIfStep(SimulationTool.WhatIfKind.NODE_UP, "n3"),
                new SimulationTool.WhatIfStep(SimulationTool.WhatIfKind.NODE_DOWN, "n2")));
    assertThat(r.body().path("text").asText()).isEqualTo(SimulationTool.simulate(expected, true));
    assertThat(r.body().path("text").asText()).contains("Allocation scores:");
    assertThat(action(r.body(), "web_start_0").path("node").asText()).isNotEqualTo("n2");
  }

  @Test
  void explainGivesTheCliLinesAndTheirData() throws Exception {
    configure();
    AdminApi.Response r = get("/explain/web?date=" + DATE.replace(" ", "%20"));

    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    List<String> lines = SimulationTool.explain(expectedInput(), "web");
    List<String> got = new ArrayList<>();
    r.body().path("lines").forEach(l -> got.add(l.asText()));
    assertThat(got).isEqualTo(lines);
    assertThat(r.body().path("text").asText()).isEqualTo(String.join("\n", lines) + "\n");
    JsonNode scores = r.body().path("scores");
    assertThat(scores.path("chosen").asText()).isEqualTo("n2");
    assertThat(scores.path("scores").path("n2").asInt()).isGreaterThan(0);
    assertThat(scores.path("contributions").toString()).contains("web-prefers-n2");
    assertThat(r.body().path("placements").get(0).path("targetNode").asText()).isEqualTo("n2");
    // with a what-if in the query
    AdminApi.Response down = get("/explain/web?nodeDown=n2&date=" + DATE.replace(" ", "%20"));
    assertThat(down.status()).as(down.body().toString()).isEqualTo(200);
    assertThat(down.body().path("scores").path("chosen").asText()).isEqualTo("n1");
  }

  @Test
  void badWhatIfsAndUnknownNamesAreRefusedNamingTheProblem() {
    configure();
    assertThat(error(post("{\"nodeUp\": [\"n9\"]}"))).startsWith("nodeUp[0] 'n9': ").contains("n9");
    assertThat(error(post("{\"nodeDown\": [\"n1\", \"n8\"]}"))).startsWith("nodeDown[1] 'n8'");
    assertThat(error(post("{\"opFail\": [\"garbage\"]}"))).startsWith("opFail[0] 'garbage': ");
    assertThat(error(post("{\"opFail\": [\"ghost_monitor_10000@n1=7\"]}"))).contains("ghost");
    assertThat(error(post("{\"nodeup\": [\"n1\"]}"))).contains("unknown field 'nodeup'");
    assertThat(error(post("{\"nodeUp\": [1]}"))).contains("'nodeUp'");
    assertThat(error(post("{\"showScores\": \"yes\"}"))).contains("showScores");
    assertThat(error(post("{\"date\": \"soon\"}"))).startsWith("date: ").contains("soon");
    assertThat(error(post("[1]"))).contains("JSON object");
    assertThat(error(get("/explain/nope"))).contains("nope");
    assertThat(error(get("/explain/web?nodeFail=n7"))).startsWith("nodeFail[0] 'n7'");
    assertThat(error(get("/explain/web?bogus=1"))).contains("unknown query parameter 'bogus'");
  }

  private static String error(AdminApi.Response r) {
    assertThat(r.status()).as(r.body().toString()).isEqualTo(400);
    return r.body().path("error").asText();
  }

  @Test
  void withoutTheCibBothRoutesSayWhy() {
    try (AdminApi bare = new AdminApi(threeNodes(), new AgentCatalog(), Instant.EPOCH)) {
      AdminApi.Response s = bare.handle("POST", "/api/v1/simulate", "{}", Instant.EPOCH);
      assertThat(s.status()).isEqualTo(503);
      assertThat(s.body().path("error").asText()).contains("CIB is not running");
      assertThat(bare.handle("GET", "/api/v1/explain/web", Instant.EPOCH).status()).isEqualTo(503);
    }
  }

  @Test
  void aSimulationIsNotRecordedAsAnOperatorActionAndAConfigurationChangeIs() throws IOException {
    configure();
    try (TestEventLog events = new TestEventLog(dir.resolve("events"))) {
      feed.set(events.feed);
      AdminApi.Response r =
          api.handleAsync("POST", "/api/v1/simulate", "{}", Instant.EPOCH, "admin@127.0.0.1")
              .join();
      assertThat(r.status()).isEqualTo(200);
      assertThat(events.emitted).isEmpty();
      String body =
          json.createObjectNode()
              .set("configuration", get("/configuration/json").body().path("configuration"))
              .toString();
      cib.cib = Cib.EMPTY;
      api.handleAsync("POST", "/api/v1/configuration/json", body, Instant.EPOCH, "admin@127.0.0.1")
          .join();
      assertThat(events.emitted).hasSize(1);
      assertThat(events.emitted.get(0).toString()).contains("POST /configuration/json");
      feed.set(null);
    }
  }

  @Test
  void theLiveMembershipKeepsAnUncleanNodeUncleanAndAddsNodesTheCibLacks() throws Exception {
    SchedulerInput in = SchedulerInput.fresh(CrmParser.parse(CRM));
    in = WhatIf.nodeFail(in, "n3");
    SimulationTool.Loaded loaded = new SimulationTool.Loaded(in, Instant.EPOCH, null);
    JsonNode status =
        json.readTree(
            "{\"quorate\": false, \"quorum\": {\"quorate\": false},"
                + " \"nodes\": [{\"name\": \"n1\", \"id\": 1, \"state\": \"standby\"},"
                + " {\"name\": \"n2\", \"id\": 2, \"state\": \"offline\"},"
                + " {\"name\": \"n3\", \"id\": 3, \"state\": \"unclean\"},"
                + " {\"name\": \"n4\", \"id\": 4, \"state\": \"online\"}]}");

    SchedulerInput out = LiveMembership.withMembership(loaded, status).input();

    assertThat(out.status().node("n1").orElseThrow().membership()).isEqualTo(Membership.ONLINE);
    assertThat(out.status().node("n2").orElseThrow().membership()).isEqualTo(Membership.OFFLINE);
    assertThat(out.status().node("n3").orElseThrow().membership()).isEqualTo(Membership.UNCLEAN);
    assertThat(out.configuration().node("n4")).isPresent();
    assertThat(out.status().node("n4").orElseThrow().membership()).isEqualTo(Membership.ONLINE);
    assertThat(out.quorate()).isFalse();
  }
}
