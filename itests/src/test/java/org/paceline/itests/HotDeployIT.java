package org.paceline.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node process from the dist: agents of a bundle copied into deploy/ appear in {@code ra
 * list}, a newer version replaces them, deleting the jar removes them.
 */
class HotDeployIT {

  private static final String GREETER = "ocf:example:Greeter";

  @TempDir Path tmp;
  private Path node;
  private Path deploy;

  @BeforeEach
  void startNode() throws Exception {
    Dist.Result init =
        Dist.cli(
            tmp,
            "cluster",
            "init",
            "--name",
            "hot",
            "--dir",
            tmp.resolve("cluster").toString(),
            "--port",
            Integer.toString(Dist.freeUdpPort()),
            "--admin-port",
            "0",
            "n1=127.0.0.1");
    assertThat(init.exitCode()).as(init.err()).isZero();
    node = tmp.resolve("cluster/n1");
    deploy = tmp.resolve("deploy");
    Path conf = node.resolve("paceline.conf");
    Files.writeString(
        conf,
        Files.readString(conf)
            .replace("state_dir: state", "state_dir: state\n    deploy_dir: " + deploy));
    Dist.Result start = Dist.cli(tmp, "node", "start", "--config", node.toString());
    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(start.out()).contains("node n1 of cluster hot started", "log:");
  }

  @AfterEach
  void stopNode() {
    if (node != null) {
      Dist.kill(node);
    }
  }

  @Test
  void agentsFollowTheJarsInDeploy() throws Exception {
    assertThat(agentVersion("ocf:paceline:Dummy")).isPresent();
    assertThat(agentVersion(GREETER)).isEmpty();

    Path jar = deploy.resolve("greeter.jar");
    Files.copy(Dist.home().resolve("examples/paceline-ra-example.jar"), jar);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> agentVersion(GREETER).isPresent());
    assertThat(agentVersion(GREETER).orElseThrow()).startsWith("0.1.0");

    Path newer = tmp.resolve("greeter-0.2.0.jar");
    withBundleVersion(jar, newer, "0.2.0");
    Files.move(newer, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> agentVersion(GREETER).filter("0.2.0"::equals).isPresent());

    Files.delete(jar);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> agentVersion(GREETER).isEmpty());
    assertThat(agentVersion("ocf:paceline:Dummy")).isPresent();

    Dist.Result stop = Dist.cli(tmp, "node", "stop", "--config", node.toString());
    assertThat(stop.exitCode()).as(stop.err()).isZero();
    assertThat(stop.out()).contains("node n1 stopped");
    assertThat(Dist.pid(node)).isEmpty();
  }

  private Optional<String> agentVersion(String id) throws IOException, InterruptedException {
    Dist.Result list = Dist.cli(tmp, "ra", "list", "--json", "--config", node.toString());
    assertThat(list.exitCode()).as(list.err()).isZero();
    for (JsonNode a : list.json().path("agents")) {
      if (a.path("id").asText().equals(id)) {
        return Optional.of(a.path("version").asText());
      }
    }
    return Optional.empty();
  }

  /** Copies a bundle jar, changing its Bundle-Version. */
  private static void withBundleVersion(Path in, Path out, String version) throws IOException {
    try (JarInputStream src = new JarInputStream(Files.newInputStream(in))) {
      Manifest manifest = new Manifest(src.getManifest());
      manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
      try (OutputStream os = Files.newOutputStream(out);
          JarOutputStream dst = new JarOutputStream(os, manifest)) {
        JarEntry e;
        while ((e = src.getNextJarEntry()) != null) {
          dst.putNextEntry(new JarEntry(e.getName()));
          copy(src, dst);
          dst.closeEntry();
        }
      }
    }
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    in.transferTo(out);
  }
}
