package org.paceline.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/writing-agents.md, followed by a test: the example agent ({@code ra-plugins/example}'s
 * {@code bnd.bnd} and {@code src/}) is built outside the Paceline tree with the standalone pom the
 * page shows, against the API in the local Maven repository, and the jar is dropped into a running
 * node's deploy folder; {@code ra list} then shows {@code ocf:example:Greeter} and {@code ra run}
 * starts, monitors and stops it.
 */
class WritingAgentsIT {

  private static final String GREETER = "ocf:example:Greeter";

  /**
   * install-file of the install plugin the root pom manages (Maven's default for a bare {@code
   * install:install-file} is an old version whose dependencies an offline build may not have).
   */
  private static final String INSTALL_FILE =
      "org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file";

  @TempDir Path tmp;
  private AgentNode node;

  @AfterEach
  void stopNode() throws IOException {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void theExampleBuiltAsTheDocSaysIsHotDeployedAndRuns() throws Exception {
    Path root = Path.of(System.getProperty("paceline.root", "..")).toAbsolutePath().normalize();
    Path project = tmp.resolve("my-agent");
    Files.createDirectories(project);
    Files.writeString(project.resolve("pom.xml"), standalonePom(root));
    Files.copy(root.resolve("ra-plugins/example/bnd.bnd"), project.resolve("bnd.bnd"));
    copyTree(root.resolve("ra-plugins/example/src"), project.resolve("src"));
    ensureApiInstalled(root);

    mvn(project, "-q", "-B", "package");
    Path jar = project.resolve("target/my-agent-1.0.0.jar");
    assertThat(jar).exists();

    node = AgentNode.start(Dist.home(), tmp.resolve("work"), "WritingAgentsIT", "");
    assertThat(greeter()).isEmpty();
    Path staged = tmp.resolve("greeter.jar");
    Files.copy(jar, staged);
    Files.move(staged, node.deploy().resolve("my-agent.jar"), StandardCopyOption.ATOMIC_MOVE);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> greeter().isPresent());
    assertThat(greeter().orElseThrow().path("bundleVersion").asText()).isEqualTo("1.0.0");

    Dist.Result list = node.ra("list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).containsPattern("(?m)^ocf:example:Greeter +1\\.0\\.0 ");

    Dist.Result start =
        node.ra("run", GREETER, "start", "-r", "hello", "-p", "greeting=hi there", "--expect", "0");
    assertThat(start.exitCode()).as(start.out() + start.err()).isZero();
    assertThat(start.out()).startsWith("ocf:example:Greeter start hello: rc=0 (ok) in ");
    assertThat(node.rc(GREETER, "monitor", "hello")).isZero();
    assertThat(node.rc(GREETER, "stop", "hello")).isZero();
    assertThat(node.rc(GREETER, "monitor", "hello")).isEqualTo(7);
  }

  private Optional<JsonNode> greeter() {
    JsonNode list = Dist.api(node.dir(), "agents");
    if (list == null) {
      return Optional.empty();
    }
    for (JsonNode a : list.path("agents")) {
      if (a.path("id").asText().equals(GREETER)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The standalone pom of docs/writing-agents.md: the page's only xml block. */
  private static String standalonePom(Path root) throws IOException {
    String doc = Files.readString(root.resolve("docs/writing-agents.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(m.find()).as("docs/writing-agents.md has the standalone pom").isTrue();
    String pom = m.group(1);
    assertThat(pom).contains("<artifactId>paceline-api</artifactId>", "bnd-maven-plugin");
    return pom;
  }

  /**
   * The page says to install the API into the local repository first ({@code mvn install -pl
   * bundles/api -am}). A reactor build that only ran {@code verify} has not; then the API jar it
   * built is installed, with the parent pom, as that command would.
   */
  private static void ensureApiInstalled(Path root) throws Exception {
    String version = System.getProperty("paceline.version", "0.1.0-SNAPSHOT");
    Path repo = localRepository();
    Path api = repo.resolve("org/paceline/paceline-api/" + version);
    Path parent = repo.resolve("org/paceline/paceline-parent/" + version);
    if (Files.exists(api.resolve("paceline-api-" + version + ".jar"))
        && Files.exists(parent.resolve("paceline-parent-" + version + ".pom"))) {
      return;
    }
    Path built = root.resolve("bundles/api/target/paceline-api-" + version + ".jar");
    Assumptions.assumeTrue(
        Files.exists(built), "the API is neither in the local repository nor built at " + built);
    Path work = Files.createTempDirectory("install-api");
    mvn(
        work,
        "-q",
        "-B",
        INSTALL_FILE,
        "-Dfile=" + root.resolve("pom.xml"),
        "-DpomFile=" + root.resolve("pom.xml"),
        "-Dpackaging=pom");
    mvn(
        work,
        "-q",
        "-B",
        INSTALL_FILE,
        "-Dfile=" + built,
        "-DpomFile=" + root.resolve("bundles/api/pom.xml"));
  }

  private static Path localRepository() {
    String repo = System.getProperty("maven.repo.local", "");
    return repo.isBlank()
        ? Path.of(System.getProperty("user.home"), ".m2", "repository")
        : Path.of(repo);
  }

  /** Runs Maven in {@code dir} (as offline as the build running this test) and checks it passed. */
  private static void mvn(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(mavenExecutable());
    if (System.getProperty("paceline.maven.offline", "").equals("offline=true")) {
      cmd.add("-o");
    }
    cmd.add("-Dmaven.repo.local=" + localRepository());
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile(dir.getParent(), "mvn", ".log");
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 3 minutes");
    }
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + Files.readString(log)).isZero();
  }

  private static String mavenExecutable() {
    String home = System.getProperty("maven.home", "");
    if (!home.isBlank() && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mvn"))) {
        return Path.of(dir, "mvn").toString();
      }
    }
    Assumptions.abort("no Maven found (maven.home unset and no mvn on PATH)");
    throw new IllegalStateException("unreachable");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
