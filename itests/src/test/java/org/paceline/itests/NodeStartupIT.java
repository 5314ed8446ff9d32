package org.paceline.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, refusing and stopping real node processes through the CLI. */
class NodeStartupIT {

  @TempDir Path tmp;
  private Path node;

  @AfterEach
  void cleanUp() {
    if (node != null) {
      Dist.kill(node);
    }
  }

  private Path init(String... nodes) throws Exception {
    String[] args = new String[10 + nodes.length];
    String[] head = {
      "cluster",
      "init",
      "--name",
      "life",
      "--dir",
      tmp.resolve("c").toString(),
      "--port",
      Integer.toString(Dist.freeUdpPort()),
      "--admin-port",
      "0"
    };
    System.arraycopy(head, 0, args, 0, head.length);
    System.arraycopy(nodes, 0, args, head.length, nodes.length);
    Dist.Result r = Dist.cli(tmp, args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return tmp.resolve("c");
  }

  @Test
  void malformedCorosyncConfIsRefusedWithFileAndLine() throws Exception {
    node = init("n1=127.0.0.1").resolve("n1");
    Path conf = node.resolve("corosync.conf");
    Files.writeString(conf, Files.readString(conf).replace("token: 500", "token: fast"));

    Dist.Result start = Dist.cli(tmp, "node", "start", "--config", node.toString());

    assertThat(start.exitCode()).isEqualTo(2);
    int line = lineOf(conf, "token: fast");
    assertThat(start.err()).contains(conf + ":" + line + ": totem.token: 'fast' is not a duration");
    assertThat(Dist.pid(node)).isEmpty();
  }

  @Test
  void theLauncherItselfRefusesABadConfigWithExitStatus2() throws Exception {
    node = init("n1=127.0.0.1").resolve("n1");
    Path conf = node.resolve("corosync.conf");
    Files.writeString(conf, Files.readString(conf) + "\nbogus {\n}\n");
    Path home = Dist.home();
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpaceline.home=" + home,
                "-cp",
                home.resolve("lib") + "/*",
                "org.paceline.launcher.Main",
                "--config",
                node.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isEqualTo(2);
    assertThat(output).contains(conf + ":" + lineOf(conf, "bogus {") + ": bogus: unknown section");
  }

  @Test
  void aRunningNodeRefusesASecondStartAndBadCredentials() throws Exception {
    node = init("n1=127.0.0.1", "n2=127.0.0.2").resolve("n1");
    Dist.Result start = Dist.cli(tmp, "node", "start", "--config", node.toString());
    assertThat(start.exitCode()).as(start.err()).isZero();

    Dist.Result again = Dist.cli(tmp, "node", "start", "--config", node.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err())
        .contains("node n1 is already running (pid " + Dist.pid(node).orElseThrow());

    String url = Files.readString(node.resolve("state/run/admin.url")).trim();
    assertThat(url).startsWith("http://127.0.0.1:");
    HttpClient http = HttpClient.newHttpClient();
    URI agents = URI.create(url + "api/v1/agents");
    assertThat(status(http, agents, null)).isEqualTo(401);
    assertThat(status(http, agents, "admin:admin")).isEqualTo(401);
    String credential = Files.readString(node.resolve("credential")).strip();
    assertThat(status(http, agents, credential)).isEqualTo(200);

    Dist.Result stop = Dist.cli(tmp, "node", "stop", "--config", node.toString());
    assertThat(stop.exitCode()).as(stop.err()).isZero();
    assertThat(Dist.pid(node)).isEmpty();
    assertThat(node.resolve("state/run/admin.url")).doesNotExist();
    assertThat(Files.readString(node.resolve("paceline.log"))).contains("node n1: stopped");

    Dist.Result list = Dist.cli(tmp, "ra", "list", "--config", node.toString());
    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.err()).contains("node n1 is not running");
  }

  @Test
  void withTlsTheAdminApiServesOnlyHttpsOnItsBindAddress() throws Exception {
    Dist.Result r =
        Dist.cli(
            tmp,
            "cluster",
            "init",
            "--tls",
            "--name",
            "sealed",
            "--dir",
            tmp.resolve("c").toString(),
            "--port",
            Integer.toString(Dist.freeUdpPort()),
            "--admin-port",
            "0",
            "n1=127.0.0.1",
            "n2=127.0.0.2");
    assertThat(r.exitCode()).as(r.err()).isZero();
    node = tmp.resolve("c/n2");
    Dist.Result start = Dist.cli(tmp, "node", "start", "--config", node.toString());
    assertThat(start.exitCode()).as(start.err()).isZero();
    String url = Files.readString(node.resolve("state/run/admin.url")).trim();
    assertThat(url).startsWith("https://127.0.0.2:");

    // the CLI trusts the certificate cluster init wrote
    Dist.Result status = Dist.cli(tmp, "status", "--json", "--config", node.toString());
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("\"node\":\"n2\"");

    // no plain HTTP on that port, and nothing on another address
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI plain = URI.create(url.replace("https://", "http://") + "api/v1/health");
    assertThatThrownBy(() -> status(http, plain, null)).isInstanceOf(IOException.class);
    URI elsewhere = URI.create(url.replace("127.0.0.2", "127.0.0.1") + "api/v1/health");
    assertThatThrownBy(() -> status(http, elsewhere, null)).isInstanceOf(IOException.class);

    Dist.Result stop = Dist.cli(tmp, "node", "stop", "--config", node.toString());
    assertThat(stop.exitCode()).as(stop.err()).isZero();
  }

  private static int status(HttpClient http, URI uri, String credential) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).GET();
    if (credential != null) {
      req.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credential.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static int lineOf(Path file, String text) throws Exception {
    var lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + file);
  }
}
