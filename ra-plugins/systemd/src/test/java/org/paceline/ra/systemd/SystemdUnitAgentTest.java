package org.paceline.ra.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.ra.script.CommandRunner;

/**
 * The agent against a stand-in systemctl ({@link FakeSystemd}): real systemd cannot run in this
 * sandbox, where PID 1 is not systemd.
 */
class SystemdUnitAgentTest {

  private static final Duration POLL = Duration.ofMillis(20);
  private static final CommandRunner RUNNER = new CommandRunner(Duration.ofMillis(500));

  @TempDir Path root;
  private FakeSystemd systemd;
  private SystemdAgents agents;

  @BeforeEach
  void node() throws IOException {
    systemd = new FakeSystemd(root);
    agents = new SystemdAgents(systemd.host, RUNNER, POLL);
  }

  @AfterEach
  void noHungChild() throws IOException {
    Thread.interrupted();
    var pid = systemd.hungPid();
    if (pid.isPresent()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid.get()).isEmpty());
    }
  }

  private OperationResult run(String unit, AgentAction action) throws InterruptedException {
    return run(unit, action, Duration.ofSeconds(20));
  }

  private OperationResult run(String unit, AgentAction action, Duration timeout)
      throws InterruptedException {
    OperationContext context = new OperationContext("n1", root, Instant.now().plus(timeout));
    return agents.agent(unit).execute(OperationRequest.of("r", action, Map.of(), timeout), context);
  }

  @Test
  void startRunsTheJobWithADropInAndWaitsUntilActive() throws Exception {
    systemd
        .unit("nginx.service", "inactive dead success")
        .script(
            "nginx.service",
            "on-start",
            "activating start-pre success",
            "activating start success",
            "active running success");

    OperationResult r = run("nginx", AgentAction.START);

    assertThat(r.status()).isEqualTo(ExecutionStatus.DONE);
    assertThat(r.rc()).as(r.toString()).isEqualTo(OcfResultCode.OK);
    assertThat(systemd.verbs())
        .containsExactly("show", "daemon-reload", "start", "show", "show", "show");
    assertThat(systemd.calls())
        .contains("--no-pager --no-ask-password start -- nginx.service")
        .contains(
            "--no-pager --no-ask-password show --property=LoadState,ActiveState,SubState,Result"
                + " -- nginx.service");
    assertThat(root.resolve("run/systemd/system/nginx.service.d/50-paceline.conf"))
        .content()
        .contains("Restart=no");
  }

  @Test
  void startThatEndsFailedIsAnErrorWithTheState() throws Exception {
    systemd
        .unit("db.service", "inactive dead success")
        .script("db.service", "on-start", "activating start success", "failed failed exit-code");

    OperationResult r = run("db.service", AgentAction.START);

    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(r.exitReason())
        .isEqualTo(
            "systemd:db did not start (ActiveState=failed SubState=failed Result=exit-code)");
  }

  @Test
  void failingStartJobGivesSystemctlsMessage() throws Exception {
    systemd.unit("db.service", "inactive dead success").script("db.service", "start-rc", "1");

    OperationResult r = run("db", AgentAction.START);

    assertThat(r.status()).isEqualTo(ExecutionStatus.DONE);
    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(r.exitReason())
        .startsWith("systemctl start db.service failed (")
        .contains("control process exited with error code")
        .endsWith("ActiveState=inactive SubState=dead Result=success");
    assertThat(r.output()).contains("Job for db.service failed");
  }

  @Test
  void unknownUnitIsNotInstalledExceptForStop() throws Exception {
    OperationResult start = run("nope", AgentAction.START);
    OperationResult monitor = run("nope", AgentAction.MONITOR);
    OperationResult stop = run("nope", AgentAction.STOP);

    assertThat(start.status()).isEqualTo(ExecutionStatus.NOT_INSTALLED);
    assertThat(start.rc().code()).isEqualTo(5);
    assertThat(start.exitReason()).isEqualTo("systemd unit nope.service not found on this node");
    assertThat(monitor.status()).isEqualTo(ExecutionStatus.NOT_INSTALLED);
    assertThat(stop.is(OcfResultCode.OK)).as(stop.toString()).isTrue();
    assertThat(systemd.verbs()).doesNotContain("start", "stop");
  }

  @Test
  void maskedUnitCannotStartOnThisNode() throws Exception {
    systemd
        .unit("nginx.service", "inactive dead success")
        .script("nginx.service", "load", "masked");

    OperationResult r = run("nginx", AgentAction.START);

    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_INSTALLED);
    assertThat(r.exitReason()).contains("masked").contains("systemctl unmask nginx.service");
    assertThat(systemd.verbs()).doesNotContain("start");
  }

  @Test
  void stopWaitsUntilInactiveAndRemovesTheDropIn() throws Exception {
    systemd
        .unit("nginx.service", "inactive dead success")
        .script(
            "nginx.service",
            "on-stop",
            "deactivating stop-sigterm success",
            "inactive dead success");
    assertThat(run("nginx", AgentAction.START).is(OcfResultCode.OK)).isTrue();
    Path dropIn = root.resolve("run/systemd/system/nginx.service.d/50-paceline.conf");
    assertThat(dropIn).exists();

    OperationResult r = run("nginx", AgentAction.STOP);

    assertThat(r.is(OcfResultCode.OK)).as(r.toString()).isTrue();
    assertThat(dropIn).doesNotExist();
    assertThat(systemd.verbs()).endsWith("show", "stop", "show", "show", "daemon-reload");
  }

  @Test
  void stopOfAFailedUnitIsDone() throws Exception {
    systemd
        .unit("db.service", "failed failed exit-code")
        .script("db.service", "on-stop", "failed failed exit-code");

    assertThat(run("db", AgentAction.STOP).is(OcfResultCode.OK)).isTrue();
  }

  @Test
  void monitorMapsTheStates() throws Exception {
    systemd.unit("a.service", "active running success");
    systemd.unit("b.service", "inactive dead success");
    systemd.unit("c.service", "failed failed exit-code");
    systemd.unit("d.service", "reloading reload success");
    systemd.unit(
        "e.service",
        "deactivating stop success",
        "deactivating stop success",
        "inactive dead success");
    systemd.unit("f.service", "activating start success", "active running success");

    assertThat(run("a", AgentAction.MONITOR).rc()).isEqualTo(OcfResultCode.OK);
    OperationResult b = run("b", AgentAction.MONITOR);
    assertThat(b.rc()).isEqualTo(OcfResultCode.NOT_RUNNING);
    assertThat(b.exitReason())
        .isEqualTo("systemd:b is not running (ActiveState=inactive SubState=dead Result=success)");
    OperationResult c = run("c", AgentAction.MONITOR);
    assertThat(c.rc()).isEqualTo(OcfResultCode.NOT_RUNNING);
    assertThat(c.exitReason()).contains("ActiveState=failed").contains("Result=exit-code");
    assertThat(run("d", AgentAction.MONITOR).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(run("e", AgentAction.MONITOR).rc()).isEqualTo(OcfResultCode.NOT_RUNNING);
    assertThat(run("f", AgentAction.MONITOR).rc()).isEqualTo(OcfResultCode.OK);
  }

  @Test
  void hangingSystemctlIsKilledAtTheDeadline() throws Exception {
    systemd.unit("slow.service", "inactive dead success").script("slow.service", "hang-start");

    OperationResult r = run("slow", AgentAction.START, Duration.ofMillis(1500));

    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertThat(r.exitReason())
        .isEqualTo("systemctl start slow.service did not finish by the deadline");
    long pid = systemd.hungPid().orElseThrow();
    await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).isEmpty());
  }

  @Test
  void hangingStateQueryIsATimeoutNotAnError() throws Exception {
    systemd.unit("slow.service", "active running success").script("slow.service", "hang-show");

    OperationResult r = run("slow", AgentAction.MONITOR, Duration.ofMillis(800));

    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertThat(r.exitReason()).startsWith("systemctl show slow.service failed");
  }

  @Test
  void unitStuckInTransitionTimesOut() throws Exception {
    systemd
        .unit("slow.service", "inactive dead success")
        .script("slow.service", "on-start", "activating start success");

    OperationResult r = run("slow", AgentAction.START, Duration.ofMillis(2500));

    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    // Normally the last poll saw the unit still activating; on a loaded machine the deadline can
    // instead fall inside one of the stand-in's (slow) state queries. Both are this timeout.
    assertThat(r.exitReason())
        .matches(
            "systemd:slow still ActiveState=activating SubState=start Result=success at the start"
                + " deadline|systemctl show slow.service failed: .* timed out after .*");
  }

  @Test
  void interruptAtTheDeadlineKillsSystemctlAndPropagates() throws Exception {
    systemd.unit("slow.service", "active running success").script("slow.service", "hang-stop");
    AtomicReference<Thread> worker = new AtomicReference<>();
    CompletableFuture<OperationResult> stop =
        CompletableFuture.supplyAsync(
            () -> {
              worker.set(Thread.currentThread());
              try {
                return run("slow", AgentAction.STOP);
              } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
              }
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> systemd.hungPid().isPresent());

    worker.get().interrupt();

    assertThatThrownBy(stop::join).hasRootCauseInstanceOf(InterruptedException.class);
    long pid = systemd.hungPid().orElseThrow();
    await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).isEmpty());
  }

  @Test
  void unreadableStateIsAnErrorNamingIt() throws Exception {
    systemd.unit("x.service", "active running success").script("x.service", "garbage");

    OperationResult r = run("x", AgentAction.MONITOR);

    assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
    assertThat(r.exitReason())
        .contains("cannot read the state of x.service")
        .contains("Failed to connect to bus");
  }

  @Test
  void otherActions() throws Exception {
    systemd.unit("x.service", "active running success");

    assertThat(run("x", AgentAction.META_DATA).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(run("x", AgentAction.VALIDATE_ALL).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(run("y", AgentAction.VALIDATE_ALL).status())
        .isEqualTo(ExecutionStatus.NOT_INSTALLED);
    OperationResult promote = run("x", AgentAction.PROMOTE);
    assertThat(promote.rc()).isEqualTo(OcfResultCode.ERR_UNIMPLEMENTED);
    assertThat(promote.exitReason()).contains("promote");
  }

  @Test
  void warningsAskSystemctlWhereSystemdRuns() throws Exception {
    systemd
        .unit("nginx.service", "inactive dead success")
        .script("nginx.service", "enabled", "enabled");
    systemd.unit("redis.service", "inactive dead success");
    Path wants =
        Files.createDirectories(systemd.host.configDir().resolve("multi-user.target.wants"));
    Files.createSymbolicLink(
        wants.resolve("nginx.service"), root.resolve("lib/systemd/system/nginx.service"));

    assertThat(agents.agent("nginx").warnings())
        .containsExactly(
            "systemd:nginx is enabled at boot (multi-user.target.wants/nginx.service): the cluster"
                + " and systemd would both start it; run `systemctl disable nginx`");
    assertThat(agents.agent("redis").warnings()).isEmpty();
    assertThat(systemd.calls())
        .contains("--no-pager --no-ask-password is-enabled -- nginx.service");
  }

  @Test
  void discoveryRegistersServicesByShortName() throws Exception {
    systemd.unit("nginx.service", "inactive dead success");
    systemd.unit("redis.service", "inactive dead success");

    assertThat(agents.agentClass().unavailableReason()).isEmpty();
    assertThat(agents.discover().keySet())
        .containsExactly(AgentId.parse("systemd:nginx"), AgentId.parse("systemd:redis"));
    SystemdUnitAgent nginx = agents.discover().get(AgentId.parse("systemd:nginx"));
    assertThat(nginx.metadata().longDescription()).isEqualTo("Fake nginx.service");
    assertThat(agents.agent("nginx.service").id()).isEqualTo(nginx.id());
  }
}
