package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paceline.cib.service.CibChange;

class NodeAttributeRoutesTest {

  private static final Set<String> NODES = Set.of("n1", "n2");

  private final ConfigurationRoutesTest.LocalCib cib = new ConfigurationRoutesTest.LocalCib();
  private final ConfigurationRoutes configuration =
      new ConfigurationRoutes(new AgentCatalog(), () -> Optional.of(cib));
  private final NodeAttributeRoutes routes =
      new NodeAttributeRoutes(configuration, () -> Optional.of(cib));

  NodeAttributeRoutesTest() {
    cib.propose(new CibChange.ApplyCrm("property stonith-enabled=false\n", false), false);
  }

  private Map<String, String> transientOf(String node) {
    return cib.cib.status().node(node).orElseThrow().transientAttributes();
  }

  @Test
  void aPromotionScoreIsATransientAttributeAndNeedsNoQuorum() {
    cib.quorate = false;
    AdminApi.Response set =
        routes.set(
            "n1", NODES, "{\"name\":\"master-db\",\"value\":\"10\",\"lifetime\":\"reboot\"}");
    assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
    assertThat(set.body().path("changed").asBoolean()).isTrue();
    assertThat(set.body().path("lifetime").asText()).isEqualTo("reboot");
    assertThat(transientOf("n1")).containsEntry("master-db", "10");
    assertThat(cib.applied)
        .last()
        .isEqualTo(new CibChange.SetTransientAttribute("n1", "master-db", "10"));

    AdminApi.Response same = routes.set("n1", NODES, "{\"name\":\"master-db\",\"value\":10}");
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.body().path("changed").asBoolean()).as("reboot is the default").isFalse();

    AdminApi.Response got = routes.get("n1", NODES, "master-db");
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body().path("value").asText()).isEqualTo("10");
    assertThat(got.body().path("transient").asText()).isEqualTo("10");
    assertThat(got.body().path("permanent").isNull()).isTrue();
    assertThat(got.body().path("lifetime").asText()).isEqualTo("reboot");

    AdminApi.Response deleted = routes.set("n1", NODES, "{\"name\":\"master-db\",\"value\":null}");
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body().path("value").isNull()).isTrue();
    assertThat(transientOf("n1")).doesNotContainKey("master-db");
    AdminApi.Response missing = routes.get("n1", NODES, "master-db");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().path("error").asText())
        .isEqualTo("node n1 has no attribute 'master-db'");
    assertThat(missing.body().path("name").asText()).isEqualTo("master-db");
  }

  @Test
  void aForeverAttributeLivesInTheConfigurationAndTheTransientOneWins() {
    AdminApi.Response set =
        routes.set("n2", NODES, "{\"name\":\"rack\",\"value\":\"r1\",\"lifetime\":\"forever\"}");
    assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
    assertThat(cib.cib.configuration().node("n2").orElseThrow().attributes())
        .containsEntry("rack", "r1");
    assertThat(routes.get("n2", NODES, "rack").body().path("lifetime").asText())
        .isEqualTo("forever");

    routes.set("n2", NODES, "{\"name\":\"rack\",\"value\":\"r2\"}");
    AdminApi.Response both = routes.get("n2", NODES, "rack");
    assertThat(both.body().path("value").asText()).isEqualTo("r2");
    assertThat(both.body().path("permanent").asText()).isEqualTo("r1");

    AdminApi.Response all = routes.list("n2", NODES);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.body().path("transient").path("rack").asText()).isEqualTo("r2");
    assertThat(all.body().path("permanent").path("rack").asText()).isEqualTo("r1");

    cib.quorate = false;
    AdminApi.Response noQuorum =
        routes.set("n2", NODES, "{\"name\":\"rack\",\"value\":null,\"lifetime\":\"forever\"}");
    assertThat(noQuorum.status()).isEqualTo(409);
    assertThat(noQuorum.body().path("error").asText()).contains("quorum");
    AdminApi.Response forced =
        routes.set(
            "n2",
            NODES,
            "{\"name\":\"rack\",\"value\":null,\"lifetime\":\"forever\",\"force\":true}");
    assertThat(forced.status()).isEqualTo(200);
    assertThat(cib.cib.configuration().node("n2").orElseThrow().attributes())
        .doesNotContainKey("rack");
  }

  @Test
  void badRequestsNameWhatIsWrong() {
    assertThat(routes.set("n9", NODES, "{\"name\":\"a\",\"value\":\"1\"}").status()).isEqualTo(404);
    assertThat(routes.get("n9", NODES, "a").body().path("error").asText())
        .isEqualTo("no node 'n9' in this cluster (nodes: n1, n2)");
    assertThat(error("{\"value\":\"1\"}")).contains("field 'name'");
    assertThat(error("{\"name\":\"a\"}")).contains("field 'value' is missing");
    assertThat(error("{\"name\":\"a\",\"value\":[1]}")).contains("field 'value' must be");
    assertThat(error("{\"name\":\"a\",\"value\":\"x\\ny\"}")).contains("control characters");
    assertThat(error("{\"name\":\" a\",\"value\":\"1\"}")).contains("field 'name'");
    assertThat(error("{\"name\":\"a\",\"value\":\"1\",\"lifetime\":\"week\"}"))
        .contains("'week', not reboot");
    assertThat(error("not json")).contains("not valid JSON");
    assertThat(error("")).contains("needs a JSON body");
    assertThat(cib.applied).hasSize(1);
  }

  private String error(String body) {
    AdminApi.Response r = routes.set("n1", NODES, body);
    assertThat(r.status()).as(body).isEqualTo(400);
    return r.body().path("error").asText();
  }

  @Test
  void theApiRoutesByMethodAndPath() {
    AdminApi api =
        new AdminApi(
            AdminApiTest.config(),
            new AgentCatalog(),
            Instant.EPOCH,
            ClusterView.none(),
            Optional::empty,
            () -> Optional.of(cib),
            Map::of);
    try {
      Instant now = Instant.EPOCH;
      String body = "{\"name\":\"state\",\"value\":\"5\"}";
      assertThat(api.handle("POST", "/api/v1/nodes/n1/attributes", body, now).status())
          .isEqualTo(200);
      AdminApi.Response got = api.handle("GET", "/api/v1/nodes/n1/attributes/state", now);
      assertThat(got.status()).as("an attribute may be called state").isEqualTo(200);
      assertThat(got.body().path("value").asText()).isEqualTo("5");
      assertThat(
              api.handle("GET", "/api/v1/nodes/n1/attributes", now)
                  .body()
                  .path("transient")
                  .path("state")
                  .asText())
          .isEqualTo("5");
      assertThat(api.handle("DELETE", "/api/v1/nodes/n1/attributes", now).status()).isEqualTo(405);
      assertThat(api.handle("POST", "/api/v1/nodes/n1/attributes/state", body, now).status())
          .isEqualTo(405);
      assertThat(api.handle("GET", "/api/v1/nodes/n1/attributes/", now).status()).isEqualTo(404);
      assertThat(api.handle("GET", "/api/v1/nodes/n2/attributes/state", now).status())
          .as("the test configuration has one node")
          .isEqualTo(404);
    } finally {
      api.close();
    }
  }
}
