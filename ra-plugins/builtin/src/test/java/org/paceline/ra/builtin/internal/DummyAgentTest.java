package org.paceline.ra.builtin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.paceline.api.agent.ParameterSpec;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;

class DummyAgentTest {

  @TempDir Path stateDir;

  private final DummyAgent agent = new DummyAgent();

  @AfterEach
  void clearInterrupt() {
    // never leak an interrupt into the next test
    Thread.interrupted();
  }

  private OperationContext context() {
    return new OperationContext("n1", stateDir, Instant.now().plusSeconds(30));
  }

  private OperationResult run(String resource, AgentAction action, Map<String, String> params)
      throws InterruptedException {
    return agent.execute(
        OperationRequest.of(resource, action, params, Duration.ofSeconds(20)), context());
  }

  private OperationResult run(String resource, AgentAction action) throws InterruptedException {
    return run(resource, action, Map.of());
  }

  private Path defaultStateFile(String resource) {
    return stateDir.resolve("Dummy").resolve(resource + ".state");
  }

  @Test
  void identityAndMetadata() {
    assertEquals(AgentId.parse("ocf:paceline:Dummy"), agent.id());
    assertEquals("Dummy", agent.metadata().name());
    assertTrue(agent.metadata().parameter("state").isPresent());
    assertTrue(agent.metadata().parameter("op_sleep").isPresent());
    assertTrue(agent.metadata().supports("monitor"));
    assertFalse(agent.metadata().supports("promote"));
  }

  @Test
  void metadataDeclaresEveryActionItAnswersWithATimeout() {
    for (String action :
        List.of(
            "start",
            "stop",
            "monitor",
            "reload",
            "reload-agent",
            "migrate_to",
            "migrate_from",
            "meta-data",
            "validate-all")) {
      assertTrue(agent.metadata().defaultTimeout(action).isPresent(), action);
    }
    assertEquals(
        Duration.ofSeconds(10), agent.metadata().action("monitor").orElseThrow().interval());
    for (ParameterSpec p : agent.metadata().parameters()) {
      assertFalse(p.shortDescription().isBlank(), p.name());
      assertFalse(p.required(), p.name());
    }
    assertTrue(agent.metadata().parameter("state").orElseThrow().unique());
    assertEquals("integer", agent.metadata().parameter("op_sleep").orElseThrow().type());
  }

  @Test
  void probeBeforeStartIsNotRunning() throws InterruptedException {
    OperationResult r = run("web", AgentAction.MONITOR);

    assertEquals(ExecutionStatus.DONE, r.status());
    assertEquals(OcfResultCode.NOT_RUNNING, r.rc());
    assertEquals(7, r.rc().code());
  }

  @Test
  void startThenMonitorIsOk() throws InterruptedException {
    OperationResult start = run("web", AgentAction.START);

    assertTrue(start.is(OcfResultCode.OK), start.toString());
    assertTrue(Files.exists(defaultStateFile("web")));
    assertTrue(run("web", AgentAction.MONITOR).is(OcfResultCode.OK));
  }

  @Test
  void stopThenMonitorIsNotRunning() throws InterruptedException {
    run("web", AgentAction.START);

    OperationResult stop = run("web", AgentAction.STOP);

    assertTrue(stop.is(OcfResultCode.OK), stop.toString());
    assertFalse(Files.exists(defaultStateFile("web")));
    OperationResult monitor = run("web", AgentAction.MONITOR);
    assertTrue(monitor.is(OcfResultCode.NOT_RUNNING), monitor.toString());
    assertEquals(7, monitor.rc().code());
  }

  @Test
  void stopWhenStoppedIsOk() throws InterruptedException {
    assertTrue(run("web", AgentAction.STOP).is(OcfResultCode.OK));
  }

  @Test
  void startIsIdempotent() throws InterruptedException {
    assertTrue(run("web", AgentAction.START).is(OcfResultCode.OK));
    assertTrue(run("web", AgentAction.START).is(OcfResultCode.OK));

    assertTrue(run("web", AgentAction.MONITOR).is(OcfResultCode.OK));
    assertTrue(run("web", AgentAction.STOP).is(OcfResultCode.OK));
    assertTrue(run("web", AgentAction.MONITOR).is(OcfResultCode.NOT_RUNNING));
  }

  @Test
  void resourcesAreIndependent() throws InterruptedException {
    run("web", AgentAction.START);

    assertTrue(run("db:1", AgentAction.MONITOR).is(OcfResultCode.NOT_RUNNING));
    assertTrue(run("web", AgentAction.MONITOR).is(OcfResultCode.OK));
  }

  @Test
  void stateSurvivesANewAgentInstance() throws InterruptedException {
    run("web", AgentAction.START);

    OperationResult r =
        new DummyAgent()
            .execute(
                OperationRequest.of("web", AgentAction.MONITOR, Map.of(), Duration.ofSeconds(20)),
                context());

    assertTrue(r.is(OcfResultCode.OK));
  }

  @Test
  void customStateParameterIsTheStateFile(@TempDir Path elsewhere) throws InterruptedException {
    Path custom = elsewhere.resolve("sub/dir/web.running");
    Map<String, String> params = Map.of("state", custom.toString());

    assertTrue(run("web", AgentAction.START, params).is(OcfResultCode.OK));

    assertTrue(Files.exists(custom));
    assertFalse(Files.exists(defaultStateFile("web")));
    assertTrue(run("web", AgentAction.MONITOR, params).is(OcfResultCode.OK));
    assertTrue(
        run("web", AgentAction.MONITOR).is(OcfResultCode.NOT_RUNNING),
        "without the parameter the default file is used");

    assertTrue(run("web", AgentAction.STOP, params).is(OcfResultCode.OK));
    assertFalse(Files.exists(custom));
    assertTrue(run("web", AgentAction.MONITOR, params).is(OcfResultCode.NOT_RUNNING));
  }

  @Test
  void blankStateParameterMeansTheDefault() throws InterruptedException {
    run("web", AgentAction.START, Map.of("state", "  "));

    assertTrue(Files.exists(defaultStateFile("web")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "1.5", "", "9999999999999999999999"})
  void badOpSleepIsErrConfigured(String sleep) throws InterruptedException {
    OperationResult r = run("web", AgentAction.START, Map.of("op_sleep", sleep));

    assertEquals(ExecutionStatus.DONE, r.status());
    assertEquals(OcfResultCode.ERR_CONFIGURED, r.rc());
    assertTrue(r.exitReason().contains("op_sleep"), r.exitReason());
    assertFalse(Files.exists(defaultStateFile("web")), "a misconfigured start does nothing");
  }

  @Test
  void zeroOpSleepWithBlanksIsAccepted() throws InterruptedException {
    assertTrue(run("web", AgentAction.START, Map.of("op_sleep", " 0 ")).is(OcfResultCode.OK));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", "../escape", "/abs", "web app", "", "a\\b", "x\ny"})
  void resourceIdThatCannotNameAFileIsErrConfigured(String resource) throws InterruptedException {
    OperationResult r = run(resource, AgentAction.START);

    assertEquals(OcfResultCode.ERR_CONFIGURED, r.rc());
    assertTrue(r.exitReason().contains("cannot name a state file"), r.exitReason());
    assertFalse(Files.exists(stateDir.resolve("Dummy")), "nothing written");
  }

  @ParameterizedTest
  @EnumSource(
      value = AgentAction.class,
      names = {"PROMOTE", "DEMOTE", "NOTIFY"})
  void promotableActionsAreUnimplemented(AgentAction action) throws InterruptedException {
    OperationResult r = run("web", action);

    assertEquals(OcfResultCode.ERR_UNIMPLEMENTED, r.rc());
  }

  @ParameterizedTest
  @EnumSource(
      value = AgentAction.class,
      names = {"RELOAD", "RELOAD_AGENT", "META_DATA", "VALIDATE_ALL"})
  void otherActionsAreOk(AgentAction action) throws InterruptedException {
    assertTrue(run("web", action).is(OcfResultCode.OK));
  }

  @Test
  void migrateToStopsAndMigrateFromStarts() throws InterruptedException {
    assertTrue(run("web", AgentAction.MIGRATE_FROM).is(OcfResultCode.OK));
    assertTrue(run("web", AgentAction.MONITOR).is(OcfResultCode.OK));

    assertTrue(run("web", AgentAction.MIGRATE_TO).is(OcfResultCode.OK));
    assertTrue(run("web", AgentAction.MONITOR).is(OcfResultCode.NOT_RUNNING));
  }

  @Test
  void unwritableStateFileIsErrGeneric() throws Exception {
    Path blocker = stateDir.resolve("blocker");
    Files.writeString(blocker, "a file, not a folder");
    Map<String, String> params = Map.of("state", blocker.resolve("web.state").toString());

    OperationResult r = run("web", AgentAction.START, params);

    assertEquals(OcfResultCode.ERR_GENERIC, r.rc());
    assertTrue(r.exitReason().contains("state file"), r.exitReason());
  }

  @Test
  void sleepIsInterruptedAtTheDeadline() {
    Thread.currentThread().interrupt();

    assertThrows(
        InterruptedException.class, () -> run("web", AgentAction.START, Map.of("op_sleep", "1")));

    assertFalse(Files.exists(defaultStateFile("web")), "an interrupted start does nothing");
  }

  @Test
  void hugeOpSleepWaitsForTheDeadlineInsteadOfOverflowing() {
    Thread.currentThread().interrupt();

    assertThrows(
        InterruptedException.class,
        () -> run("web", AgentAction.START, Map.of("op_sleep", String.valueOf(Long.MAX_VALUE))));
  }
}
