package org.paceline.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Configuration;

/** The page's endpoints against a stand-in admin API on a real loopback HTTP server. */
class ClusterConsoleTest {

  private static final String AUTH = "Basic YWRtaW46c2VjcmV0"; // admin:secret
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RequestGuard.Facts PAGE =
      new RequestGuard.Facts("1", "application/json", "http://127.0.0.1:1", null, "127.0.0.1:1");

  /** One request the stand-in admin API received. */
  record Seen(String method, String path, String body, String auth) {}

  private final Map<String, Map.Entry<Integer, String>> answers = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private Configuration configuration;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v1/",
        ex -> {
          String path = ex.getRequestURI().getRawPath().substring("/api/v1/".length());
          String query = ex.getRequestURI().getRawQuery();
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          seen.add(
              new Seen(
                  ex.getRequestMethod(), query == null ? path : path + "?" + query, body, auth));
          Map.Entry<Integer, String> a =
              AUTH.equals(auth)
                  ? answers.getOrDefault(path, Map.entry(404, "{\"error\":\"no such endpoint\"}"))
                  : Map.entry(401, "{\"error\":\"authentication required\"}");
          byte[] out = a.getValue().getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(a.getKey(), out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ClusterConsole console(String auth) {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return new ClusterConsole(
        "n1",
        new AdminClient(base, auth, Duration.ofSeconds(2)),
        () -> Optional.ofNullable(configuration),
        Clock.fixed(Instant.parse("2026-01-31T12:00:00Z"), ZoneOffset.UTC));
  }

  private static JsonNode json(ClusterConsole.Answer a) throws IOException {
    return JSON.readTree(a.json());
  }

  @Test
  void statusIsTheAdminStatusPlusConstraintsAndTargetRoles() throws IOException {
    answers.put(
        "status",
        Map.entry(
            200,
            "{\"cluster\":\"alpha\",\"dc\":\"n1\",\"quorate\":true,"
                + "\"nodes\":[{\"name\":\"n1\",\"state\":\"online\"}],\"resources\":[]}"));
    configuration =
        CrmParser.parse(
            String.join(
                "\n",
                "primitive ip ocf:heartbeat:Dummy meta target-role=Stopped",
                "primitive web ocf:heartbeat:Dummy",
                "group g ip web",
                "location cli-prefer-g g inf: n2",
                "location keep-off g -100: n3",
                ""));

    ClusterConsole.Answer a = console(AUTH).status();

    assertThat(a.status()).isEqualTo(200);
    JsonNode b = json(a);
    assertThat(b.path("ok").asBoolean()).isTrue();
    assertThat(b.path("node").asText()).isEqualTo("n1");
    assertThat(b.path("time").asText()).isEqualTo("2026-01-31T12:00:00Z");
    assertThat(b.path("status").path("dc").asText()).isEqualTo("n1");
    assertThat(b.path("status").path("nodes").get(0).path("state").asText()).isEqualTo("online");
    JsonNode c = b.path("constraints");
    assertThat(c).hasSize(2);
    assertThat(c.get(0).path("id").asText()).isEqualTo("cli-prefer-g");
    assertThat(c.get(0).path("kind").asText()).isEqualTo("location");
    assertThat(c.get(0).path("fromCli").asBoolean()).isTrue();
    assertThat(c.get(0).path("resources").get(0).asText()).isEqualTo("g");
    assertThat(c.get(0).path("text").asText()).startsWith("location cli-prefer-g g");
    assertThat(c.get(1).path("fromCli").asBoolean()).isFalse();
    assertThat(b.path("targetRoles").path("ip").asText()).isEqualTo("Stopped");
    assertThat(seen).extracting(Seen::auth).containsOnly(AUTH);
  }

  @Test
  void statusSaysWhyTheAdminApiGaveNone() throws IOException {
    JsonNode refused = json(console("Basic d3Jvbmc6d3Jvbmc=").status());
    assertThat(refused.path("ok").asBoolean()).isFalse();
    assertThat(refused.path("message").asText())
        .contains("401")
        .contains("authentication required");
    assertThat(refused.path("constraints").isNull()).isTrue();

    answers.put("status", Map.entry(500, "boom"));
    assertThat(json(console(AUTH).status()).path("message").asText()).contains("500: boom");

    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    ClusterConsole away =
        new ClusterConsole(
            "n1",
            new AdminClient(
                URI.create("http://127.0.0.1:" + closed + "/"), AUTH, Duration.ofSeconds(2)),
            Optional::empty,
            Clock.systemUTC());
    JsonNode down = json(away.status());
    assertThat(down.path("ok").asBoolean()).isFalse();
    assertThat(down.path("message").asText())
        .contains("cannot reach this node's admin API at http://127.0.0.1:" + closed);
  }

  @Test
  void eventsComeFromTheAdminApiOrAreNotAvailable() throws IOException {
    JsonNode none = json(console(AUTH).events(null));
    assertThat(none.path("available").asBoolean()).isFalse();
    assertThat(none.path("message").asText()).contains("404");

    answers.put(
        "events",
        Map.entry(
            200,
            "{\"firstSeq\":1,\"lastSeq\":120,\"next\":8,\"events\":[{\"seq\":7,"
                + "\"type\":\"node.joined\",\"subject\":\"node/n2\","
                + "\"payload\":{\"node\":\"<b>n2</b>\"}}]}"));
    JsonNode some = json(console(AUTH).events("7"));
    assertThat(some.path("available").asBoolean()).isTrue();
    assertThat(some.path("events").get(0).path("seq").asLong()).isEqualTo(7);
    assertThat(some.path("events").get(0).path("payload").path("node").asText())
        .isEqualTo("<b>n2</b>");
    assertThat(some.path("next").asLong()).isEqualTo(8);
    assertThat(some.path("max").asInt()).isEqualTo(ClusterConsole.EVENTS_PER_POLL);
    assertThat(seen.get(seen.size() - 1).path())
        .isEqualTo("events?max=" + ClusterConsole.EVENTS_PER_POLL + "&from=7");

    // The first poll asks where the journal ends and starts with the newest events.
    seen.clear();
    json(console(AUTH).events(null));
    assertThat(seen)
        .extracting(Seen::path)
        .containsExactly(
            "events?max=0",
            "events?max="
                + ClusterConsole.EVENTS_PER_POLL
                + "&from="
                + (120 - ClusterConsole.RECENT + 1));

    // A short journal: from its first event. A bare array is read too.
    answers.put("events", Map.entry(200, "[{\"seq\":8}]"));
    seen.clear();
    assertThat(json(console(AUTH).events(null)).path("events").get(0).path("seq").asLong())
        .isEqualTo(8);
    assertThat(seen).extracting(Seen::path).containsExactly("events?max=0", "events?max=100");
    answers.put("events", Map.entry(200, "{\"firstSeq\":3,\"lastSeq\":10,\"events\":[]}"));
    seen.clear();
    json(console(AUTH).events(null));
    assertThat(seen.get(1).path()).isEqualTo("events?max=100&from=3");

    answers.put("events", Map.entry(200, "{\"nothing\":1}"));
    assertThat(json(console(AUTH).events("1")).path("available").asBoolean()).isFalse();
    answers.put("events", Map.entry(503, "{\"error\":\"the event log is not running\"}"));
    JsonNode down = json(console(AUTH).events(null));
    assertThat(down.path("available").asBoolean()).isFalse();
    assertThat(down.path("message").asText()).contains("503: the event log is not running");

    ClusterConsole.Answer bad = console(AUTH).events("1&max=1000000");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(json(bad).path("message").asText()).contains("sequence number");
  }

  @Test
  void anActionGoesToTheAdminApiAndSaysWhatHappened() throws IOException {
    answers.put("nodes/n2/state", Map.entry(200, "{\"changed\":true,\"versions\":\"0.5.0\"}"));

    ClusterConsole.Answer a =
        console(AUTH)
            .act(PAGE, "{\"kind\":\"node\",\"target\":\"n2\",\"action\":\"standby\"}", "admin@x");

    assertThat(a.status()).isEqualTo(200);
    JsonNode b = json(a);
    assertThat(b.path("ok").asBoolean()).isTrue();
    assertThat(b.path("message").asText()).isEqualTo("standby node n2: done");
    Seen s = seen.get(seen.size() - 1);
    assertThat(s.method()).isEqualTo("POST");
    assertThat(s.path()).isEqualTo("nodes/n2/state");
    assertThat(s.body()).isEqualTo("{\"state\":\"standby\"}");

    answers.put("resources/g/clear", Map.entry(200, "{\"changed\":false}"));
    JsonNode nothing =
        json(
            console(AUTH)
                .act(PAGE, "{\"kind\":\"resource\",\"target\":\"g\",\"action\":\"clear\"}", "x"));
    assertThat(nothing.path("message").asText()).isEqualTo("clear g: nothing to change");
  }

  @Test
  void aRefusedActionSaysWhyAndAForgedOneNeverReachesTheAdminApi() throws IOException {
    answers.put(
        "resources/g/move", Map.entry(409, "{\"error\":\"no quorum: the change was refused\"}"));
    ClusterConsole.Answer refused =
        console(AUTH)
            .act(
                PAGE,
                "{\"kind\":\"resource\",\"target\":\"g\",\"action\":\"move\",\"node\":\"n3\"}",
                "x");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(json(refused).path("message").asText())
        .isEqualTo("move g to n3 failed: no quorum: the change was refused");

    int before = seen.size();
    ClusterConsole.Answer forged =
        console(AUTH)
            .act(
                new RequestGuard.Facts(null, "application/json", null, null, "h"),
                "{\"kind\":\"node\",\"target\":\"n2\",\"action\":\"standby\"}",
                "x");
    assertThat(forged.status()).isEqualTo(403);
    assertThat(json(forged).path("ok").asBoolean()).isFalse();
    ClusterConsole.Answer invalid = console(AUTH).act(PAGE, "{\"kind\":\"node\"}", "x");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(seen).hasSize(before);
  }
}
