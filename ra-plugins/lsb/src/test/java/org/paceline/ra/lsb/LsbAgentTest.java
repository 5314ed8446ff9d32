package org.paceline.ra.lsb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.ra.script.CommandRunner;
import org.paceline.ra.script.NodeMarker;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LsbAgentTest {

  private static final Duration T = Duration.ofSeconds(20);

  @TempDir Path etc;
  @TempDir Path run;

  private final CommandRunner runner = new CommandRunner(Duration.ofMillis(300), Map.of());

  private Path initDir() {
    return etc.resolve("init.d");
  }

  private LsbAgent agent(Path script) {
    return new LsbAgent(script, etc, runner);
  }

  private OperationResult exec(LsbAgent agent, AgentAction action) throws InterruptedException {
    return exec(agent, action, Map.of(), T);
  }

  private OperationResult exec(
      LsbAgent agent, AgentAction action, Map<String, String> params, Duration timeout)
      throws InterruptedException {
    return agent.execute(
        new OperationRequest("svc", action, params, Map.of("clone-max", "2"), T, Duration.ZERO),
        new OperationContext("node-1", run, Instant.now().plus(timeout)));
  }

  @AfterEach
  void killDaemons() throws Exception {
    try (var files = Files.list(run)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
        long pid = Long.parseLong(Files.readString(f).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Test
  void startStatusStopFollowTheLsbContract() throws Exception {
    LsbAgent agent = agent(InitScripts.daemon(initDir(), "sleeper", run));
    assertThat(agent.id().toString()).isEqualTo("lsb:sleeper");
    assertThat(exec(agent, AgentAction.MONITOR).is(OcfResultCode.NOT_RUNNING)).isTrue(); // probe
    assertThat(exec(agent, AgentAction.STOP).is(OcfResultCode.OK)).isTrue(); // stop when stopped
    OperationResult start = exec(agent, AgentAction.START);
    assertThat(start.is(OcfResultCode.OK)).isTrue();
    assertThat(start.output()).isEqualTo("started\n");
    long pid = Long.parseLong(Files.readString(run.resolve("sleeper.pid")).trim());
    assertThat(InitScripts.isLive(pid)).isTrue();
    assertThat(exec(agent, AgentAction.START).is(OcfResultCode.OK)).isTrue(); // start when started
    OperationResult status = exec(agent, AgentAction.MONITOR);
    assertThat(status.is(OcfResultCode.OK)).isTrue();
    assertThat(status.output()).isEqualTo("running\n");
    assertThat(exec(agent, AgentAction.STOP).is(OcfResultCode.OK)).isTrue();
    await().atMost(T).until(() -> !InitScripts.isLive(pid));
    assertThat(exec(agent, AgentAction.MONITOR).is(OcfResultCode.NOT_RUNNING)).isTrue();
  }

  @Test
  void theDaemonCarriesTheNodesMarkerForFencing() throws Exception {
    String marker = run.resolve("node/run/paceline.pid").toString();
    LsbAgent agent =
        new LsbAgent(
            InitScripts.daemon(initDir(), "sleeper", run),
            etc,
            new CommandRunner(
                Duration.ofMillis(300), Map.of(NodeMarker.VARIABLE, marker, "HOME", "/root")));
    assertThat(exec(agent, AgentAction.START).is(OcfResultCode.OK)).isTrue();
    long pid = Long.parseLong(Files.readString(run.resolve("sleeper.pid")).trim());
    assertThat(readEnv(run.resolve("sleeper.env")))
        .containsEntry(NodeMarker.VARIABLE, marker)
        .doesNotContainKey("HOME");
    assertThat(Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0"))
        .contains(NodeMarker.VARIABLE + "=" + marker);
    assertThat(exec(agent, AgentAction.STOP).is(OcfResultCode.OK)).isTrue();
  }

  @Test
  void deadDaemonWithPidFileIsNotRunning() throws Exception {
    LsbAgent agent = agent(InitScripts.daemon(initDir(), "sleeper", run));
    assertThat(exec(agent, AgentAction.START).is(OcfResultCode.OK)).isTrue();
    long pid = Long.parseLong(Files.readString(run.resolve("sleeper.pid")).trim());
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    // until init has reaped it, the killed daemon is a zombie that kill -0 still finds
    await()
        .atMost(T)
        .untilAsserted(
            () -> {
              OperationResult status = exec(agent, AgentAction.MONITOR);
              assertThat(status.is(OcfResultCode.NOT_RUNNING)).isTrue();
              assertThat(status.exitReason()).contains("pid file");
            });
  }

  @Test
  void scriptsGetNoParametersAndNoOcfEnvironment() throws Exception {
    LsbAgent agent = agent(InitScripts.daemon(initDir(), "sleeper", run));
    Path marker = run.resolve("pwned");
    exec(agent, AgentAction.MONITOR, Map.of("evil", "$(touch " + marker + ")", "port", "80"), T);
    Map<String, String> env = readEnv(run.resolve("sleeper.env"));
    assertThat(env.keySet()).isSubsetOf("PATH", "PWD", "SHLVL", "_").contains("PATH");
    assertThat(env.keySet()).noneMatch(k -> k.startsWith("OCF_"));
    assertThat(marker).doesNotExist();
  }

  @Test
  void exitStatusesAreMapped() throws Exception {
    LsbAgent agent =
        agent(
            InitScripts.write(
                initDir(),
                "coded",
                "case \"$1\" in start) exit 6;; stop) exit 7;; status) exit 4;; esac\n"));
    assertThat(exec(agent, AgentAction.START).is(OcfResultCode.ERR_CONFIGURED)).isTrue();
    assertThat(exec(agent, AgentAction.STOP).is(OcfResultCode.OK)).isTrue();
    OperationResult status = exec(agent, AgentAction.MONITOR);
    assertThat(status.is(OcfResultCode.ERR_GENERIC)).isTrue();
    assertThat(status.exitReason()).contains("status unknown");

    LsbAgent odd = agent(InitScripts.write(initDir(), "odd", "exit 42\n"));
    OperationResult r = exec(odd, AgentAction.START);
    assertThat(r.is(OcfResultCode.ERR_GENERIC)).isTrue();
    assertThat(r.exitReason()).contains("status 42");
  }

  @Test
  void actionsLsbLacksAreUnimplemented() throws Exception {
    LsbAgent agent = agent(InitScripts.daemon(initDir(), "sleeper", run));
    for (AgentAction a :
        List.of(AgentAction.PROMOTE, AgentAction.DEMOTE, AgentAction.NOTIFY, AgentAction.RELOAD)) {
      OperationResult r = exec(agent, a);
      assertThat(r.is(OcfResultCode.ERR_UNIMPLEMENTED)).as(a.toString()).isTrue();
    }
    assertThat(Files.exists(run.resolve("sleeper.env"))).isFalse(); // the script never ran
  }

  @Test
  void hangingScriptTimesOutAndIsKilled() throws Exception {
    Path pidfile = run.resolve("hang.pids");
    LsbAgent agent =
        agent(
            InitScripts.write(
                initDir(),
                "hang",
                "echo $$ > " + pidfile + "\nsleep 1000 &\necho $! >> " + pidfile + "\nwait\n"));
    OperationResult r = exec(agent, AgentAction.MONITOR, Map.of(), Duration.ofSeconds(2));
    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(r.exitReason()).startsWith("status: ").contains("timed out");
    for (String line : Files.readAllLines(pidfile)) {
      long pid = Long.parseLong(line.trim());
      await().atMost(T).until(() -> !InitScripts.isLive(pid));
    }
  }

  @Test
  void missingScriptIsNotInstalled() throws Exception {
    OperationResult r = exec(agent(initDir().resolve("gone")), AgentAction.START);
    assertThat(r.status()).isEqualTo(ExecutionStatus.NOT_INSTALLED);
    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_INSTALLED);
  }

  @Test
  void metadataComesFromTheInitInfoBlock() throws Exception {
    AgentMetadata md = agent(InitScripts.daemon(initDir(), "sleeper", run)).metadata();
    assertThat(md.name()).isEqualTo("sleeper");
    assertThat(md.shortDescription()).isEqualTo("Test daemon");
    assertThat(md.longDescription()).isEqualTo("A daemon that sleeps, for tests.");
    assertThat(md.parameters()).isEmpty();
    assertThat(md.defaultTimeout("start")).hasValue(Duration.ofSeconds(15));
    assertThat(md.action("monitor").orElseThrow().interval()).isEqualTo(Duration.ofSeconds(15));

    AgentMetadata bare = agent(InitScripts.write(initDir(), "bare", "exit 0\n")).metadata();
    assertThat(bare.shortDescription()).contains("init script");
  }

  @Test
  void warnsWhenTheScriptIsAlsoStartedAtBoot() throws Exception {
    Path script = InitScripts.daemon(initDir(), "web", run);
    InitScripts.daemon(initDir(), "webcache", run);
    LsbAgent agent = agent(script);
    assertThat(agent.warnings()).isEmpty();

    Files.createDirectories(etc.resolve("rc0.d"));
    Files.createDirectories(etc.resolve("rc1.d"));
    Files.createDirectories(etc.resolve("rc2.d"));
    Files.createDirectories(etc.resolve("rc3.d"));
    // links that do not mean "started at boot" (stop links, runlevels 0/1, other scripts)
    Files.createSymbolicLink(etc.resolve("rc2.d/K01web"), Path.of("../init.d/web"));
    Files.createSymbolicLink(etc.resolve("rc1.d/S01web"), Path.of("../init.d/web"));
    Files.createSymbolicLink(etc.resolve("rc2.d/S01webcache"), Path.of("../init.d/webcache"));
    Files.createSymbolicLink(etc.resolve("rc2.d/S02web"), Path.of("../init.d/webcache"));
    Files.createSymbolicLink(etc.resolve("rc2.d/S03webx"), Path.of("../init.d/web"));
    assertThat(agent.warnings()).isEmpty();

    Files.createSymbolicLink(etc.resolve("rc2.d/S01web"), Path.of("../init.d/web"));
    Files.createSymbolicLink(etc.resolve("rc3.d/S20web"), script); // absolute target
    assertThat(agent.warnings())
        .singleElement()
        .asString()
        .startsWith("lsb:web is also enabled to start at boot")
        .contains(etc.resolve("rc2.d/S01web").toString())
        .contains(etc.resolve("rc3.d/S20web").toString())
        .contains("update-rc.d web disable");
  }

  private static Map<String, String> readEnv(Path file) throws Exception {
    Map<String, String> env = new java.util.HashMap<>();
    for (String e : Files.readString(file, StandardCharsets.UTF_8).split("\0")) {
      int eq = e.indexOf('=');
      if (eq > 0) {
        env.put(e.substring(0, eq), e.substring(eq + 1));
      }
    }
    return env;
  }
}
