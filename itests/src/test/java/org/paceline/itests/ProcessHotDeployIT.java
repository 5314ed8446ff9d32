package org.paceline.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when": a process supervised by {@code ocf:paceline:Process} keeps running, with
 * the same pid, while the built-in agents' bundle is updated in the running node; the new bundle's
 * agent monitors and stops it.
 *
 * <p>The node runs from a copy of the dist, whose {@code plugins/} folder FileInstall watches:
 * replacing the builtin jar there (a copy with another Bundle-Version) updates the bundle.
 */
class ProcessHotDeployIT {

  private static final String PROCESS = "ocf:paceline:Process";
  private static final String NEW_VERSION = "0.1.1.hotdeploy";

  @TempDir Path tmp;
  private AgentNode node;
  private Path pidFile;

  @AfterEach
  void cleanUp() throws IOException {
    if (pidFile != null) {
      supervisedPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aSupervisedProcessOutlivesAnUpdateOfTheBuiltinBundle() throws Exception {
    Path home = Dist.copy(tmp.resolve("dist"));
    node = AgentNode.start(home, tmp.resolve("work"), "ProcessHotDeployIT", "");
    pidFile = node.agentState().resolve("process/sup.pid");

    Dist.Result start =
        node.ra("run", PROCESS, "start", "--resource", "sup", "-p", "command=/bin/sleep 1000");
    assertThat(start.exitCode()).as(start.out() + start.err()).isZero();
    assertThat(start.out()).startsWith("ocf:paceline:Process start sup: rc=0 (ok) in ");
    long pid = supervisedPid().orElseThrow();
    ProcessHandle sleep = ProcessHandle.of(pid).orElseThrow();
    assertThat(sleep.info().commandLine().orElse("")).contains("sleep", "1000");
    JsonNode before =
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> agent(PROCESS), Optional::isPresent)
            .orElseThrow();
    assertThat(before.path("bundle").asText()).isEqualTo("org.paceline.ra.builtin");
    assertThat(before.path("bundleVersion").asText()).isNotEqualTo(NEW_VERSION);

    Path jar = builtinJar(home);
    Path newer = tmp.resolve("builtin-new.jar");
    withBundleVersion(jar, newer, NEW_VERSION);
    Files.move(newer, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                agent(PROCESS)
                    .filter(a -> a.path("bundleVersion").asText().equals(NEW_VERSION))
                    .isPresent());
    JsonNode after = agent(PROCESS).orElseThrow();
    assertThat(after.path("serviceId").asLong())
        .as("the bundle restarted: a new agent service")
        .isNotEqualTo(before.path("serviceId").asLong());

    assertThat(sleep.isAlive()).as("the supervised process survived the update").isTrue();
    assertThat(supervisedPid()).contains(pid);
    Dist.Result monitor = node.ra("run", PROCESS, "monitor", "-r", "sup", "--expect", "0");
    assertThat(monitor.exitCode()).as(monitor.out() + monitor.err()).isZero();
    assertThat(monitor.out()).contains("rc=0 (ok)");

    Dist.Result stop = node.ra("run", PROCESS, "stop", "-r", "sup", "--expect", "0");
    assertThat(stop.exitCode()).as(stop.out() + stop.err()).isZero();
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !sleep.isAlive());
    assertThat(node.rc(PROCESS, "monitor", "sup")).isEqualTo(7);
  }

  private Optional<JsonNode> agent(String id) {
    JsonNode list = Dist.api(node.dir(), "agents");
    if (list == null) {
      return Optional.empty();
    }
    for (JsonNode a : list.path("agents")) {
      if (a.path("id").asText().equals(id)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The pid in the Process agent's pid file (its first line). */
  private Optional<Long> supervisedPid() {
    try {
      return Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Path builtinJar(Path home) throws IOException {
    try (Stream<Path> s = Files.list(home.resolve("plugins"))) {
      return s.filter(p -> p.getFileName().toString().startsWith("paceline-ra-builtin"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no builtin jar in " + home + "/plugins"));
    }
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
          src.transferTo(dst);
          dst.closeEntry();
        }
      }
    }
  }
}
