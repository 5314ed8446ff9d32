package org.paceline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Configuration;
import org.paceline.launcher.config.PacelineConf;
import org.paceline.launcher.config.PacelineConfReader;

class DemoTest {

  @TempDir Path tmp;

  @Test
  void theWebServerNamesTheNodeOfItsProcessMarker() {
    assertThat(DemoWebServer.nodeOf("/tmp/d/n2/state/run/paceline.pid")).isEqualTo("n2");
    assertThat(DemoWebServer.nodeOf(null)).isEqualTo("?");
    assertThat(DemoWebServer.nodeOf("paceline.pid")).isEqualTo("?");
    assertThat(DemoWebServer.nodeInAnswer(DemoWebServer.answer("n3", 42, Instant.EPOCH)))
        .isEqualTo("n3");
    assertThat(DemoWebServer.nodeInAnswer("<html>something else</html>")).isNull();
    assertThat(DemoWebServer.nodeInAnswer(null)).isNull();
  }

  @Test
  void theWebServerProcessAnswersWithItsNodeAndStopsOnSigterm() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb =
        new ProcessBuilder(
                DemoBroker.javaBinary(),
                "-cp",
                System.getProperty("java.class.path"),
                DemoWebServer.class.getName(),
                Integer.toString(port),
                tmp.resolve("web").toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("web.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment()
        .put("PACELINE_NODE_PIDFILE", tmp.resolve("n7/state/run/paceline.pid").toString());
    Process p = pb.start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      HttpRequest get =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/any/path"))
              .timeout(Duration.ofSeconds(2))
              .build();
      String body =
          Awaitility.await()
              .atMost(Duration.ofSeconds(20))
              .pollInterval(Duration.ofMillis(100))
              .ignoreExceptions()
              .until(
                  () -> http.send(get, HttpResponse.BodyHandlers.ofString()).body(),
                  b -> b.startsWith("Paceline demo web service"));
      assertThat(DemoWebServer.nodeInAnswer(body)).isEqualTo("n7");
      assertThat(body).contains("pid " + p.pid());
    } finally {
      p.destroy();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
    }
  }

  @Test
  void theServiceConfigurationIsValidCrmEvenForPathsWithBlanks() {
    Path home = Path.of("/opt/pace line");
    Path work = tmp.resolve("demo dir");
    String crm = DemoCommand.serviceCrm(home, work, 8123);

    Configuration c = CrmParser.parse(crm);

    org.paceline.cib.model.Group g =
        c.resources().stream()
            .filter(r -> r instanceof org.paceline.cib.model.Group)
            .map(r -> (org.paceline.cib.model.Group) r)
            .findFirst()
            .orElseThrow();
    assertThat(g.id()).isEqualTo("websvc");
    assertThat(g.members())
        .extracting(org.paceline.cib.model.Primitive::id)
        .containsExactly("ip", "web");
    assertThat(g.members().get(1).params().get("command"))
        .contains("'/opt/pace line/lib/paceline-cli.jar'")
        .endsWith(" 8123 '" + work.resolve("web") + "'");
    assertThat(crm)
        .contains("group websvc ip web")
        .contains("check_http=\"http://127.0.0.1:8123/\"")
        .contains("'/opt/pace line/lib/paceline-cli.jar'")
        .contains("'" + work.resolve("web") + "'");
    assertThat(DemoCommand.quote("/usr/bin/java")).isEqualTo("/usr/bin/java");
    assertThat(DemoCommand.quote("a b")).isEqualTo("'a b'");
  }

  @Test
  void anIncompleteDistIsNamedWithWhatItLacks() throws Exception {
    for (String f :
        List.of(
            "lib/paceline-cli.jar",
            "lib/paceline-launcher.jar",
            "lib/org.apache.felix.framework.jar",
            "bundle/paceline-admin-1.jar",
            "bundle/paceline-controller-1.jar",
            "bundle/paceline-eventlog-1.jar",
            "plugins/paceline-ra-builtin-1.jar",
            "plugins/paceline-fencing-process-1.jar",
            "lib/kafka/kafka-clients-4.jar",
            "lib/kafka/kafka-server-4.jar")) {
      Files.createDirectories(tmp.resolve(f).getParent());
      Files.writeString(tmp.resolve(f), "");
    }

    assertThatThrownBy(() -> DemoChecks.distComplete(tmp))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("is incomplete")
        .hasMessageContaining("lib/kafka/kafka_2.13-*.jar")
        .hasMessageContaining("lib/kafka/scala-library-*.jar")
        .hasMessageNotContaining("kafka-clients");

    Files.writeString(tmp.resolve("lib/kafka/kafka_2.13-4.jar"), "");
    Files.writeString(tmp.resolve("lib/kafka/scala-library-2.jar"), "");
    DemoChecks.distComplete(tmp);
  }

  @Test
  void aBusyPortIsAClearErrorNamingTheOption() throws Exception {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = s.getLocalPort();

      assertThatThrownBy(
              () ->
                  DemoChecks.tcpPortFree(
                      port, List.of("127.0.0.1"), "the demo web service", "--web-port"))
          .isInstanceOf(CliException.class)
          .hasMessageContaining("TCP port " + port + " on 127.0.0.1 is in use")
          .hasMessageContaining("--web-port PORT");
    }
  }

  @Test
  void theDemoAddressesAndAFreeRingPortAreUsableHere() throws Exception {
    DemoChecks.addressesUsable();
    int port = DemoChecks.freeRingPort();
    assertThat(port).isBetween(1, 65_535);
  }

  @Test
  void eachNodeSendsItsEventsToTheBrokerAndHasProcessFencing() throws Exception {
    Path home = tmp.resolve("home");
    Files.createDirectories(home.resolve("deploy"));
    Path dir = tmp.resolve("demo");

    DemoCluster c = DemoCluster.write(home, dir, 0, 5405, "127.0.0.1:9092");

    for (String n : DemoCluster.NODES) {
      assertThat(c.configDir(n)).isEqualTo(dir.resolve(n));
      PacelineConf conf =
          new PacelineConfReader()
              .readAll(
                  dir.resolve(n).resolve("paceline.conf"), dir.resolve(n), home.resolve("deploy"));
      assertThat(conf.events()).containsEntry("kafka.bootstrap.servers", "127.0.0.1:9092");
      assertThat(Files.readString(dir.resolve(n).resolve("state/cib/cib.xml")))
          .contains("fence_paceline_process");
    }
    assertThat(c.credential()).startsWith("admin:");
  }

  @Test
  void statusQuestionsReadTheStatusDocument() throws Exception {
    JsonNode s =
        new ObjectMapper()
            .readTree(
                "{\"nodes\":[{\"name\":\"n1\",\"state\":\"online\"},"
                    + "{\"name\":\"n2\",\"state\":\"unclean\"}],"
                    + "\"resources\":["
                    + "{\"id\":\"ip\",\"role\":\"Started\",\"node\":\"n3\"},"
                    + "{\"id\":\"web\",\"role\":\"Started\",\"node\":\"n3\"},"
                    + "{\"id\":\"x\",\"role\":\"Stopped\",\"node\":null}]}");

    assertThat(DemoCluster.runningOn(s, List.of("ip", "web"))).contains("n3");
    assertThat(DemoCluster.runningOn(s, List.of("ip", "x"))).isEmpty();
    assertThat(DemoCluster.nodeState(s, "n2")).isEqualTo("unclean");
    assertThat(DemoCluster.nothingActive(s)).isFalse();
    JsonNode stopped =
        new ObjectMapper().readTree("{\"resources\":[{\"id\":\"ip\",\"role\":\"Stopped\"}]}");
    assertThat(DemoCluster.nothingActive(stopped)).isTrue();
  }

  @Test
  void theBrokerIsOneKraftNodeOnLoopbackWithItsDataInTheWorkFolder() {
    DemoBroker b = new DemoBroker(tmp, tmp.resolve("kafka"), 9092, 9093);

    assertThat(b.bootstrap()).isEqualTo("127.0.0.1:9092");
    assertThat(b.properties())
        .contains("process.roles=broker,controller")
        .contains("listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
        .contains("log.dirs=" + tmp.resolve("kafka").resolve("data"))
        .contains("transaction.state.log.replication.factor=1");
    String id = DemoBroker.newClusterId();
    assertThat(id).hasSize(22).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
  }
}
