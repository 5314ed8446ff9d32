package org.paceline.ra.ocf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.paceline.ra.ocf.TestAgents.context;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.ra.script.CommandRunner;

/** The agents of Debian's resource-agents and pacemaker-resource-agents packages. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealAgentsTest {

  private static final Path ROOT = OcfSettings.DEFAULT_ROOT;
  private static final Duration T = Duration.ofSeconds(30);

  @TempDir Path state;

  private final CommandRunner runner = new CommandRunner();
  private final OcfSettings settings = OcfSettings.defaults();

  @BeforeAll
  static void agentsInstalled() {
    assumeTrue(
        Files.isExecutable(ROOT.resolve("resource.d/heartbeat/Dummy")),
        "resource-agents is not installed");
  }

  private OcfAgent agent(String provider, String type) {
    OcfScript script = OcfScript.under(ROOT, provider, type);
    assumeTrue(Files.isExecutable(script.file()), script.file() + " is not installed");
    return new OcfAgent(script, settings, runner);
  }

  private OperationResult run(OcfAgent agent, String id, AgentAction action, Map<String, String> p)
      throws InterruptedException {
    return run(agent, id, action, p, Map.of(), Duration.ZERO);
  }

  private OperationResult run(
      OcfAgent agent,
      String id,
      AgentAction action,
      Map<String, String> params,
      Map<String, String> meta,
      Duration interval)
      throws InterruptedException {
    return agent.execute(
        new OperationRequest(id, action, params, meta, Duration.ofSeconds(20), interval),
        context(state, T));
  }

  private static void expect(OperationResult r, OcfResultCode rc) {
    assertThat(r.is(rc)).as("expected %s, got %s", rc, r).isTrue();
  }

  @Test
  void heartbeatDummyStartsMonitorsAndStops() throws Exception {
    OcfAgent dummy = agent("heartbeat", "Dummy");
    Map<String, String> none = Map.of();
    expect(run(dummy, "d1", AgentAction.MONITOR, none), OcfResultCode.NOT_RUNNING); // probe
    expect(run(dummy, "d1", AgentAction.START, none), OcfResultCode.OK);
    assertThat(state.resolve("ocf/rsctmp/Dummy-d1.state")).exists();
    expect(
        run(dummy, "d1", AgentAction.MONITOR, none, Map.of(), Duration.ofSeconds(10)),
        OcfResultCode.OK);
    expect(run(dummy, "d1", AgentAction.STOP, none), OcfResultCode.OK);
    expect(run(dummy, "d1", AgentAction.MONITOR, none), OcfResultCode.NOT_RUNNING);
    expect(run(dummy, "d1", AgentAction.STOP, none), OcfResultCode.OK); // stop is idempotent
  }

  @Test
  void pacemakerDummyStartsMonitorsAndStops() throws Exception {
    OcfAgent dummy = agent("pacemaker", "Dummy");
    Map<String, String> none = Map.of();
    expect(run(dummy, "d2", AgentAction.MONITOR, none), OcfResultCode.NOT_RUNNING);
    expect(run(dummy, "d2", AgentAction.START, none), OcfResultCode.OK);
    assertThat(state.resolve("ocf/run/Dummy-d2.state")).exists();
    expect(run(dummy, "d2", AgentAction.MONITOR, none), OcfResultCode.OK);
    expect(run(dummy, "d2", AgentAction.STOP, none), OcfResultCode.OK);
    expect(run(dummy, "d2", AgentAction.MONITOR, none), OcfResultCode.NOT_RUNNING);
  }

  @Test
  void pacemakerStatefulGoesThroughItsRoles() throws Exception {
    OcfAgent stateful = agent("pacemaker", "Stateful");
    Map<String, String> none = Map.of();
    Map<String, String> clone = Map.of("clone-max", "2", "promotable", "true");
    expect(
        run(stateful, "s:0", AgentAction.MONITOR, none, clone, Duration.ZERO),
        OcfResultCode.NOT_RUNNING);
    expect(run(stateful, "s:0", AgentAction.START, none, clone, Duration.ZERO), OcfResultCode.OK);
    expect(run(stateful, "s:0", AgentAction.MONITOR, none, clone, Duration.ZERO), OcfResultCode.OK);
    expect(run(stateful, "s:0", AgentAction.PROMOTE, none, clone, Duration.ZERO), OcfResultCode.OK);
    expect(
        run(stateful, "s:0", AgentAction.MONITOR, none, clone, Duration.ofSeconds(10)),
        OcfResultCode.RUNNING_PROMOTED);
    expect(run(stateful, "s:0", AgentAction.DEMOTE, none, clone, Duration.ZERO), OcfResultCode.OK);
    expect(run(stateful, "s:0", AgentAction.MONITOR, none, clone, Duration.ZERO), OcfResultCode.OK);
    expect(run(stateful, "s:0", AgentAction.STOP, none, clone, Duration.ZERO), OcfResultCode.OK);
    expect(
        run(stateful, "s:0", AgentAction.MONITOR, none, clone, Duration.ZERO),
        OcfResultCode.NOT_RUNNING);
  }

  @Test
  void heartbeatAnythingSupervisesARealProcess() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "ocf:heartbeat:anything runs su");
    OcfAgent anything = agent("heartbeat", "anything");
    Map<String, String> params = Map.of("binfile", "/bin/sleep", "cmdline_options", "1000");
    expect(run(anything, "sleeper", AgentAction.MONITOR, params), OcfResultCode.NOT_RUNNING);
    OperationResult start = run(anything, "sleeper", AgentAction.START, params);
    Path pidfile = state.resolve("ocf/run/anything_sleeper.pid");
    long pid = -1;
    try {
      expect(start, OcfResultCode.OK);
      pid = Long.parseLong(Files.readString(pidfile).trim());
      assertThat(TestAgents.isLive(pid)).isTrue();
      assertThat(ProcessHandle.of(pid).flatMap(h -> h.info().command())).hasValue("/usr/bin/sleep");
      expect(
          run(anything, "sleeper", AgentAction.MONITOR, params, Map.of(), Duration.ofSeconds(10)),
          OcfResultCode.OK);
      expect(run(anything, "sleeper", AgentAction.STOP, params), OcfResultCode.OK);
      long stopped = pid;
      await().atMost(T).until(() -> !TestAgents.isLive(stopped));
      expect(run(anything, "sleeper", AgentAction.MONITOR, params), OcfResultCode.NOT_RUNNING);
    } finally {
      if (pid > 0) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Test
  void metadataOfEveryInstalledAgentParses() throws Exception {
    Map<AgentId, OcfScript> all = OcfRootScanner.scan(List.of(ROOT)).agents();
    assertThat(all).hasSizeGreaterThan(100);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "metadata-test");
              t.setDaemon(true);
              return t;
            });
    Map<AgentId, Future<OcfAgent>> fetched = new TreeMap<>();
    try {
      for (OcfScript script : all.values()) {
        fetched.put(
            script.id(),
            pool.submit(
                () -> {
                  OcfAgent a = new OcfAgent(script, settings, runner);
                  a.metadata();
                  return a;
                }));
      }
      Map<AgentId, String> failures = new TreeMap<>();
      List<AgentMetadata> parsed = new ArrayList<>();
      for (Map.Entry<AgentId, Future<OcfAgent>> e : fetched.entrySet()) {
        OcfAgent a = e.getValue().get(90, TimeUnit.SECONDS);
        a.metadataError()
            .ifPresentOrElse(err -> failures.put(e.getKey(), err), () -> parsed.add(a.metadata()));
      }
      assertThat(failures).as("agents whose meta-data failed").isEmpty();
      assertThat(parsed).allSatisfy(md -> assertThat(md.actions()).isNotEmpty());
      assertThat(parsed)
          .filteredOn(md -> md.name().equals("IPaddr2"))
          .singleElement()
          .satisfies(
              md -> {
                assertThat(md.parameter("ip"))
                    .hasValueSatisfying(p -> assertThat(p.required()).isTrue());
                assertThat(md.defaultTimeout("start")).hasValue(Duration.ofSeconds(20));
              });
    } finally {
      pool.shutdownNow();
    }
  }
}
