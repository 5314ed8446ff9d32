package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  private static AdminApi.Response answer(String text) {
    return Responses.error(200, text);
  }

  private final RouteTable table =
      new RouteTable()
          .add("GET", "/nodes/{name}", c -> answer("node " + c.param("name")))
          .add("GET", "/nodes/{name}/attributes", c -> answer("attrs " + c.param("name")))
          .add("POST", "/nodes/{name}/attributes", c -> answer("set"))
          .add("GET", "/nodes/local", c -> answer("local"));

  @Test
  void wordsWinOverParametersAndParametersAreWholeSegments() {
    RouteTable.Lookup local = table.find("GET", "/nodes/local");
    RouteTable.Lookup n1 = table.find("GET", "/nodes/n1");

    assertThat(local.route().orElseThrow().template()).isEqualTo("/nodes/local");
    assertThat(n1.route().orElseThrow().template()).isEqualTo("/nodes/{name}");
    assertThat(n1.params()).isEqualTo(Map.of("name", "n1"));
    assertThat(table.find("GET", "/nodes/").route()).isEmpty();
    assertThat(table.find("GET", "/nodes/").allowed()).isEmpty();
    assertThat(table.find("GET", "/nodes/n1/attributes/x").route()).isEmpty();
  }

  @Test
  void anotherMethodOfAKnownPathIsReportedAsAllowed() {
    RouteTable.Lookup delete = table.find("DELETE", "/nodes/n1/attributes");

    assertThat(delete.route()).isEmpty();
    assertThat(delete.allowed()).containsExactly("GET", "POST");
  }

  @Test
  void badOrDuplicateTemplatesAreRefused() {
    assertThatThrownBy(() -> table.add("GET", "/nodes/{name}", c -> answer("again")))
        .hasMessageContaining("already a route");
    assertThatThrownBy(() -> new RouteTable().add("GET", "nodes", c -> answer("")))
        .hasMessageContaining("bad template");
    assertThatThrownBy(() -> new RouteTable().add("GET", "/nodes/", c -> answer("")))
        .hasMessageContaining("bad template");
    assertThatThrownBy(() -> new RouteTable().add("GET", "/a/{b c}", c -> answer("")))
        .hasMessageContaining("bad segment");
  }

  @Test
  void queriesAreDecodedAndRepeatable() {
    Map<String, List<String>> q = RouteTable.parseQuery("type=a%2Cb&type=c&from=3&flag&x=%zz");

    assertThat(q.get("type")).containsExactly("a,b", "c");
    assertThat(q.get("from")).containsExactly("3");
    assertThat(q.get("flag")).containsExactly("");
    assertThat(q.get("x")).containsExactly("%zz");
    assertThat(RouteTable.parseQuery(null)).isEmpty();
    RouteTable.Call call = new RouteTable.Call("/p", Map.of(), q, null, Instant.EPOCH);
    assertThat(call.first("type")).contains("c");
    assertThat(call.first("none")).isEmpty();
    assertThat(call.body()).isEmpty();
  }

  @Test
  void theApiListsEveryRouteOnceAndAnswersAQueryPath() {
    try (AdminApi api = new AdminApi(AdminApiTest.config(), new AgentCatalog(), Instant.EPOCH)) {
      List<String> routes =
          api.routes().stream().map(r -> r.method() + " " + r.template()).toList();

      assertThat(routes)
          .contains("GET /status", "GET /events", "POST /nodes/{name}/fence")
          .doesNotHaveDuplicates();
      assertThat(api.handle("GET", "/api/v1/health?verbose=1", Instant.EPOCH).status())
          .isEqualTo(200);
    }
  }
}
