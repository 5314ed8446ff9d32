package org.paceline.ra.ocf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.ra.script.CommandResult;
import org.paceline.ra.script.CommandRunner;
import org.paceline.ra.script.CommandSpec;

/** The crm_attribute, crm_master, attrd_updater and crm_node scripts against a fake admin API. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterToolsTest {

  private static final Duration T = Duration.ofSeconds(20);

  @TempDir Path tmp;

  private final CommandRunner runner = new CommandRunner(Duration.ofMillis(300), Map.of());
  private FakeAdminApi api;
  private Path sbin;
  private ClusterTools tools;

  @BeforeEach
  void start() throws IOException {
    api = new FakeAdminApi(tmp.resolve("state"));
    tools = new ClusterTools(api.access());
    sbin = tools.install(tmp.resolve("state/agents/ocf/sbin"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** The environment an agent of resource {@code rsc} gets, plus {@code extra}. */
  private Map<String, String> env(String rsc, Map<String, String> extra) {
    Map<String, String> env =
        new LinkedHashMap<>(
            OcfEnvironment.withTools(
                CommandSpec.baseEnvironment(), sbin, tools.environment(sbin, "node-1")));
    if (rsc != null) {
      env.put("OCF_RESOURCE_INSTANCE", rsc);
    }
    env.putAll(extra);
    return env;
  }

  private CommandResult run(Map<String, String> env, String tool, String... args)
      throws InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add(tool);
    argv.addAll(List.of(args));
    return runner.run(CommandSpec.of(argv).withEnvironment(env), T);
  }

  private CommandResult run(String tool, String... args) throws InterruptedException {
    return run(env("web:1", Map.of()), tool, args);
  }

  private static void ok(CommandResult r) {
    assertThat(r.exitCode()).as("%s / %s", r.stdout(), r.stderr()).isZero();
  }

  @Test
  void installsExecutableScriptsOnceAndRepairsThem() throws IOException {
    for (String tool : ClusterTools.TOOLS) {
      assertThat(sbin.resolve(tool)).isExecutable();
      assertThat(Files.readString(sbin.resolve(tool))).startsWith("#!/bin/sh\n");
    }
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(sbin.resolve(ClusterTools.LIBRARY))))
        .isEqualTo("rw-r--r--");
    Files.writeString(sbin.resolve("crm_node"), "#!/bin/sh\necho tampered\n");
    Files.delete(sbin.resolve("crm_attribute"));
    tools.install(sbin);
    assertThat(sbin.resolve("crm_attribute")).isExecutable();
    assertThat(Files.readString(sbin.resolve("crm_node"))).doesNotContain("tampered");
    try (var files = Files.list(sbin)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("no temporary file is left")
          .containsExactlyInAnyOrder(
              "crm_attribute", "crm_master", "attrd_updater", "crm_node", "paceline-tools.sh");
    }
    Map<String, String> env = env(null, Map.of());
    assertThat(env)
        .containsEntry("HA_SBIN_DIR", sbin.toString())
        .containsEntry("PATH", sbin + ":" + CommandSpec.DEFAULT_PATH)
        .containsEntry("PACELINE_NODE_NAME", "node-1")
        .containsEntry("PACELINE_ADMIN_URL_FILE", api.urlFile.toString())
        .containsEntry("PACELINE_ADMIN_CREDENTIAL_FILE", api.credentialFile.toString());
  }

  @Test
  void promotionScoresOfAnonymousAndUniqueClones() throws Exception {
    ok(run("crm_attribute", "--promotion", "-v", "5"));
    ok(
        run(
            env("db:0", Map.of("OCF_RESKEY_CRM_meta_globally_unique", "true")),
            "crm_attribute",
            "-p",
            "-v",
            "7"));
    ok(run(env("plain", Map.of()), "crm_attribute", "-p", "-v", "-INFINITY"));
    assertThat(api.posts())
        .containsExactly(
            "{\"name\":\"master-web\",\"value\":\"5\",\"lifetime\":\"reboot\"}",
            "{\"name\":\"master-db:0\",\"value\":\"7\",\"lifetime\":\"reboot\"}",
            "{\"name\":\"master-plain\",\"value\":\"-INFINITY\",\"lifetime\":\"reboot\"}");
    assertThat(api.requests).allMatch(r -> r.path().equals("/api/v1/nodes/node-1/attributes"));
    assertThat(api.transients.get("node-1")).containsEntry("master-web", "5");

    CommandResult query = run("crm_attribute", "-p", "-G", "-q");
    ok(query);
    assertThat(query.stdout()).isEqualTo("5\n");
    assertThat(run("crm_attribute", "--promotion", "--query").stdout())
        .isEqualTo("scope=status  name=master-web value=5\n");

    ok(run("crm_attribute", "-p", "-D"));
    assertThat(api.posts())
        .last()
        .isEqualTo("{\"name\":\"master-web\",\"value\":null,\"lifetime\":\"reboot\"}");
    CommandResult gone = run("crm_attribute", "-p", "-G", "-q");
    assertThat(gone.exitCode()).isEqualTo(105);
    assertThat(gone.stderr())
        .isEqualTo("crm_attribute: node node-1 has no attribute 'master-web' (reboot)\n");
    assertThat(run("crm_attribute", "-p", "-Gq", "-d", "0").stdout()).isEqualTo("0\n");
  }

  @Test
  void theLegacyCrmMasterSetsTheSameScore() throws Exception {
    ok(run("crm_master", "-l", "reboot", "-v", "100"));
    ok(run("crm_master", "-r", "other", "-v", "3"));
    assertThat(api.transients.get("node-1"))
        .containsEntry("master-web", "100")
        .containsEntry("master-other", "3");
    assertThat(run("crm_master", "-G", "-q").stdout()).isEqualTo("100\n");
    ok(run("crm_master", "-l", "reboot", "-D"));
    assertThat(api.transients.get("node-1")).doesNotContainKey("master-web");
  }

  @Test
  void nodeAttributesOfAnyLifetimeWithAwkwardNamesAndValues() throws Exception {
    String value = "a \"quoted\" \\ value, {with} [json] & é";
    ok(run("crm_attribute", "-N", "n2", "-n", "rack", "-v", value, "-l", "forever"));
    ok(
        run(
            "crm_attribute",
            "--node=n2",
            "--name=fail-count-web#monitor_10000",
            "--update=3",
            "--lifetime=reboot"));
    ok(run("crm_attribute", "-t", "status", "-n", "local", "-v", "x"));
    assertThat(api.permanents.get("n2")).containsEntry("rack", value);
    assertThat(api.transients.get("n2")).containsEntry("fail-count-web#monitor_10000", "3");
    assertThat(api.transients.get("node-1")).containsEntry("local", "x");
    assertThat(run("crm_attribute", "-N", "n2", "-n", "rack", "-G", "-q").stdout())
        .isEqualTo(value + "\n");
    assertThat(run("crm_attribute", "-N", "n2", "-n", "rack", "-G").stdout())
        .isEqualTo("scope=nodes  name=rack value=" + value + "\n");
    assertThat(
            run(
                    "crm_attribute",
                    "-N",
                    "n2",
                    "-n",
                    "fail-count-web#monitor_10000",
                    "-l",
                    "reboot",
                    "-G",
                    "-q")
                .stdout())
        .isEqualTo("3\n");
    assertThat(api.requests.get(api.requests.size() - 1).path())
        .isEqualTo("/api/v1/nodes/n2/attributes/fail-count-web#monitor_10000");
    CommandResult wrongLifetime = run("crm_attribute", "-N", "n2", "-n", "rack", "-l", "reboot");
    assertThat(wrongLifetime.exitCode()).as("rack is permanent, not transient").isEqualTo(105);
  }

  @Test
  void attrdUpdaterAndCrmNode() throws Exception {
    ok(run("attrd_updater", "-n", "pingd", "-U", "1000"));
    assertThat(api.posts())
        .containsExactly("{\"name\":\"pingd\",\"value\":\"1000\",\"lifetime\":\"reboot\"}");
    assertThat(run("attrd_updater", "-n", "pingd", "-Q").stdout())
        .isEqualTo("name=\"pingd\" host=\"node-1\" value=\"1000\"\n");
    ok(run("attrd_updater", "-n", "pingd", "-N", "n2", "-B", "5", "-d", "5s"));
    assertThat(api.transients.get("n2")).containsEntry("pingd", "5");
    ok(run("attrd_updater", "-n", "pingd", "-D"));
    assertThat(run("attrd_updater", "-n", "pingd", "-Q").exitCode()).isEqualTo(105);

    CommandResult name = run("crm_node", "-n");
    ok(name);
    assertThat(name.stdout()).isEqualTo("node-1\n");
    CommandResult byPath =
        runner.run(
            CommandSpec.of("/bin/sh", "-c", "crm_node -n").withEnvironment(env(null, Map.of())), T);
    assertThat(byPath.stdout()).as("found first in PATH").isEqualTo("node-1\n");
    assertThat(run("crm_node", "-l").exitCode()).isEqualTo(3);
  }

  @Test
  void anUnreachableOrUnknownAdminApiIsAClearError() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    CommandResult down =
        run(
            env("web", Map.of("PACELINE_ADMIN_URL", "http://127.0.0.1:" + closed + "/")),
            "crm_attribute",
            "-p",
            "-v",
            "5");
    assertThat(down.exitCode()).isEqualTo(102);
    assertThat(down.stderr())
        .contains("crm_attribute: cannot reach the node's admin API at http://127.0.0.1:" + closed);

    Files.delete(api.urlFile);
    CommandResult stopped = run("crm_attribute", "-p", "-v", "5");
    assertThat(stopped.exitCode()).isEqualTo(102);
    assertThat(stopped.stderr())
        .isEqualTo(
            "crm_attribute: cannot read the node's admin API address from "
                + api.urlFile
                + " (is the node running?)\n");

    Map<String, String> bare = new LinkedHashMap<>(CommandSpec.baseEnvironment());
    bare.put("OCF_RESOURCE_INSTANCE", "web");
    CommandResult unknown = run(bare, sbin + "/crm_attribute", "-p", "-v", "5");
    assertThat(unknown.exitCode()).isEqualTo(102);
    assertThat(unknown.stderr()).contains("the local node's name is unknown");
    bare.put("PACELINE_NODE_NAME", "node-1");
    assertThat(run(bare, sbin + "/crm_attribute", "-p", "-v", "5").stderr())
        .contains("neither PACELINE_ADMIN_URL nor PACELINE_ADMIN_URL_FILE is set");
    assertThat(api.requests).isEmpty();
  }

  @Test
  void refusedCredentialsUnknownNodesAndBadArgumentsAreClearErrors() throws Exception {
    Files.writeString(api.credentialFile, "paceline:wrong\n");
    CommandResult refused = run("crm_attribute", "-p", "-v", "5");
    assertThat(refused.exitCode()).isEqualTo(77);
    assertThat(refused.stderr()).contains("refused the credential in " + api.credentialFile);
    Files.writeString(api.credentialFile, FakeAdminApi.CREDENTIAL + "\n");

    CommandResult noNode = run("crm_attribute", "-N", "n9", "-n", "a", "-v", "1", "-l", "reboot");
    assertThat(noNode.exitCode()).isEqualTo(1);
    assertThat(noNode.stderr())
        .isEqualTo("crm_attribute: the admin API answered 404: no node 'n9' in this cluster\n");

    assertThat(run("crm_attribute", "-n", "x", "-v", "1").exitCode())
        .as("cluster options are not node attributes")
        .isEqualTo(3);
    CommandResult missingValue = run("crm_attribute", "-p", "-v");
    assertThat(missingValue.exitCode()).isEqualTo(64);
    assertThat(missingValue.stderr()).contains("option -v needs a value");
    assertThat(run("crm_attribute", "--bogus").stderr()).contains("unknown option '--bogus'");
    assertThat(run("crm_attribute", "-N", "n2", "-v", "1").stderr()).contains("-n NAME");
    assertThat(run("crm_attribute", "-p", "-v", "a\nb").exitCode()).isEqualTo(64);
    assertThat(run("crm_attribute", "-l", "week", "-n", "a").exitCode()).isEqualTo(64);
    assertThat(run(env(null, Map.of()), "crm_attribute", "-p", "-v", "1").stderr())
        .contains("OCF_RESOURCE_INSTANCE is not set");
    assertThat(run("attrd_updater", "-n", "a").exitCode()).isEqualTo(64);
    assertThat(run("crm_attribute", "--help").stdout()).contains("--promotion");
    assertThat(api.requests).hasSize(1);
  }
}
