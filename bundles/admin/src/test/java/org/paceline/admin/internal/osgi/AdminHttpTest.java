package org.paceline.admin.internal.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.admin.internal.AdminApi;
import org.paceline.admin.internal.AdminApiTest;
import org.paceline.admin.internal.AgentCatalog;
import org.paceline.admin.internal.RouteTable;
import org.paceline.admin.internal.TestEventLog;

/**
 * The real {@link AdminServlet} served by the Jetty 12 that Felix's HTTP service embeds, with the
 * node's settings (one acceptor, one selector, 12 threads), over real HTTP on loopback.
 */
class AdminHttpTest {

  private static final String USER = "admin";
  private static final String PASSWORD = "s3cret-Pw";

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private Server server;
  private AdminServlet servlet;
  private TestEventLog events;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("credential"), USER + ":" + PASSWORD + "\n");
    servlet = new AdminServlet(AdminApiTest.config(dir));
    events = new TestEventLog(dir.resolve("events"));
    servlet.setEventFeed(events.feed);
    server = new Server(new QueuedThreadPool(12, 4));
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/api/*");
    server.setHandler(context);
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/api/v1");
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
    servlet.deactivate();
    events.close();
  }

  /** Every route of the table, its parameters filled in. */
  private static List<RouteTable.Route> routes() {
    try (AdminApi api =
        new AdminApi(
            AdminApiTest.config(Path.of("/nonexistent")), new AgentCatalog(), Instant.EPOCH)) {
      return api.routes();
    }
  }

  private static String concrete(String template) {
    return template.replaceAll("\\{[A-Za-z0-9]+}", "x");
  }

  private static String basic(String userAndPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(String method, String path, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                method.equals("GET")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}"));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Credentials that must all be refused: none, wrong password, wrong user, malformed. */
  private static final List<String> BAD =
      java.util.Arrays.asList(
          null,
          basic(USER + ":wrong"),
          basic("root:" + PASSWORD),
          basic(USER + ":" + PASSWORD + " "),
          basic(USER),
          "Basic !!not-base64!!",
          "Bearer " + PASSWORD,
          "");

  @Test
  void theRouteTableIsNotEmpty() {
    assertThat(routes()).hasSizeGreaterThan(20);
  }

  @TestFactory
  Stream<DynamicTest> everyRouteRefusesAMissingOrWrongCredentialWith401() {
    List<DynamicTest> tests = new ArrayList<>();
    for (RouteTable.Route route : routes()) {
      String path = concrete(route.template());
      for (int i = 0; i < BAD.size(); i++) {
        String auth = BAD.get(i);
        int variant = i;
        tests.add(
            DynamicTest.dynamicTest(
                route.method() + " " + route.template() + " credential #" + variant,
                () -> {
                  HttpResponse<String> r = send(route.method(), path, auth);

                  assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
                  assertThat(r.headers().firstValue("WWW-Authenticate"))
                      .hasValueSatisfying(
                          v -> assertThat(v).startsWith("Basic realm=\"paceline\""));
                  assertThat(json.readTree(r.body()).path("error").asText())
                      .contains("authentication required");
                }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyRoutePassesTheRightCredentialOn() {
    return routes().stream()
        .map(
            route ->
                DynamicTest.dynamicTest(
                    route.method() + " " + route.template(),
                    () -> {
                      HttpResponse<String> r =
                          send(
                              route.method(),
                              concrete(route.template()),
                              basic(USER + ":" + PASSWORD));

                      assertThat(r.statusCode()).as(r.body()).isNotEqualTo(401);
                      assertThat(json.readTree(r.body()).isObject()).isTrue();
                    }));
  }

  @Test
  void configurationRequestsMayCarryWholeConfigurationsOthersOnly64KiB() throws Exception {
    String big = "{\"pad\": \"" + "x".repeat(100 * 1024) + "\"}";
    for (String path : List.of("/configuration/json", "/ring/faults")) {
      HttpRequest post =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", basic(USER + ":" + PASSWORD))
              .POST(HttpRequest.BodyPublishers.ofString(big))
              .build();
      HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
      if (path.startsWith("/configuration")) {
        assertThat(r.statusCode()).as(r.body()).isNotEqualTo(413);
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(r.body()).contains("larger than 65536 bytes");
      }
    }
    assertThat(AdminServlet.maxBody("/api/v1/configuration/load"))
        .isEqualTo(AdminServlet.MAX_CONFIGURATION_BODY);
    assertThat(AdminServlet.maxBody("/api/v1/configuration")).isEqualTo(64 * 1024);
  }

  @Test
  void unknownPathsAndMethodsAreRefusedBeforeAnythingElse() throws Exception {
    assertThat(send("GET", "/no/such/thing", null).statusCode()).isEqualTo(401);
    assertThat(send("DELETE", "/status", basic(USER + ":x")).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/no/such/thing", basic(USER + ":" + PASSWORD)).statusCode())
        .isEqualTo(404);
    assertThat(send("DELETE", "/status", basic(USER + ":" + PASSWORD)).statusCode()).isEqualTo(405);
  }

  @Test
  void aLongPollOverHttpAnswersWhenAnEventIsJournaled() throws Exception {
    events.append(TestEventLog.joined("n1"));
    HttpRequest poll =
        HttpRequest.newBuilder(URI.create(base + "/events?from=2&wait=30s"))
            .header("Authorization", basic(USER + ":" + PASSWORD))
            .timeout(Duration.ofSeconds(60))
            .build();

    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(poll, HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> servletFollowers() == 1);
    assertThat(pending).isNotDone();
    events.append(TestEventLog.dc("n1"));

    HttpResponse<String> r = pending.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("events")).hasSize(1);
    assertThat(body.path("events").get(0).path("type").asText()).isEqualTo("dc.changed");
    assertThat(body.path("next").asLong()).isEqualTo(3);
  }

  @Test
  void waitingFollowersHoldNoWorkerThread() throws Exception {
    HttpRequest poll =
        HttpRequest.newBuilder(URI.create(base + "/events?from=1&wait=60s"))
            .header("Authorization", basic(USER + ":" + PASSWORD))
            .timeout(Duration.ofSeconds(90))
            .build();
    List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      polls.add(http.sendAsync(poll, HttpResponse.BodyHandlers.ofString()));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> servletFollowers() == 20);

    // more followers than the pool has threads, and the API still answers
    assertThat(send("GET", "/health", basic(USER + ":" + PASSWORD)).statusCode()).isEqualTo(200);
    events.append(TestEventLog.joined("n1"));
    for (CompletableFuture<HttpResponse<String>> p : polls) {
      HttpResponse<String> r = p.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(json.readTree(r.body()).path("events")).hasSize(1);
    }
  }

  private int servletFollowers() {
    return servlet.eventFollowers();
  }
}
