package org.paceline.ra.ocf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.paceline.ra.ocf.TestAgents.context;
import static org.paceline.ra.ocf.TestAgents.request;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.ra.script.CommandRunner;
import org.paceline.ra.script.CommandSpec;
import org.paceline.ra.script.NodeMarker;

/** OCF agents written for the test into a temporary OCF root. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OcfAgentTest {

  private static final Duration T = Duration.ofSeconds(20);

  @TempDir Path root;
  @TempDir Path state;

  private final CommandRunner runner = new CommandRunner(Duration.ofMillis(300), Map.of());
  private OcfSettings settings;

  @BeforeEach
  void setUp() {
    settings = OcfSettings.defaults().withRoots(List.of(root));
  }

  private OcfAgent agent(String provider, String type) {
    return new OcfAgent(OcfScript.under(root, provider, type), settings, runner);
  }

  @Test
  void environmentFollowsOcfAndPacemaker() throws Exception {
    TestAgents.recorder(root, "test", "Recorder");
    OcfAgent agent = agent("test", "Recorder");
    Path dump = state.resolve("dump");
    OperationRequest req =
        new OperationRequest(
            "db:1",
            AgentAction.MONITOR,
            Map.of("dump", dump.toString(), "ip", "10.0.0.1"),
            Map.of("clone-max", "3", "notify_type", "pre", "globally-unique", "false"),
            Duration.ofSeconds(25),
            Duration.ofSeconds(10));
    OperationResult r = agent.execute(req, context(state, T));
    assertThat(r.is(OcfResultCode.OK)).as(r.toString()).isTrue();
    Map<String, String> env = TestAgents.readEnv(Path.of(dump + ".monitor"));
    Path rsctmp = state.resolve("ocf").resolve("rsctmp");
    Path varrun = state.resolve("ocf").resolve("run");
    assertThat(env)
        .containsEntry("OCF_ROOT", root.toString())
        .containsEntry("OCF_FUNCTIONS_DIR", root.resolve("lib/heartbeat").toString())
        .containsEntry("OCF_RA_VERSION_MAJOR", "1")
        .containsEntry("OCF_RA_VERSION_MINOR", "1")
        .containsEntry("OCF_RESOURCE_INSTANCE", "db:1")
        .containsEntry("OCF_RESOURCE_TYPE", "Recorder")
        .containsEntry("OCF_RESOURCE_PROVIDER", "test")
        .containsEntry("OCF_RESKEY_ip", "10.0.0.1")
        .containsEntry("OCF_RESKEY_dump", dump.toString())
        .containsEntry("OCF_RESKEY_CRM_meta_clone_max", "3")
        .containsEntry("OCF_RESKEY_CRM_meta_notify_type", "pre")
        .containsEntry("OCF_RESKEY_CRM_meta_globally_unique", "false")
        .containsEntry("OCF_RESKEY_CRM_meta_interval", "10000")
        .containsEntry("OCF_RESKEY_CRM_meta_timeout", "25000")
        .containsEntry("OCF_RESKEY_CRM_meta_on_node", "node-1")
        .containsEntry("OCF_RESKEY_crm_feature_set", OcfEnvironment.CRM_FEATURE_SET)
        .containsEntry("HA_RSCTMP", rsctmp.toString())
        .containsEntry("HA_VARRUN", varrun.toString())
        .containsEntry("HA_SBIN_DIR", state.resolve("ocf/sbin").toString())
        .containsEntry("PATH", state.resolve("ocf/sbin") + ":" + CommandSpec.DEFAULT_PATH)
        .containsEntry("PACELINE_NODE_NAME", "node-1")
        .doesNotContainKeys("HOME", "USER", "JAVA_HOME", "CLASSPATH", NodeMarker.VARIABLE);
    assertThat(rsctmp).isDirectory();
    assertThat(varrun).isDirectory();
    assertThat(state.resolve("ocf/sbin/crm_attribute")).isExecutable();
    // nothing from the JVM's environment but PATH (and what sh itself sets)
    assertThat(env.keySet())
        .allMatch(
            k ->
                k.startsWith("OCF_")
                    || k.startsWith("HA_")
                    || List.of("PATH", "PWD", "SHLVL", "_", "PACELINE_NODE_NAME").contains(k),
            "only OCF, HA and PATH variables and the node's name");
  }

  @Test
  void agentsGetTheNodesAdminApiForTheirToolsAndTheNodesMarker() throws Exception {
    TestAgents.recorder(root, "test", "Recorder");
    Path fixed = state.resolve("fixed");
    ClusterTools tools =
        new ClusterTools(
            new ClusterTools.AdminAccess(
                state.resolve("run/admin.url"), state.resolve("credential")));
    String marker = state.resolve("run/paceline.pid").toString();
    OcfAgent agent =
        new OcfAgent(
            OcfScript.under(root, "test", "Recorder"),
            settings.withRuntimeDir(fixed),
            new CommandRunner(Duration.ofMillis(300), Map.of(NodeMarker.VARIABLE, marker)),
            tools);
    Path dump = state.resolve("dump");
    OperationResult r =
        agent.execute(
            request("r", AgentAction.START, Map.of("dump", dump.toString())), context(state, T));
    assertThat(r.is(OcfResultCode.OK)).as(r.toString()).isTrue();
    assertThat(TestAgents.readEnv(Path.of(dump + ".start")))
        .containsEntry("HA_SBIN_DIR", fixed.resolve("sbin").toString())
        .containsEntry("PATH", fixed.resolve("sbin") + ":" + CommandSpec.DEFAULT_PATH)
        .containsEntry("PACELINE_ADMIN_URL_FILE", state.resolve("run/admin.url").toString())
        .containsEntry("PACELINE_ADMIN_CREDENTIAL_FILE", state.resolve("credential").toString())
        .containsEntry(NodeMarker.VARIABLE, marker);
    assertThat(TestAgents.readEnv(Path.of(dump + ".validate-all")))
        .containsEntry(NodeMarker.VARIABLE, marker);
    for (String tool : ClusterTools.TOOLS) {
      assertThat(fixed.resolve("sbin").resolve(tool)).isExecutable();
    }
  }

  @Test
  void toolsThatCannotBeInstalledFailTheOperationNamingTheFolder() throws Exception {
    TestAgents.recorder(root, "test", "Recorder");
    Path fixed = state.resolve("fixed");
    Files.createDirectories(fixed);
    Files.writeString(fixed.resolve("sbin"), "a file where the folder should be");
    settings = settings.withRuntimeDir(fixed);
    OperationResult r =
        agent("test", "Recorder")
            .execute(
                request("r", AgentAction.START, Map.of("dump", state.resolve("d").toString())),
                context(state, T));
    assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(r.exitReason())
        .contains("cannot create the agents' runtime directories and tools under " + fixed)
        .contains(fixed.resolve("sbin").toString());
  }

  @Test
  void probeIsAMonitorWithIntervalZero() throws Exception {
    TestAgents.recorder(root, "test", "Recorder");
    Path dump = state.resolve("dump");
    OperationRequest probe = request("r", AgentAction.MONITOR, Map.of("dump", dump.toString()));
    assertThat(probe.isProbe()).isTrue();
    agent("test", "Recorder").execute(probe, context(state, T));
    assertThat(TestAgents.actions(dump)).containsExactly("monitor");
    assertThat(TestAgents.readEnv(Path.of(dump + ".monitor")))
        .containsEntry("OCF_RESKEY_CRM_meta_interval", "0");
  }

  @Test
  void parametersWithShellMetacharactersArriveVerbatim() throws Exception {
    TestAgents.recorder(root, "test", "Recorder");
    Path dump = state.resolve("dump");
    Path marker = state.resolve("pwned");
    String hostile =
        "$(touch "
            + marker
            + ") `touch "
            + marker
            + "`; touch "
            + marker
            + " | 'quoted' \"double\" \\\nline2 ${PATH} *";
    OperationResult r =
        agent("test", "Recorder")
            .execute(
                request("r", AgentAction.START, Map.of("dump", dump.toString(), "evil", hostile)),
                context(state, T));
    assertThat(r.is(OcfResultCode.OK)).as(r.toString()).isTrue();
    Map<String, String> env = TestAgents.readEnv(Path.of(dump + ".start"));
    assertThat(env).containsEntry("OCF_RESKEY_evil", hostile);
    assertThat(marker).doesNotExist();
  }

  @Test
  void parameterThatCannotBeAnEnvironmentVariableIsAConfigurationError() throws Exception {
    TestAgents.recorder(root, "test", "Recorder");
    Path dump = state.resolve("dump");
    OperationResult badName =
        agent("test", "Recorder")
            .execute(
                request("r", AgentAction.START, Map.of("dump", dump.toString(), "a=b", "1")),
                context(state, T));
    assertThat(badName.is(OcfResultCode.ERR_CONFIGURED)).isTrue();
    assertThat(badName.exitReason()).contains("'a=b'");
    OperationResult badValue =
        agent("test", "Recorder")
            .execute(
                request("r", AgentAction.START, Map.of("dump", dump.toString(), "v", "a\0b")),
                context(state, T));
    assertThat(badValue.is(OcfResultCode.ERR_CONFIGURED)).isTrue();
    assertThat(badValue.exitReason()).contains("'v'").contains("NUL");
    assertThat(Path.of(dump + ".actions")).doesNotExist();
  }

  @Test
  void validateAllRunsBeforeStartAndCanRefuseIt() throws Exception {
    TestAgents.recorder(root, "test", "Recorder");
    Path dump = state.resolve("dump");
    OcfAgent agent = agent("test", "Recorder");
    OperationResult ok =
        agent.execute(
            request("r", AgentAction.START, Map.of("dump", dump.toString())), context(state, T));
    assertThat(ok.is(OcfResultCode.OK)).isTrue();
    assertThat(TestAgents.actions(dump)).containsExactly("validate-all", "start");

    Path dump2 = state.resolve("dump2");
    OperationResult refused =
        agent.execute(
            request("r", AgentAction.START, Map.of("dump", dump2.toString(), "valid", "false")),
            context(state, T));
    assertThat(refused.is(OcfResultCode.ERR_CONFIGURED)).isTrue();
    assertThat(refused.exitReason()).isEqualTo("validate-all before start failed: valid is false");
    assertThat(TestAgents.actions(dump2)).containsExactly("validate-all");

    // only start is validated
    Path dump3 = state.resolve("dump3");
    agent.execute(
        request("r", AgentAction.STOP, Map.of("dump", dump3.toString())), context(state, T));
    assertThat(TestAgents.actions(dump3)).containsExactly("stop");
  }

  @Test
  void aValidationJustBeforeStandsInForTheStartsOwnOnceAndOnlyWithTheSameParameters()
      throws Exception {
    TestAgents.recorder(root, "test", "Recorder");
    Path dump = state.resolve("dump");
    OcfAgent agent = agent("test", "Recorder");
    Map<String, String> params = Map.of("dump", dump.toString());
    agent.execute(request("r", AgentAction.VALIDATE_ALL, params), context(state, T));
    agent.execute(request("r", AgentAction.START, params), context(state, T));
    assertThat(TestAgents.actions(dump)).containsExactly("validate-all", "start");
    // it served one start: the next is validated again
    agent.execute(request("r", AgentAction.START, params), context(state, T));
    assertThat(TestAgents.actions(dump))
        .containsExactly("validate-all", "start", "validate-all", "start");

    // other parameters: validated again, and a refusal still refuses
    Path dump2 = state.resolve("dump2");
    agent.execute(
        request("r", AgentAction.VALIDATE_ALL, Map.of("dump", dump2.toString())),
        context(state, T));
    OperationResult refused =
        agent.execute(
            request("r", AgentAction.START, Map.of("dump", dump2.toString(), "valid", "false")),
            context(state, T));
    assertThat(refused.is(OcfResultCode.ERR_CONFIGURED)).isTrue();
    assertThat(TestAgents.actions(dump2)).containsExactly("validate-all", "validate-all");

    // a failed validation ahead of time is no stand-in either
    Path dump3 = state.resolve("dump3");
    Map<String, String> bad = Map.of("dump", dump3.toString(), "valid", "false");
    agent.execute(request("r", AgentAction.VALIDATE_ALL, bad), context(state, T));
    agent.execute(request("r", AgentAction.START, bad), context(state, T));
    assertThat(TestAgents.actions(dump3)).containsExactly("validate-all", "validate-all");
  }

  @Test
  void everyOcfCodeIsPassedThrough() throws Exception {
    TestAgents.recorder(root, "test", "Recorder");
    OcfAgent agent = agent("test", "Recorder");
    Path dump = state.resolve("dump");
    for (OcfResultCode code : OcfResultCode.values()) {
      OperationResult r =
          agent.execute(
              request(
                  "r",
                  AgentAction.MONITOR,
                  Map.of("dump", dump.toString(), "rc", Integer.toString(code.code()))),
              context(state, T));
      assertThat(r.status()).isEqualTo(ExecutionStatus.DONE);
      assertThat(r.rc()).isEqualTo(code);
    }
  }

  @Test
  void exitStatusOutsideOcfIsAnErrorNamingIt() throws Exception {
    TestAgents.write(root, "test", "FortyTwo", "echo 'ocf-exit-reason:so long' >&2\nexit 42\n");
    OperationResult r =
        agent("test", "FortyTwo")
            .execute(request("r", AgentAction.START, Map.of()), context(state, T));
    assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(r.exitReason())
        .contains("status 42")
        .contains("not an OCF return code")
        .contains("so long");
  }

  @Test
  void agentKilledByASignalIsAnError() throws Exception {
    TestAgents.write(root, "test", "Suicide", "kill -9 $$\n");
    OperationResult r =
        agent("test", "Suicide")
            .execute(request("r", AgentAction.START, Map.of()), context(state, T));
    assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(r.exitReason()).contains("status 137").contains("signal 9");
  }

  @Test
  void lastExitReasonOnStderrIsTheReason() throws Exception {
    TestAgents.write(
        root,
        "test",
        "Reasons",
        "echo 'ocf-exit-reason:first' >&2\necho 'some noise' >&2\n"
            + "echo 'ocf-exit-reason:not on stdout'\n"
            + "echo 'ocf-exit-reason:  the real one  ' >&2\necho 'more noise' >&2\nexit 5\n");
    OperationResult r =
        agent("test", "Reasons")
            .execute(request("r", AgentAction.START, Map.of()), context(state, T));
    assertThat(r.is(OcfResultCode.ERR_INSTALLED)).isTrue();
    assertThat(r.exitReason()).isEqualTo("the real one");
    assertThat(r.output()).contains("some noise").contains("more noise");
  }

  @Test
  void hangingAgentIsKilledAtTheDeadline() throws Exception {
    Path pids = state.resolve("pids");
    TestAgents.write(
        root,
        "test",
        "Hang",
        "[ \"$1\" = meta-data ] && exit 3\ntrap '' TERM\necho $$ > "
            + pids
            + "\nsleep 1000 &\necho $! >> "
            + pids
            + "\nwait\n");
    OperationResult r =
        agent("test", "Hang")
            .execute(
                request("r", AgentAction.START, Map.of()), context(state, Duration.ofSeconds(2)));
    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(r.exitReason()).contains("timed out");
    List<Long> started = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
    assertThat(started).hasSize(2);
    for (long pid : started) {
      await().atMost(T).until(() -> !TestAgents.isLive(pid));
    }
  }

  @Test
  void interruptStopsTheAgentAndPropagates() throws Exception {
    Path pids = state.resolve("pids");
    TestAgents.write(
        root,
        "test",
        "Hang",
        "[ \"$1\" = meta-data ] && exit 3\necho $$ > " + pids + "\nexec sleep 1000\n");
    OcfAgent agent = agent("test", "Hang");
    Thread caller = Thread.currentThread();
    Thread interrupter =
        new Thread(
            () -> {
              await().atMost(T).until(() -> Files.exists(pids) && Files.size(pids) > 0);
              caller.interrupt();
            },
            "test-interrupter");
    interrupter.start();
    boolean interrupted = false;
    try {
      agent.execute(request("r", AgentAction.START, Map.of()), context(state, T));
    } catch (InterruptedException e) {
      interrupted = true;
    }
    interrupter.join(TimeUnit.SECONDS.toMillis(20));
    assertThat(interrupted).isTrue();
    long pid = Long.parseLong(Files.readString(pids).trim());
    await().atMost(T).until(() -> !TestAgents.isLive(pid));
  }

  @Test
  void garbageMetadataIsAClearErrorNeverAnException() throws Exception {
    TestAgents.write(
        root,
        "test",
        "Garbage",
        "if [ \"$1\" = meta-data ]; then echo '<resource-agent name=\"x\"><unclosed>'; exit 0; fi\n"
            + "exit 0\n");
    OcfAgent agent = agent("test", "Garbage");
    AgentMetadata md = agent.metadata();
    assertThat(md.name()).isEqualTo("Garbage");
    assertThat(md.shortDescription()).startsWith("meta-data unavailable: ").contains("XML");
    assertThat(md.parameters()).isEmpty();
    assertThat(agent.metadataError()).isPresent();
    assertThat(agent.warnings()).singleElement().asString().contains("ocf:test:Garbage");

    OperationResult r =
        agent.execute(request("r", AgentAction.META_DATA, Map.of()), context(state, T));
    assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
    assertThat(r.exitReason()).contains("not well-formed XML");
    // the agent still runs (without validate-all, which it cannot be known to support)
    assertThat(
            agent
                .execute(request("r", AgentAction.START, Map.of()), context(state, T))
                .is(OcfResultCode.OK))
        .isTrue();
  }

  @Test
  void metadataFailingOrHangingIsAClearError() throws Exception {
    TestAgents.write(
        root, "test", "NoMeta", "echo 'ocf-exit-reason:no meta for you' >&2\nexit 3\n");
    assertThat(agent("test", "NoMeta").metadataError())
        .hasValueSatisfying(
            e -> assertThat(e).contains("OCF_ERR_UNIMPLEMENTED(3)").contains("no meta for you"));

    TestAgents.write(root, "test", "SlowMeta", "exec sleep 1000\n");
    settings = settings.withMetadataTimeout(Duration.ofMillis(500));
    assertThat(agent("test", "SlowMeta").metadataError())
        .hasValueSatisfying(e -> assertThat(e).contains("timed out"));
  }

  @Test
  void theMetadataIsReadAtAProbeOrValidationNotAtTheFirstStart() throws Exception {
    for (AgentAction first : List.of(AgentAction.MONITOR, AgentAction.VALIDATE_ALL)) {
      Path calls = state.resolve("calls-" + first.ocfName());
      String body =
          "echo \"$1\" >> "
              + calls
              + "\nif [ \"$1\" = meta-data ]; then cat <<'END'\n"
              + String.format(TestAgents.META, "Early")
              + "END\nfi\n[ \"$1\" = monitor ] && exit 7\nexit 0\n";
      TestAgents.write(root, "test", "Early", body);
      OcfAgent agent = agent("test", "Early");
      agent.execute(request("r", first, Map.of()), context(state, T));
      assertThat(Files.readAllLines(calls)).containsExactly("meta-data", first.ocfName());
      agent.execute(request("r", AgentAction.START, Map.of()), context(state, T));
      List<String> all = Files.readAllLines(calls);
      assertThat(all.subList(2, all.size()))
          .as("the start after a %s", first.ocfName())
          .doesNotContain("meta-data")
          .endsWith("start");
    }
  }

  @Test
  void metadataIsCachedUntilTheScriptChanges() throws Exception {
    Path counter = state.resolve("count");
    String body =
        "if [ \"$1\" = meta-data ]; then echo x >> "
            + counter
            + "; cat <<'END'\n"
            + String.format(TestAgents.META, "Counted")
            + "END\nfi\nexit 0\n";
    Path file = TestAgents.write(root, "test", "Counted", body);
    OcfAgent agent = agent("test", "Counted");
    assertThat(agent.metadata().name()).isEqualTo("Counted");
    assertThat(agent.metadata().supports("validate-all")).isTrue();
    assertThat(Files.readAllLines(counter)).hasSize(1);
    Files.writeString(file, "#!/bin/sh\n" + body.replace("name=\"Counted\"", "name=\"Renamed\""));
    Files.setLastModifiedTime(
        file,
        java.nio.file.attribute.FileTime.fromMillis(
            Files.getLastModifiedTime(file).toMillis() + 5000));
    assertThat(agent.metadata().name()).isEqualTo("Renamed");
    assertThat(Files.readAllLines(counter)).hasSize(2);
  }

  @Test
  void missingOrNotExecutableScriptIsReported() throws Exception {
    OperationResult missing =
        agent("test", "Missing")
            .execute(request("r", AgentAction.START, Map.of()), context(state, T));
    assertThat(missing.status()).isEqualTo(ExecutionStatus.NOT_INSTALLED);
    assertThat(missing.rc()).isEqualTo(OcfResultCode.ERR_INSTALLED);
    assertThat(missing.exitReason()).contains("no longer exists");

    Path file = TestAgents.write(root, "test", "Plain", "exit 0\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    OperationResult plain =
        agent("test", "Plain")
            .execute(request("r", AgentAction.START, Map.of()), context(state, T));
    assertThat(plain.status()).isEqualTo(ExecutionStatus.ERROR);
    assertThat(plain.exitReason()).contains("not executable");
    assertThat(agent("test", "Plain").metadataError())
        .hasValueSatisfying(e -> assertThat(e).contains("not executable"));
  }

  @Test
  void runtimeDirectoryCanBeConfigured() throws Exception {
    TestAgents.recorder(root, "test", "Recorder");
    Path fixed = state.resolve("fixed");
    settings = settings.withRuntimeDir(fixed);
    Path dump = state.resolve("dump");
    agent("test", "Recorder")
        .execute(
            request("r", AgentAction.STOP, Map.of("dump", dump.toString())), context(state, T));
    assertThat(TestAgents.readEnv(Path.of(dump + ".stop")))
        .containsEntry("HA_RSCTMP", fixed.resolve("rsctmp").toString())
        .containsEntry("HA_VARRUN", fixed.resolve("run").toString());
  }
}
