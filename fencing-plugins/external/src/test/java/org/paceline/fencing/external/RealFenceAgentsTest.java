package org.paceline.fencing.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.api.fencing.FenceResult.Outcome;
import org.paceline.ra.script.CommandRunner;

/** Debian's fence-agents as installed: fence_dummy for real actions, a few others' meta-data. */
class RealFenceAgentsTest {

  private static final Path SBIN = Path.of("/usr/sbin");

  @TempDir Path tmp;

  private ExternalFenceAgentRegistry registry;
  private Path statusFile;

  @BeforeAll
  static void fenceAgentsInstalled() {
    assumeTrue(Files.isExecutable(SBIN.resolve("fence_dummy")), "fence-agents not installed");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 not installed");
  }

  @BeforeEach
  void scan() {
    registry =
        new ExternalFenceAgentRegistry(
            ExternalFenceSettings.defaults(),
            new CommandRunner(Duration.ofMillis(500)),
            new ExternalFenceAgentRegistry.Listener() {
              @Override
              public void added(ExternalFenceAgent agent) {}

              @Override
              public void removed(ExternalFenceAgent agent) {}
            });
    registry.rescan();
    statusFile = tmp.resolve("dummy.status");
  }

  private ExternalFenceAgent agent(String name) {
    ExternalFenceAgent agent = registry.agents().get(name);
    assertThat(agent).as(name).isNotNull();
    return agent;
  }

  private FenceResult dummy(FenceAction action, Map<String, String> extra, Duration timeout)
      throws InterruptedException {
    Map<String, String> params = new java.util.HashMap<>(extra);
    params.put("status_file", statusFile.toString());
    params.put("power_timeout", "5");
    return agent("fence_dummy")
        .execute(
            new FenceRequest(
                "dummy-dev", action, action.hasTarget() ? "n1" : null, null, params, timeout));
  }

  private FenceResult dummy(FenceAction action) throws InterruptedException {
    return dummy(action, Map.of(), Duration.ofSeconds(30));
  }

  @Test
  void fenceDummyMetadata() {
    ExternalFenceAgent agent = agent("fence_dummy");
    AgentMetadata md = agent.metadata();
    assertThat(agent.metadataError()).isEmpty();
    assertThat(md.name()).isEqualTo("fence_dummy");
    assertThat(md.shortDescription()).isEqualTo("Dummy fence agent");
    assertThat(md.parameter("status_file").orElseThrow().defaultValue())
        .isEqualTo("/tmp/fence_dummy.status");
    assertThat(md.parameter("random_sleep_range")).isPresent();
    assertThat(md.parameter("action").orElseThrow().required()).isFalse();
    assertThat(md.actions())
        .extracting(ActionSpec::name)
        .contains("on", "off", "reboot", "status", "monitor", "metadata");
    FenceMetadata fmd = agent.fenceMetadata().orElseThrow();
    assertThat(fmd.defaultHostArgument()).isEqualTo("port");
    assertThat(fmd.automaticUnfencing()).isFalse();
  }

  @Test
  void fenceDummyPowersAStatusFileOffAndOn() throws Exception {
    assertThat(dummy(FenceAction.STATUS).outcome()).isEqualTo(Outcome.TARGET_OFF);

    FenceResult on = dummy(FenceAction.ON);
    assertThat(on.outcome()).as(on.toString()).isEqualTo(Outcome.SUCCESS);
    assertThat(Files.readString(statusFile)).isEqualTo("on");
    assertThat(dummy(FenceAction.STATUS).outcome()).isEqualTo(Outcome.SUCCESS);

    FenceResult off = dummy(FenceAction.OFF);
    assertThat(off.outcome()).as(off.toString()).isEqualTo(Outcome.SUCCESS);
    assertThat(off.output()).contains("Success: Powered OFF");
    assertThat(Files.readString(statusFile)).isEqualTo("off");
    FenceResult status = dummy(FenceAction.STATUS);
    assertThat(status.outcome()).isEqualTo(Outcome.TARGET_OFF);
    assertThat(status.exitCode()).isEqualTo(2);

    FenceResult reboot = dummy(FenceAction.REBOOT);
    assertThat(reboot.outcome()).as(reboot.toString()).isEqualTo(Outcome.SUCCESS);
    assertThat(reboot.output()).contains("Success: Rebooted");
    assertThat(Files.readString(statusFile)).isEqualTo("on");

    assertThat(dummy(FenceAction.MONITOR).outcome()).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void fenceDummyWithoutListFailsWithItsReason() throws Exception {
    FenceResult r = dummy(FenceAction.LIST);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.message())
        .isEqualTo(
            "fence_dummy list failed with exit status 1: Failed: Unrecognised action 'list'");
  }

  @Test
  void aSlowFenceDummyIsKilledAtTheTimeout() throws Exception {
    // random_sleep_range=30 sleeps at least one second before doing anything
    FenceResult r =
        dummy(FenceAction.ON, Map.of("random_sleep_range", "30"), Duration.ofMillis(800));
    assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
    assertThat(statusFile).doesNotExist();
  }

  @Test
  void otherAgentsMetadata() {
    FenceMetadata virsh = agent("fence_virsh").fenceMetadata().orElseThrow();
    assertThat(virsh.defaultHostArgument()).isEqualTo("plug");
    assertThat(virsh.agent().parameter("ip").orElseThrow().required()).isFalse();
    assertThat(virsh.agent().parameter("ipaddr").orElseThrow().shortDescription())
        .endsWith("(deprecated, use ip)");

    FenceMetadata scsi = agent("fence_scsi").fenceMetadata().orElseThrow();
    assertThat(scsi.automaticUnfencing()).isTrue();
    assertThat(scsi.unfenceOnTarget()).isTrue();

    if (registry.agents().containsKey("fence_ilo3")) {
      assertThat(agent("fence_ilo3").metadata().shortDescription())
          .isEqualTo("Fence agent for HP iLO3");
    }
    if (registry.agents().containsKey("fence_ack_manual")) {
      ExternalFenceAgent manual = agent("fence_ack_manual");
      assertThat(manual.metadataError())
          .hasValueSatisfying(e -> assertThat(e).contains("exit status 1"));
    }
  }

  @Test
  void everyInstalledAgentIsRegisteredByName() {
    List<String> names = List.copyOf(registry.agents().keySet());
    assertThat(names).contains("fence_dummy", "fence_virsh", "fence_scsi");
    assertThat(names).allMatch(n -> n.startsWith("fence_"));
  }
}
