package org.paceline.ra.builtin.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.paceline.ra.builtin.internal.process.Harness.alive;
import static org.paceline.ra.builtin.internal.process.Harness.params;
import static org.paceline.ra.builtin.internal.process.Harness.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.ParameterSpec;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationResult;

/** The life cycle of real processes under {@code ocf:paceline:Process}. */
class ProcessAgentTest {

  private static final String SLEEP = "sleep 1000";

  /**
   * A process that ignores SIGTERM (and so does the sleep it runs: ignored signals survive exec).
   */
  private static final String DEAF = "/bin/sh -c 'trap \"\" TERM; sleep 1000'";

  @TempDir Path stateDir;
  private Harness h;

  @BeforeEach
  void setUp() {
    h = new Harness(stateDir);
  }

  @AfterEach
  void cleanUp() {
    h.cleanUp();
  }

  private OperationResult run(String rsc, AgentAction action, Map<String, String> params)
      throws InterruptedException {
    return h.run(rsc, action, params);
  }

  @Test
  void metadataDeclaresEveryParameterAndActionWithTimeouts() {
    ProcessAgent agent = new ProcessAgent();
    assertThat(agent.id()).isEqualTo(AgentId.parse("ocf:paceline:Process"));
    assertThat(agent.metadata().parameters())
        .extracting(ParameterSpec::name)
        .containsExactly(
            "command",
            "workdir",
            "env",
            "pidfile",
            "stdout",
            "stderr",
            "check_tcp",
            "check_http",
            "check_timeout",
            "stop_grace");
    assertThat(agent.metadata().parameters())
        .filteredOn(ParameterSpec::required)
        .extracting(ParameterSpec::name)
        .containsExactly("command");
    assertThat(agent.metadata().parameters())
        .allSatisfy(p -> assertThat(p.shortDescription()).isNotBlank());
    assertThat(agent.metadata().parameter("stop_grace").orElseThrow().defaultValue())
        .isEqualTo("10s");
    assertThat(agent.metadata().parameter("check_timeout").orElseThrow().defaultValue())
        .isEqualTo("5s");
    assertThat(agent.metadata().parameter("pidfile").orElseThrow().unique()).isTrue();
    assertThat(agent.metadata().actions())
        .extracting(ActionSpec::name)
        .containsExactlyInAnyOrder("start", "stop", "monitor", "validate-all", "meta-data");
    assertThat(agent.metadata().actions()).allSatisfy(a -> assertThat(a.timeout()).isNotNull());
    assertThat(agent.metadata().action("monitor").orElseThrow().interval())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(agent.metadata().defaultTimeout("stop").orElseThrow())
        .isGreaterThan(ProcessSettings.DEFAULT_STOP_GRACE);
  }

  @Test
  void probeWithNoPriorStateIsNotRunning() throws Exception {
    assertThat(run("web", AgentAction.MONITOR, params()).rc()).isEqualTo(OcfResultCode.NOT_RUNNING);
    assertThat(run("web", AgentAction.MONITOR, params("command", SLEEP)).rc())
        .isEqualTo(OcfResultCode.NOT_RUNNING);
    assertThat(stateDir.resolve("process")).doesNotExist();
  }

  @Test
  void startMonitorStop() throws Exception {
    Map<String, String> p = params("command", SLEEP);

    OperationResult start = run("web", AgentAction.START, p);

    assertThat(start.rc()).as(start.exitReason()).isEqualTo(OcfResultCode.OK);
    long pid = h.pid("web");
    assertThat(alive(pid)).isTrue();
    assertThat(Harness.comm(pid)).isEqualTo("sleep");
    List<String> pidFile = Files.readAllLines(h.pidFile("web"));
    assertThat(pidFile.get(0)).isEqualTo(Long.toString(pid));
    assertThat(pidFile).contains("command=sleep 1000");
    assertThat(run("web", AgentAction.MONITOR, p).rc()).isEqualTo(OcfResultCode.OK);

    OperationResult stop = run("web", AgentAction.STOP, p);

    assertThat(stop.rc()).as(stop.exitReason()).isEqualTo(OcfResultCode.OK);
    assertThat(stop.output()).contains("SIGTERM").doesNotContain("SIGKILL");
    assertThat(alive(pid)).isFalse();
    assertThat(h.pidFile("web")).doesNotExist();
    assertThat(run("web", AgentAction.MONITOR, p).rc()).isEqualTo(OcfResultCode.NOT_RUNNING);
    assertThat(run("web", AgentAction.STOP, p).rc()).isEqualTo(OcfResultCode.OK);
  }

  @Test
  void theProcessIsDetachedFromTheJvm() throws Exception {
    assertThat(run("web", AgentAction.START, params("command", SLEEP)).rc())
        .isEqualTo(OcfResultCode.OK);
    long pid = h.pid("web");

    String[] stat = Harness.stat(pid).orElseThrow();
    assertThat(stat[2]).as("process group").isEqualTo(Long.toString(pid));
    assertThat(stat[3]).as("session").isEqualTo(Long.toString(pid));
    Path fds = Path.of("/proc/" + pid + "/fd");
    try (var list = Files.list(fds)) {
      assertThat(list.map(f -> f.getFileName().toString()).collect(Collectors.toSet()))
          .as("no descriptor of the JVM is inherited")
          .containsExactlyInAnyOrder("0", "1", "2");
    }
    assertThat(Files.readSymbolicLink(fds.resolve("0"))).isEqualTo(Path.of("/dev/null"));
    assertThat(Files.readSymbolicLink(fds.resolve("1")))
        .isEqualTo(stateDir.toRealPath().resolve("process/web.stdout.log"));
    assertThat(Files.readSymbolicLink(fds.resolve("2")))
        .isEqualTo(stateDir.toRealPath().resolve("process/web.stderr.log"));
  }

  @Test
  void theProcessAndWhatItStartsCarryTheNodesMarker() throws Exception {
    String marker = stateDir.resolve("run/paceline.pid").toString();
    ProcessAgent marked =
        new ProcessAgent(Map.of("PACELINE_NODE_PIDFILE", marker, "PATH", "/usr/bin:/bin"));
    Map<String, String> p = params("command", "/bin/sh -c 'sleep 1000 & wait'");
    assertThat(h.run(marked, "web", AgentAction.START, p, Duration.ofSeconds(10)).rc())
        .isEqualTo(OcfResultCode.OK);
    long pid = h.pid("web");
    await().atMost(Duration.ofSeconds(10)).until(() -> session(pid).size() == 2);
    for (long member : session(pid)) {
      assertThat(Files.readString(Path.of("/proc/" + member + "/environ")).split("\0"))
          .as("environment of pid %d", member)
          .contains("PACELINE_NODE_PIDFILE=" + marker);
    }
  }

  @Test
  void startWhenRunningKeepsTheProcess() throws Exception {
    Map<String, String> p = params("command", SLEEP);
    run("web", AgentAction.START, p);
    long pid = h.pid("web");

    OperationResult again = run("web", AgentAction.START, p);

    assertThat(again.rc()).isEqualTo(OcfResultCode.OK);
    assertThat(again.output()).contains("already running");
    assertThat(h.pid("web")).isEqualTo(pid);
  }

  @Test
  void aNewAgentInstanceMonitorsAndStopsWhatTheOldOneStarted() throws Exception {
    Map<String, String> p = params("command", SLEEP);
    ProcessAgent before = new ProcessAgent();
    ProcessAgent after = new ProcessAgent();
    assertThat(h.run(before, "web", AgentAction.START, p, Duration.ofSeconds(10)).rc())
        .isEqualTo(OcfResultCode.OK);
    long pid = h.pid("web");

    assertThat(h.run(after, "web", AgentAction.MONITOR, p, Duration.ofSeconds(10)).rc())
        .isEqualTo(OcfResultCode.OK);
    OperationResult stop = h.run(after, "web", AgentAction.STOP, p, Duration.ofSeconds(10));

    assertThat(stop.rc()).isEqualTo(OcfResultCode.OK);
    assertThat(alive(pid)).isFalse();
    assertThat(h.run(before, "web", AgentAction.MONITOR, p, Duration.ofSeconds(10)).rc())
        .isEqualTo(OcfResultCode.NOT_RUNNING);
  }

  @Test
  void aProcessKilledOutsideTheClusterIsAFailureUntilStopped() throws Exception {
    Map<String, String> p = params("command", SLEEP);
    run("web", AgentAction.START, p);
    long pid = h.pid("web");

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    await().atMost(Duration.ofSeconds(10)).until(() -> !alive(pid));

    OperationResult monitor = run("web", AgentAction.MONITOR, p);
    assertThat(monitor.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(monitor.exitReason()).contains("pid " + pid, "no longer running");
    OperationResult stop = run("web", AgentAction.STOP, p);
    assertThat(stop.rc()).isEqualTo(OcfResultCode.OK);
    assertThat(h.pidFile("web")).doesNotExist();
    assertThat(run("web", AgentAction.MONITOR, p).rc()).isEqualTo(OcfResultCode.NOT_RUNNING);
  }

  @Test
  void stopSigkillsAProcessThatIgnoresSigterm() throws Exception {
    Map<String, String> p = params("command", DEAF, "stop_grace", "1s");
    assertThat(run("web", AgentAction.START, p).rc()).isEqualTo(OcfResultCode.OK);
    long pid = h.pid("web");
    // the trap is set once sleep runs
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> session(pid).stream().anyMatch(m -> Harness.comm(m).equals("sleep")));

    OperationResult stop = run("web", AgentAction.STOP, p);

    assertThat(stop.rc()).as(stop.exitReason()).isEqualTo(OcfResultCode.OK);
    assertThat(stop.output()).contains("SIGKILL");
    assertThat(session(pid)).isEmpty();
    assertThat(h.pidFile("web")).doesNotExist();
  }

  @Test
  void stopGraceIsCutShortToKillWithinTheDeadline() throws Exception {
    Map<String, String> p = params("command", DEAF, "stop_grace", "1h");
    run("web", AgentAction.START, p);
    long pid = h.pid("web");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> session(pid).stream().anyMatch(m -> Harness.comm(m).equals("sleep")));

    OperationResult stop = h.run(h.agent, "web", AgentAction.STOP, p, Duration.ofSeconds(2));

    assertThat(stop.rc()).as(stop.exitReason()).isEqualTo(OcfResultCode.OK);
    assertThat(stop.output()).contains("SIGKILL");
    assertThat(session(pid)).isEmpty();
  }

  @Test
  void stopInterruptedAtTheDeadlineKillsTheSession() throws Exception {
    Map<String, String> p = params("command", DEAF);
    run("web", AgentAction.START, p);
    long pid = h.pid("web");

    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> run("web", AgentAction.STOP, p))
        .isInstanceOf(InterruptedException.class);

    await().atMost(Duration.ofSeconds(10)).until(() -> session(pid).isEmpty());
  }

  @Test
  void stopEndsEveryProcessOfTheSessionEvenWhenTheLeaderIsGone() throws Exception {
    // the leader puts a child in the background and exits: not a valid daemon, but its child
    // must not be left behind; the check keeps start waiting until the exit is seen
    Map<String, String> p =
        params(
            "command", "/bin/sh -c 'sleep 1000 & echo started >&2; exit 0'",
            "check_tcp", "127.0.0.1:1");
    OperationResult start = run("web", AgentAction.START, p);

    assertThat(start.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(start.exitReason())
        .contains("exited with status 0 right after start", "stderr: started");
    long pid = h.pid("web");
    await().atMost(Duration.ofSeconds(10)).until(() -> !session(pid).isEmpty());
    OperationResult monitor = run("web", AgentAction.MONITOR, p);
    assertThat(monitor.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(monitor.exitReason()).contains("no longer running", "of its session remain");

    assertThat(run("web", AgentAction.STOP, p).rc()).isEqualTo(OcfResultCode.OK);

    assertThat(session(pid)).isEmpty();
    assertThat(run("web", AgentAction.MONITOR, p).rc()).isEqualTo(OcfResultCode.NOT_RUNNING);
  }

  @Test
  void aReusedPidIsNeitherReportedRunningNorKilled() throws Exception {
    Process other = h.spawn("sleep", "1000");
    Instant realStart = other.info().startInstant().orElseThrow();
    new PidFile(other.pid(), realStart.minus(Duration.ofHours(1)), "sleep 1000")
        .write(h.pidFile("web"));
    Map<String, String> p = params("command", SLEEP);

    OperationResult monitor = run("web", AgentAction.MONITOR, p);
    OperationResult stop = run("web", AgentAction.STOP, p);

    assertThat(monitor.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(monitor.exitReason()).contains("belongs to another process");
    assertThat(stop.rc()).isEqualTo(OcfResultCode.OK);
    assertThat(other.isAlive()).as("the unrelated process is left alone").isTrue();
    assertThat(h.pidFile("web")).doesNotExist();
  }

  @Test
  void startReplacesAStalePidFile() throws Exception {
    Process other = h.spawn("sleep", "1000");
    Instant realStart = other.info().startInstant().orElseThrow();
    new PidFile(other.pid(), realStart.minus(Duration.ofHours(1)), "sleep 1000")
        .write(h.pidFile("web"));

    OperationResult start = run("web", AgentAction.START, params("command", SLEEP));

    assertThat(start.rc()).as(start.exitReason()).isEqualTo(OcfResultCode.OK);
    assertThat(h.pid("web")).isNotEqualTo(other.pid());
    assertThat(other.isAlive()).isTrue();
  }

  @Test
  void aMalformedPidFileIsAnErrorNamingIt() throws Exception {
    Files.createDirectories(h.pidFile("web").getParent());
    Files.writeString(h.pidFile("web"), "not a pid\n");
    Map<String, String> p = params("command", SLEEP);

    OperationResult monitor = run("web", AgentAction.MONITOR, p);
    OperationResult stop = run("web", AgentAction.STOP, p);

    for (OperationResult r : List.of(monitor, stop)) {
      assertThat(r.status()).isEqualTo(ExecutionStatus.DONE);
      assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
      assertThat(r.exitReason()).contains(h.pidFile("web").toString(), "malformed");
    }
  }

  @Test
  void unsupportedActionsAreUnimplemented() throws Exception {
    for (AgentAction a :
        List.of(
            AgentAction.PROMOTE, AgentAction.DEMOTE, AgentAction.MIGRATE_TO, AgentAction.RELOAD)) {
      assertThat(run("web", a, params("command", SLEEP)).rc())
          .isEqualTo(OcfResultCode.ERR_UNIMPLEMENTED);
    }
    assertThat(run("web", AgentAction.META_DATA, params()).rc()).isEqualTo(OcfResultCode.OK);
  }
}
