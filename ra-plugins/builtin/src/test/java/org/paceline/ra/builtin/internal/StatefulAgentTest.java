package org.paceline.ra.builtin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.ParameterSpec;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;

class StatefulAgentTest {

  @TempDir Path stateDir;

  private final StatefulAgent agent = new StatefulAgent();

  private OperationResult run(
      StatefulAgent a, String rsc, AgentAction action, Map<String, String> p) {
    return a.execute(
        OperationRequest.of(rsc, action, p, Duration.ofSeconds(20)),
        new OperationContext("n1", stateDir, Instant.now().plusSeconds(20)));
  }

  private OcfResultCode rc(String rsc, AgentAction action) {
    return run(agent, rsc, action, Map.of()).rc();
  }

  private Path stateFile(String rsc) {
    return stateDir.resolve("Stateful").resolve(rsc + ".state");
  }

  @Test
  void metadataDeclaresPromotionAndAMonitorPerRole() {
    assertThat(agent.id()).isEqualTo(AgentId.parse("ocf:paceline:Stateful"));
    assertThat(agent.metadata().parameters())
        .extracting(ParameterSpec::name)
        .containsExactly("state");
    assertThat(agent.metadata().actions())
        .extracting(ActionSpec::name)
        .contains(
            "start", "stop", "promote", "demote", "monitor", "notify", "validate-all", "meta-data");
    assertThat(agent.metadata().actions()).allSatisfy(a -> assertThat(a.timeout()).isNotNull());
    ActionSpec promoted =
        agent.metadata().actions().stream()
            .filter(a -> a.name().equals("monitor") && "Promoted".equals(a.role()))
            .findFirst()
            .orElseThrow();
    ActionSpec unpromoted =
        agent.metadata().actions().stream()
            .filter(a -> a.name().equals("monitor") && "Unpromoted".equals(a.role()))
            .findFirst()
            .orElseThrow();
    assertThat(promoted.interval()).isPositive().isNotEqualTo(unpromoted.interval());
    assertThat(unpromoted.interval()).isPositive();
    assertThat(agent.metadata().longDescription()).contains("configuration", "role=Promoted");
  }

  @Test
  void fullLifeCycle() throws Exception {
    assertThat(rc("db:0", AgentAction.MONITOR)).as("probe").isEqualTo(OcfResultCode.NOT_RUNNING);

    assertThat(rc("db:0", AgentAction.START)).isEqualTo(OcfResultCode.OK);
    assertThat(rc("db:0", AgentAction.MONITOR)).isEqualTo(OcfResultCode.OK);
    assertThat(stateFile("db:0")).content().isEqualTo("unpromoted\n");

    assertThat(rc("db:0", AgentAction.PROMOTE)).isEqualTo(OcfResultCode.OK);
    assertThat(rc("db:0", AgentAction.MONITOR)).isEqualTo(OcfResultCode.RUNNING_PROMOTED);
    assertThat(rc("db:0", AgentAction.MONITOR).code()).isEqualTo(8);
    assertThat(rc("db:0", AgentAction.PROMOTE)).as("again").isEqualTo(OcfResultCode.OK);
    assertThat(rc("db:0", AgentAction.START))
        .as("start of a running instance changes nothing")
        .isEqualTo(OcfResultCode.OK);
    assertThat(rc("db:0", AgentAction.MONITOR)).isEqualTo(OcfResultCode.RUNNING_PROMOTED);

    assertThat(rc("db:0", AgentAction.DEMOTE)).isEqualTo(OcfResultCode.OK);
    assertThat(rc("db:0", AgentAction.MONITOR)).isEqualTo(OcfResultCode.OK);
    assertThat(rc("db:0", AgentAction.DEMOTE)).as("again").isEqualTo(OcfResultCode.OK);

    assertThat(rc("db:0", AgentAction.PROMOTE)).isEqualTo(OcfResultCode.OK);
    assertThat(rc("db:0", AgentAction.STOP)).as("stop from promoted").isEqualTo(OcfResultCode.OK);
    assertThat(rc("db:0", AgentAction.MONITOR)).isEqualTo(OcfResultCode.NOT_RUNNING);
    assertThat(stateFile("db:0")).doesNotExist();
    assertThat(rc("db:0", AgentAction.STOP)).as("stop when stopped").isEqualTo(OcfResultCode.OK);
  }

  @Test
  void instancesAreIndependentAndSurviveANewAgent() {
    rc("db:0", AgentAction.START);
    rc("db:0", AgentAction.PROMOTE);
    rc("db:1", AgentAction.START);

    StatefulAgent fresh = new StatefulAgent();
    assertThat(run(fresh, "db:0", AgentAction.MONITOR, Map.of()).rc())
        .isEqualTo(OcfResultCode.RUNNING_PROMOTED);
    assertThat(run(fresh, "db:1", AgentAction.MONITOR, Map.of()).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(run(fresh, "db:2", AgentAction.MONITOR, Map.of()).rc())
        .isEqualTo(OcfResultCode.NOT_RUNNING);
  }

  @ParameterizedTest
  @EnumSource(
      value = AgentAction.class,
      names = {"PROMOTE", "DEMOTE"})
  void promotionOfAStoppedInstanceIsNotRunning(AgentAction action) {
    OperationResult r = run(agent, "db:0", action, Map.of());

    assertThat(r.rc()).isEqualTo(OcfResultCode.NOT_RUNNING);
    assertThat(r.exitReason()).contains("stopped instance");
    assertThat(stateFile("db:0")).doesNotExist();
  }

  @Test
  void aCustomStateFile(@TempDir Path elsewhere) {
    Path custom = elsewhere.resolve("sub/db.role");
    Map<String, String> p = Map.of("state", custom.toString());

    run(agent, "db:0", AgentAction.START, p);
    run(agent, "db:0", AgentAction.PROMOTE, p);

    assertThat(custom).content().isEqualTo("promoted\n");
    assertThat(run(agent, "db:0", AgentAction.MONITOR, p).rc())
        .isEqualTo(OcfResultCode.RUNNING_PROMOTED);
    assertThat(stateFile("db:0")).doesNotExist();
    assertThat(run(agent, "db:0", AgentAction.MONITOR, Map.of("state", "relative")).rc())
        .isEqualTo(OcfResultCode.ERR_CONFIGURED);
  }

  @Test
  void aCorruptStateFileFailsMonitorButNotStop() throws Exception {
    Files.createDirectories(stateFile("db:0").getParent());
    Files.writeString(stateFile("db:0"), "master\n");

    OperationResult monitor = run(agent, "db:0", AgentAction.MONITOR, Map.of());

    assertThat(monitor.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(monitor.exitReason()).contains(stateFile("db:0").toString(), "'master'");
    assertThat(rc("db:0", AgentAction.STOP)).isEqualTo(OcfResultCode.OK);
    assertThat(rc("db:0", AgentAction.MONITOR)).isEqualTo(OcfResultCode.NOT_RUNNING);
  }

  @Test
  void otherActions() {
    assertThat(rc("db:0", AgentAction.NOTIFY)).isEqualTo(OcfResultCode.OK);
    assertThat(rc("db:0", AgentAction.VALIDATE_ALL)).isEqualTo(OcfResultCode.OK);
    assertThat(rc("db:0", AgentAction.META_DATA)).isEqualTo(OcfResultCode.OK);
    assertThat(rc("db:0", AgentAction.MIGRATE_TO)).isEqualTo(OcfResultCode.ERR_UNIMPLEMENTED);
    assertThat(rc("db:0", AgentAction.RELOAD)).isEqualTo(OcfResultCode.ERR_UNIMPLEMENTED);
    assertThat(rc("a/b", AgentAction.START)).isEqualTo(OcfResultCode.ERR_CONFIGURED);
  }
}
