package org.paceline.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paceline.itests.HaCluster.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriverException;

/**
 * The Web Console's Cluster page in headless Chromium on three real nodes running the demo-like
 * group: the console refuses admin/admin and wants the cluster credential; logged in with it, the
 * page shows the three nodes and the group; putting the group's node in standby through the page
 * (with its confirmation) shows the result and then the group on another node. Screenshots go to
 * {@code target/webconsole-screenshots/}.
 */
class WebConsoleIT {

  @TempDir Path tmp;
  @TempDir Path profile;
  private HaCluster cluster;
  private WebConsoleBrowser browser;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void stop() throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  void anOperatorLogsInSeesTheClusterAndMovesTheGroupByPuttingItsNodeInStandby() throws Exception {
    cluster = new HaCluster(tmp, "webconsole", 1000);
    cluster.configureWebService("rsc_defaults resource-stickiness=100");
    await().until(() -> cluster.groupNode("n1").isPresent());
    String first = cluster.groupNode("n1").orElseThrow();

    Path n1 = cluster.node("n1");
    String adminUrl = Files.readString(n1.resolve("state/run/admin.url")).trim();
    String credential = Files.readString(n1.resolve("credential")).strip();
    String user = credential.substring(0, credential.indexOf(':'));
    String password = credential.substring(credential.indexOf(':') + 1);
    String page = adminUrl + "system/console/cluster";

    // The console's own default login is refused, as is no login; the cluster credential works.
    assertThat(status(page, "admin:admin")).isEqualTo(401);
    assertThat(status(page, null)).isEqualTo(401);
    assertThat(status(page + "/status.json", "admin:admin")).isEqualTo(401);
    assertThat(status(adminUrl + "system/console/bundles", "admin:admin")).isEqualTo(401);
    assertThat(status(page, credential)).isEqualTo(200);

    Files.deleteIfExists(WebConsoleBrowser.SCREENSHOTS.resolve("failed-waiting.png"));
    browser = WebConsoleBrowser.start(profile);
    browser.open(
        WebConsoleBrowser.withCredential(adminUrl, "admin", "admin", "system/console/cluster"));
    assertThat(browser.hasClusterPage()).as("admin/admin must not open the console").isFalse();
    browser.screenshot("01-admin-admin-refused");

    browser.open(
        WebConsoleBrowser.withCredential(adminUrl, user, password, "system/console/cluster"));
    JsonNode before =
        awaitPage(
            "three online nodes and the group on " + first,
            s ->
                s.path("nodes").size() == 3
                    && HaCluster.ALL.stream()
                        .allMatch(n -> s.path("nodes").path(n).asText().equals("online"))
                    && s.path("resources").path("g").asText().equals(first)
                    && s.path("resources").path("ip").asText().equals(first)
                    && s.path("resources").path("web").asText().equals(first));
    assertThat(before.path("summary").asText()).contains("Cluster webconsole").contains("quorate");
    assertThat(before.path("quorate").asText()).isEqualTo("true");
    assertThat(before.path("dc").asText()).isIn(HaCluster.ALL);
    assertThat(before.path("roles").path("web").asText()).isEqualTo("Started");
    assertThat(before.path("error").isNull()).as(before.path("error").asText()).isTrue();
    // Recent events: shown when the node's event log runs, said to be unavailable otherwise.
    JsonNode eventsBefore =
        awaitPage(
            "events or 'Event log not available'",
            s ->
                s.path("events").asInt() > 0
                    || s.path("eventsNote").asText().startsWith("Event log not available"));
    boolean eventLog = eventsBefore.path("events").asInt() > 0;
    long newestBefore = eventsBefore.path("newestSeq").asLong();
    browser.screenshot("02-cluster-page");

    // Standby through the page: the confirmation first, then the result, then the move.
    await()
        .ignoreException(WebDriverException.class)
        .until(
            () -> {
              // The rows are redrawn every poll: a click may hit a stale button, so try again
              // until the dialog is open (and never click behind it).
              if (!browser.state().path("dialogOpen").asBoolean()) {
                browser.click(
                    "#pl-nodes tr[data-node='" + first + "'] button[data-action='standby']");
              }
              return browser.state().path("dialogOpen").asBoolean();
            });
    assertThat(browser.state().path("dialogText").asText())
        .contains("Put node " + first + " in standby");
    browser.screenshot("03-standby-confirmation");
    browser.click("#pl-confirm-ok");

    JsonNode after =
        awaitPage(
            "the standby result and the group moved away from " + first,
            s -> {
              String to = s.path("resources").path("g").asText();
              return s.path("resultOk").asText().equals("true")
                  && s.path("result").asText().contains("standby node " + first + ": done")
                  && s.path("nodes").path(first).asText().equals("standby")
                  && !to.isEmpty()
                  && !to.equals(first)
                  && s.path("resources").path("ip").asText().equals(to)
                  && s.path("resources").path("web").asText().equals(to)
                  && s.path("roles").path("web").asText().equals("Started");
            });
    String moved = after.path("resources").path("g").asText();
    assertThat(cluster.groupNode("n1")).contains(moved);
    if (eventLog) {
      // The events of the move arrive without a reload.
      awaitPage("newer events", s -> s.path("newestSeq").asLong() > newestBefore);
    }
    browser.screenshot("04-group-moved");

    List<String> errors =
        browser.severeConsoleMessages().stream()
            .filter(m -> m.contains("cluster.js") || m.contains("Uncaught"))
            .toList();
    assertThat(errors).as("script errors on the page").isEmpty();
    cluster.assertNeverActiveTwice();
  }

  /**
   * Waits until the page shows what {@code shows} wants and returns that state; on time-out fails
   * with the last state seen and a screenshot.
   */
  private JsonNode awaitPage(String what, Predicate<JsonNode> shows) throws IOException {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    try {
      await()
          .ignoreException(WebDriverException.class)
          .until(
              () -> {
                JsonNode s = browser.state();
                last.set(s);
                return s != null && shows.test(s);
              });
    } catch (ConditionTimeoutException e) {
      browser.screenshot("failed-waiting");
      throw new AssertionError(
          "the page did not show "
              + what
              + "; last seen: "
              + last.get()
              + "; text: "
              + browser.bodyText(),
          e);
    }
    return last.get();
  }

  /** The HTTP status of a GET with Basic {@code user:password}, or none. */
  private static int status(String url, String userColonPassword)
      throws IOException, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
    if (userColonPassword != null) {
      req.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8)));
    }
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
