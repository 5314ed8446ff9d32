package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.xml.CibXml;
import org.paceline.cib.xml.XmlLimits;

/**
 * {@code GET} and {@code POST /configuration/json} through the real {@link AdminApi} over a
 * one-node CIB with the real change rules: the JSON rendering round-trips (the configuration read
 * back is equal, so its crm text is too), for our own configurations and Pacemaker's scheduler
 * regression CIBs; bad JSON is refused naming the JSON path of the bad element.
 */
class ConfigurationJsonTest {

  private final ObjectMapper json = new ObjectMapper();
  private final ConfigurationRoutesTest.LocalCib cib = new ConfigurationRoutesTest.LocalCib();
  private final AdminApi api =
      new AdminApi(
          AdminApiTest.config(),
          new AgentCatalog(),
          Instant.EPOCH,
          ClusterView.none(),
          Optional::empty,
          () -> Optional.of(cib),
          Map::of);

  @AfterEach
  void close() {
    api.close();
  }

  static final String WEB_SERVICE =
      """
      node 1: alpha
      node 2: beta
      primitive vip ocf:heartbeat:IPaddr2 \\
          params ip=192.168.122.100 cidr_netmask=24 \\
          op monitor interval=10s timeout=20s
      primitive www-data ocf:heartbeat:Filesystem \\
          params device="nfs-server:/export" directory=/srv/www fstype=nfs \\
          op start timeout=60s op stop timeout=60s \\
          op monitor interval=20s timeout=40s
      primitive web ocf:heartbeat:apache \\
          params configfile=/etc/apache2/apache2.conf \\
          meta description="the \\"web\\" <server> & more"
      group web-group vip www-data web
      location prefer-alpha web-group 100: alpha
      colocation web-with-data inf: web www-data
      order data-before-web Mandatory: www-data web
      property fencing-enabled=false no-quorum-policy=ignore
      rsc_defaults resource-stickiness=100
      """;

  static final String CRMSH_STYLE =
      """
      node node1 \\
          attributes mem=16G
      node node2 utilization cpu=4
      primitive st stonith:ssh \\
          params hostlist='node1 node2' \\
          op start requires=nothing timeout=60s \\
          op monitor interval=60m timeout=60s
      primitive d1 ocf:pacemaker:Dummy \\
          op monitor interval=60m \\
          op monitor interval=120m OCF_CHECK_LEVEL=10
      primitive d2 ocf:heartbeat:Delay params mondelay=60
      group g1 d1 d2
      primitive d3 ocf:pacemaker:Dummy
      clone c d3 meta clone-max=1
      primitive s5 ocf:pacemaker:Stateful
      clone m5 s5 meta promotable=true
      location l2 c \\
          rule $id=l2-rule1 100: #uname eq node1
      location l5 m5 \\
          rule -inf: not_defined pingd or pingd number:lte 0 \\
          rule date lt "2009-05-26" and \\
              date in start="2009-05-26" end="2009-07-26"
      location no-probe d3 resource-discovery=never -inf: node1
      colocation c2 inf: m5:Promoted d1:Started
      order o2 Optional: d1:start m5:promote
      colocation c3 inf: d1 ( d2 d3 )
      order o5 Mandatory: d1 [ d2 d3 ] m5:promote
      fencing_topology st
      property fencing-enabled=true
      rsc_defaults failure-timeout=10m
      op_defaults record-pending=true
      tag t1: m5 c
      """;

  static final String TEMPLATES =
      """
      node 1: alpha attributes rack=1
      node 2: beta:remote
      rsc_template web-tpl apache params configfile=/etc/apache2/apache2.conf \\
          op monitor interval=30s timeout=20s
      primitive web1 @web-tpl params port=8080
      primitive web2 @web-tpl op monitor interval=30s timeout=60s
      primitive fence-a stonith:fence_ipmilan params ip=10.0.0.1
      group g web1 web2
      location l-nested g \\
          rule -inf: ( not_defined pingd or pingd number:lte 0 ) and #kind ne remote
      location l-pattern /web.*/ resource-discovery=exclusive -inf: beta
      location l-sets { web1 web2:Started } 10: alpha
      fencing_topology alpha: fence-a attr:rack=2 fence-a pattern:be.* fence-a
      property night: 5: rule date spec hours=0-6 fencing-enabled=false
      op_defaults slow: rule resource ocf:heartbeat: and op monitor interval=10s \\
          timeout=120s
      """;

  private AdminApi.Response call(String method, String path, String body) {
    return api.handle(method, "/api/v1" + path, body, Instant.EPOCH);
  }

  /** GET json, then POST it (replace) into an empty CIB: the configuration comes back equal. */
  private void assertRoundTrip(Configuration original) {
    cib.cib = new Cib(original, Cib.EMPTY.status(), Cib.EMPTY.versions());
    String crm = call("GET", "/configuration", "").body().path("text").asText();
    AdminApi.Response got = call("GET", "/configuration/json", "");
    assertThat(got.status()).as(got.body().toString()).isEqualTo(200);
    assertThat(got.body().path("format").asText()).isEqualTo("json");
    assertThat(got.body().path("configuration").path("element").asText())
        .isEqualTo("configuration");
    cib.cib = Cib.EMPTY;
    ObjectNode post = got.body().deepCopy();
    post.put("force", true); // the agents are unknown here, and a CIB may not verify cleanly
    AdminApi.Response r = call("POST", "/configuration/json", post.toString());
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(cib.cib.configuration()).isEqualTo(original);
    assertThat(call("GET", "/configuration", "").body().path("text").asText()).isEqualTo(crm);
    assertThat(call("GET", "/configuration/json", "").body().path("configuration"))
        .isEqualTo(got.body().path("configuration"));
  }

  @Test
  void ourConfigurationsRoundTrip() {
    for (String text : List.of(WEB_SERVICE, CRMSH_STYLE, TEMPLATES)) {
      assertRoundTrip(CrmParser.parse(text));
    }
    assertRoundTrip(Configuration.EMPTY);
  }

  @Test
  void optionsPacemaker3RenamedComeBackUnderTheirNewNamesAsWithXml() {
    Configuration old = CrmParser.parse("property stonith-enabled=false stonith-action=off\n");
    cib.cib = new Cib(old, Cib.EMPTY.status(), Cib.EMPTY.versions());
    String body = call("GET", "/configuration/json", "").body().toString();
    String xml = call("GET", "/configuration/xml", "").body().path("text").asText();
    cib.cib = Cib.EMPTY;
    assertThat(call("POST", "/configuration/json", body).status()).isEqualTo(200);
    Configuration viaJson = cib.cib.configuration();
    cib.cib = Cib.EMPTY;
    ObjectNode importXml = json.createObjectNode().put("xml", xml);
    assertThat(call("POST", "/configuration/import-xml", importXml.toString()).status())
        .isEqualTo(200);
    assertThat(viaJson).isEqualTo(cib.cib.configuration());
    assertThat(viaJson.properties())
        .containsEntry("fencing-enabled", "false")
        .containsEntry("fencing-action", "off")
        .doesNotContainKey("stonith-enabled");
  }

  @Test
  void theJsonIsTheConfigurationElementTree() {
    cib.cib = new Cib(CrmParser.parse(WEB_SERVICE), Cib.EMPTY.status(), Cib.EMPTY.versions());
    JsonNode root = call("GET", "/configuration/json", "").body().path("configuration");
    JsonNode resources = child(root, "resources");
    JsonNode group = resources.path("children").get(0);
    assertThat(group.path("element").asText()).isEqualTo("group");
    assertThat(group.path("attributes").path("id").asText()).isEqualTo("web-group");
    assertThat(group.path("children"))
        .extracting(c -> c.path("attributes").path("id").asText())
        .containsExactly("vip", "www-data", "web");
    JsonNode vip = group.path("children").get(0);
    assertThat(vip.path("attributes").path("class").asText()).isEqualTo("ocf");
    assertThat(vip.path("attributes").path("type").asText()).isEqualTo("IPaddr2");
    // an element without attributes or children leaves the fields out
    assertThat(root.has("attributes")).isFalse();
    JsonNode nvpair =
        child(child(root, "crm_config"), "cluster_property_set").path("children").get(0);
    assertThat(nvpair.path("element").asText()).isEqualTo("nvpair");
    assertThat(nvpair.has("children")).isFalse();
    assertThat(root.toString()).contains("the \\\"web\\\" <server> & more");
  }

  private static JsonNode child(JsonNode e, String element) {
    for (JsonNode c : e.path("children")) {
      if (c.path("element").asText().equals(element)) {
        return c;
      }
    }
    throw new AssertionError("no <" + element + "> in " + e);
  }

  static Stream<Path> compatCibs() throws IOException {
    Path dir = compatDir();
    if (!Files.isDirectory(dir)) {
      return Stream.of(Path.of("compat-directory-missing"));
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".xml")).sorted().toList().stream();
    }
  }

  /** {@code ../shared/compat/pacemaker-scheduler/xml} next to the project root, if there. */
  static Path compatDir() {
    String override = System.getProperty("paceline.shared");
    Path shared =
        override != null && !override.isBlank()
            ? Path.of(override)
            : Path.of("").toAbsolutePath().getParent().getParent().resolveSibling("shared");
    return shared.resolve("compat/pacemaker-scheduler/xml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compatCibs")
  void pacemakerSchedulerCibsRoundTrip(Path file) throws IOException {
    Assumptions.assumeTrue(Files.isRegularFile(file), "no compat CIBs at " + compatDir());
    Configuration c;
    try {
      c = CibXml.read(file, XmlLimits.DEFAULT).configuration();
    } catch (IOException e) {
      Assumptions.abort("the XML reader does not take this CIB yet: " + e.getMessage());
      return;
    }
    assertRoundTrip(c);
  }

  @Test
  void updateAddsOrReplacesTheObjectsGivenAndKeepsTheRest() {
    cib.cib = new Cib(CrmParser.parse(WEB_SERVICE), Cib.EMPTY.status(), Cib.EMPTY.versions());
    ObjectNode body = json.createObjectNode();
    body.set(
        "configuration",
        element(
            "configuration",
            Map.of(),
            element(
                "resources",
                Map.of(),
                element(
                    "primitive",
                    Map.of("id", "web", "class", "ocf", "provider", "heartbeat", "type", "nginx")),
                element(
                    "primitive",
                    Map.of(
                        "id", "extra", "class", "ocf", "provider", "pacemaker", "type", "Dummy"))),
            element("crm_config", Map.of())));
    body.put("update", true);
    AdminApi.Response r = call("POST", "/configuration/json", body.toString());
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    Configuration now = cib.cib.configuration();
    assertThat(now.primitive("web").orElseThrow().agent().toString())
        .isEqualTo("ocf:heartbeat:nginx");
    assertThat(now.primitive("extra")).isPresent();
    assertThat(now.primitive("vip")).isPresent();
    assertThat(now.constraint("prefer-alpha")).isPresent();
    assertThat(now.properties()).containsEntry("no-quorum-policy", "ignore");
    // the same through the query parameter, the body as GET answers it
    cib.cib = new Cib(CrmParser.parse(WEB_SERVICE), Cib.EMPTY.status(), Cib.EMPTY.versions());
    body.remove("update");
    AdminApi.Response q = call("POST", "/configuration/json?update=true", body.toString());
    assertThat(q.status()).as(q.body().toString()).isEqualTo(200);
    assertThat(cib.cib.configuration().primitive("vip")).isPresent();
    // replace (the default) leaves only what the document holds
    AdminApi.Response replaced = call("POST", "/configuration/json", body.toString());
    assertThat(replaced.status()).as(replaced.body().toString()).isEqualTo(200);
    assertThat(cib.cib.configuration().primitive("vip")).isEmpty();
    assertThat(cib.cib.configuration().primitive("extra")).isPresent();
  }

  private ObjectNode element(String name, Map<String, String> attrs, ObjectNode... children) {
    ObjectNode e = json.createObjectNode();
    e.put("element", name);
    if (!attrs.isEmpty()) {
      ObjectNode a = e.putObject("attributes");
      new java.util.TreeMap<>(attrs).forEach(a::put);
    }
    if (children.length > 0) {
      ArrayNode c = e.putArray("children");
      for (ObjectNode x : children) {
        c.add(x);
      }
    }
    return e;
  }

  /** POSTs {@code configuration} (replace) and returns the error, checking nothing changed. */
  private String refused(String body) {
    cib.cib = new Cib(CrmParser.parse(WEB_SERVICE), Cib.EMPTY.status(), Cib.EMPTY.versions());
    Configuration before = cib.cib.configuration();
    AdminApi.Response r = call("POST", "/configuration/json", body);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(400);
    assertThat(cib.cib.configuration()).isEqualTo(before);
    return r.body().path("error").asText();
  }

  private String refusedConfiguration(ObjectNode configuration) {
    ObjectNode body = json.createObjectNode();
    body.set("configuration", configuration);
    return refused(body.toString());
  }

  @Test
  void whatTheXmlImporterRefusesIsReportedAtItsJsonPath() {
    ObjectNode noClass =
        element(
            "configuration",
            Map.of(),
            element("crm_config", Map.of()),
            element(
                "resources",
                Map.of(),
                element(
                    "primitive",
                    Map.of("id", "ok", "class", "ocf", "type", "Dummy", "provider", "x")),
                element("primitive", Map.of("id", "web", "type", "Dummy"))));
    assertThat(refusedConfiguration(noClass))
        .startsWith("$.configuration.children[1].children[1] (id 'web'): ")
        .contains("<primitive>")
        .contains("class");
    ObjectNode unknownAttribute =
        element(
            "configuration",
            Map.of(),
            element(
                "nodes",
                Map.of(),
                element("node", Map.of("id", "1", "uname", "alpha", "colour", "red"))));
    assertThat(refusedConfiguration(unknownAttribute))
        .startsWith("$.configuration.children[0].children[0] (id '1'): ")
        .contains("'colour' is not supported");
    ObjectNode section = element("configuration", Map.of(), element("acls", Map.of()));
    assertThat(refusedConfiguration(section))
        .startsWith("$.configuration.children[0]: ")
        .contains("not supported by Paceline");
    ObjectNode wrongRoot = element("cib", Map.of());
    assertThat(refusedConfiguration(wrongRoot))
        .startsWith("$.configuration: ")
        .contains("expected <configuration>");
    ObjectNode duplicate =
        element(
            "configuration",
            Map.of(),
            element(
                "resources",
                Map.of(),
                element(
                    "primitive", Map.of("id", "a", "class", "ocf", "provider", "p", "type", "T")),
                element(
                    "primitive", Map.of("id", "a", "class", "ocf", "provider", "p", "type", "T"))));
    assertThat(refusedConfiguration(duplicate)).startsWith("$.configuration").contains("'a'");
  }

  @Test
  void malformedElementsAreRefusedAtTheirJsonPath() {
    String wrapped = "{\"configuration\": {\"element\": \"configuration\", \"children\": [%s]}}";
    assertThat(refused(String.format(wrapped, "[1]")))
        .startsWith("$.configuration.children[0]: an element must be an object")
        .contains("not an array");
    assertThat(refused(String.format(wrapped, "{\"attributes\": {}}")))
        .startsWith("$.configuration.children[0].element: ");
    assertThat(refused(String.format(wrapped, "{\"element\": \"a b\"}")))
        .contains("'a b' is not an element name");
    assertThat(refused(String.format(wrapped, "{\"element\": \"nodes\", \"attrs\": {}}")))
        .contains("unknown field 'attrs'");
    assertThat(
            refused(
                String.format(
                    wrapped,
                    "{\"element\": \"nodes\", \"children\": [{\"element\": \"node\","
                        + " \"attributes\": {\"id\": {\"x\": 1}}}]}")))
        .startsWith("$.configuration.children[0].children[0].attributes.id: ")
        .contains("must be a string, not an object");
    assertThat(
            refused(
                String.format(
                    wrapped, "{\"element\": \"nodes\", \"attributes\": {\"id\": \"a\\u0001\"}}")))
        .startsWith("$.configuration.children[0].attributes.id: ")
        .contains("U+0001");
    assertThat(refused(String.format(wrapped, "{\"element\": \"nodes\", \"children\": 3}")))
        .startsWith("$.configuration.children[0].children: must be an array");
    assertThat(
            refused(
                String.format(
                    wrapped,
                    "{\"element\": \"nodes\", \"attributes\": {\"id\": \"a\", \"id\": \"b\"}}")))
        .contains("Duplicate field 'id'");
    assertThat(refused("{}")).startsWith("$.configuration: missing");
    assertThat(refused("{\"configuration\": {\"element\": \"configuration\"}, \"forced\": true}"))
        .startsWith("$.forced: unknown field");
    assertThat(
            refused("{\"configuration\": {\"element\": \"configuration\"}, \"format\": \"xml\"}"))
        .contains("'xml' is not json");
    assertThat(refused("{\"configuration\": {\"element\": \"configuration\"}, \"update\": 1}"))
        .startsWith("$.update: must be true or false");
  }

  @Test
  void valuesDroppedAsPacemakerDropsThemAreWarnedAboutAtTheirPath() {
    ObjectNode set =
        element(
            "cluster_property_set",
            Map.of("id", "opts"),
            element("nvpair", Map.of("id", "a", "name", "no-quorum-policy", "value", "stop")),
            element("nvpair", Map.of("id", "b", "name", "no-quorum-policy", "value", "freeze")));
    ObjectNode body = json.createObjectNode();
    body.set(
        "configuration", element("configuration", Map.of(), element("crm_config", Map.of(), set)));
    AdminApi.Response r = call("POST", "/configuration/json", body.toString());

    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(cib.cib.configuration().properties()).containsEntry("no-quorum-policy", "stop");
    assertThat(r.body().path("warnings").toString())
        .contains("dropped: $.configuration.children[0].children[0].children[1] (id 'b')");
  }

  @Test
  void bodyAndQueryMustAgree() {
    cib.cib = new Cib(CrmParser.parse(WEB_SERVICE), Cib.EMPTY.status(), Cib.EMPTY.versions());
    AdminApi.Response r =
        call(
            "POST",
            "/configuration/json?update=false",
            "{\"configuration\": {\"element\": \"configuration\"}, \"update\": true}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().path("error").asText()).contains("'update' is true in the body but false");
    AdminApi.Response bad =
        call(
            "POST",
            "/configuration/json?force=maybe",
            "{\"configuration\": {\"element\": \"configuration\"}}");
    assertThat(bad.body().path("error").asText()).contains("force").contains("maybe");
  }

  @Test
  void aChangeThatAddsVerifyErrorsOrLacksQuorumIsRefusedUnlessForced() {
    String body =
        "{\"configuration\": {\"element\": \"configuration\", \"children\": [{\"element\":"
            + " \"constraints\", \"children\": [{\"element\": \"rsc_location\", \"attributes\":"
            + " {\"id\": \"l\", \"rsc\": \"ghost\", \"node\": \"n1\", \"score\": \"10\"}}]}]}}";
    AdminApi.Response invalid = call("POST", "/configuration/json", body);
    assertThat(invalid.status()).as(invalid.body().toString()).isEqualTo(400);
    assertThat(invalid.body().path("findings").toString()).contains("ghost");
    assertThat(call("POST", "/configuration/json?force=true", body).status()).isEqualTo(200);
    cib.quorate = false;
    String valid = "{\"configuration\": {\"element\": \"configuration\"}}";
    AdminApi.Response noQuorum = call("POST", "/configuration/json", valid);
    assertThat(noQuorum.status()).isEqualTo(409);
    assertThat(noQuorum.body().path("error").asText()).contains("quorum");
    assertThat(call("POST", "/configuration/json?force=true", valid).status()).isEqualTo(200);
    assertThat(cib.cib.configuration()).isEqualTo(Configuration.EMPTY);
  }

  @Test
  void withoutTheCibTheRoutesSayWhy() {
    try (AdminApi bare = new AdminApi(AdminApiTest.config(), new AgentCatalog(), Instant.EPOCH)) {
      AdminApi.Response get = bare.handle("GET", "/api/v1/configuration/json", Instant.EPOCH);
      assertThat(get.status()).isEqualTo(503);
      AdminApi.Response post =
          bare.handle(
              "POST",
              "/api/v1/configuration/json",
              "{\"configuration\": {\"element\": \"configuration\"}}",
              Instant.EPOCH);
      assertThat(post.status()).isEqualTo(503);
      assertThat(post.body().path("error").asText()).contains("CIB is not running");
    }
  }
}
