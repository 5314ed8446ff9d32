package org.paceline.ra.ocf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.paceline.ra.ocf.TestAgents.context;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.ra.script.CommandRunner;

/**
 * The real {@code ocf:pacemaker:Stateful} (package pacemaker-resource-agents) sets its promotion
 * score through Paceline's crm_attribute, which reaches a stand-in for the node's admin API.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PromotableAgentTest {

  private static final Duration T = Duration.ofSeconds(30);
  private static final Map<String, String> CLONE =
      Map.of("clone-max", "2", "promotable", "true", "globally-unique", "false");

  @TempDir Path state;

  private FakeAdminApi api;
  private OcfAgent stateful;

  @BeforeEach
  void setUp() throws Exception {
    OcfScript script = OcfScript.under(OcfSettings.DEFAULT_ROOT, "pacemaker", "Stateful");
    assumeTrue(Files.isExecutable(script.file()), script.file() + " is not installed");
    api = new FakeAdminApi(state.resolve("node"));
    stateful =
        new OcfAgent(
            script,
            OcfSettings.defaults(),
            new CommandRunner(Duration.ofMillis(300), Map.of()),
            new ClusterTools(api.access()));
  }

  @AfterEach
  void tearDown() {
    if (api != null) {
      api.close();
    }
  }

  private OperationResult run(AgentAction action, Duration interval) throws InterruptedException {
    return stateful.execute(
        new OperationRequest("s:1", action, Map.of(), CLONE, Duration.ofSeconds(20), interval),
        context(state, T));
  }

  private void expect(AgentAction action, Duration interval, OcfResultCode rc)
      throws InterruptedException {
    OperationResult r = run(action, interval);
    assertThat(r.is(rc)).as("%s: expected %s, got %s", action, rc, r).isTrue();
  }

  private String score() {
    return api.transients.getOrDefault("node-1", Map.of()).get("master-s");
  }

  @Test
  void startPromoteMonitorDemoteStopSetTheScore() throws Exception {
    expect(AgentAction.MONITOR, Duration.ZERO, OcfResultCode.NOT_RUNNING);
    assertThat(api.requests).isEmpty();

    expect(AgentAction.START, Duration.ZERO, OcfResultCode.OK);
    assertThat(api.posts())
        .containsExactly("{\"name\":\"master-s\",\"value\":\"5\",\"lifetime\":\"reboot\"}");
    assertThat(api.requests).allMatch(r -> r.path().equals("/api/v1/nodes/node-1/attributes"));

    expect(AgentAction.PROMOTE, Duration.ZERO, OcfResultCode.OK);
    assertThat(score()).isEqualTo("10");

    expect(AgentAction.MONITOR, Duration.ofSeconds(10), OcfResultCode.RUNNING_PROMOTED);
    assertThat(api.posts()).as("a recurring monitor leaves the score alone").hasSize(2);
    api.transients.clear(); // as after the node rejoined: a probe restores the score
    expect(AgentAction.MONITOR, Duration.ZERO, OcfResultCode.RUNNING_PROMOTED);
    assertThat(score()).isEqualTo("10");

    expect(AgentAction.DEMOTE, Duration.ZERO, OcfResultCode.OK);
    assertThat(score()).isEqualTo("5");
    expect(AgentAction.STOP, Duration.ZERO, OcfResultCode.OK);
    assertThat(score()).isNull();
    assertThat(api.posts())
        .last()
        .isEqualTo("{\"name\":\"master-s\",\"value\":null,\"lifetime\":\"reboot\"}");
    expect(AgentAction.MONITOR, Duration.ZERO, OcfResultCode.NOT_RUNNING);
  }

  @Test
  void theAgentStillRunsWhenTheAdminApiIsDown() throws Exception {
    api.close();
    Files.delete(api.urlFile);
    OperationResult start = run(AgentAction.START, Duration.ZERO);
    assertThat(start.is(OcfResultCode.OK)).as(start.toString()).isTrue();
    assertThat(start.output())
        .as("the agent's output names the problem")
        .contains("crm_attribute: cannot read the node's admin API address from " + api.urlFile);
    expect(AgentAction.STOP, Duration.ZERO, OcfResultCode.OK);
  }
}
