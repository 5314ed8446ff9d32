package org.paceline.fencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.fencing.FenceAction;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Configuration;
import org.paceline.fencer.FenceAttempt.Status;

/** The fencer driving Debian's real {@code fence_dummy} through its stdin protocol. */
class FenceDummyTest {

  @TempDir Path dir;

  private FencerThreads threads;
  private FenceDummyAgent agent;
  private Fencer fencer;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Files.isExecutable(FenceDummyAgent.SCRIPT), "fence_dummy is not installed");
    threads = new FencerThreads("dummy-fencer", 2, 8);
    agent = new FenceDummyAgent(dir);
    fencer =
        Fencer.builder("n1", FenceAgentLookup.of(List.of(agent)))
            .executor(threads.executor())
            .timer(threads.timer())
            .build();
  }

  @AfterEach
  void tearDown() {
    if (threads != null) {
      threads.close();
      agent.started().forEach(ProcessHandle::destroyForcibly);
    }
  }

  private Path statusFile(String name, String state) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, state);
    return f;
  }

  private static Configuration config(String crm) {
    return CrmParser.parse("node n1\nnode n2\nnode n3\n" + crm);
  }

  private static FencingOutcome outcome(CompletableFuture<FencingOutcome> f) {
    await().atMost(Duration.ofSeconds(30)).until(f::isDone);
    return f.join();
  }

  @Test
  void metadataSaysStatusIsTheHostCheck() throws Exception {
    Path s = statusFile("n2.status", "on");
    Devices d =
        Devices.from(
            config("primitive dummy stonith:fence_dummy params type=file status_file=" + s),
            FenceAgentLookup.of(List.of(agent)));
    FenceDevice dummy = d.device("dummy").orElseThrow();
    assertThat(dummy.supports(FenceAction.LIST)).isFalse();
    assertThat(dummy.supports(FenceAction.OFF)).isTrue();
    assertThat(dummy.hostCheck()).isEqualTo(HostCheck.STATUS);
  }

  @Test
  void powersANodeOff() throws Exception {
    Path s = statusFile("n2.status", "on");
    FencingOutcome o =
        outcome(
            fencer.fence(
                FencingRequest.of("n2", FenceAction.OFF, "n3", "test"),
                config("primitive dummy stonith:fence_dummy params type=file status_file=" + s)));
    assertThat(o.succeeded()).as(o.describe()).isTrue();
    assertThat(Files.readString(s)).isEqualTo("off");
    assertThat(agent.started()).hasSize(2); // status (host check), then off
  }

  @Test
  void aFailingDeviceFallsBackToTheNextLevelAndRebootIsOffThenOn() throws Exception {
    Path a = statusFile("a.status", "on");
    Path b = statusFile("b.status", "on");
    String crm =
        "primitive broken stonith:fence_dummy params type=fail power_timeout=1"
            + " pcmk_host_check=none pcmk_reboot_retries=0 pcmk_off_retries=0\n"
            + "primitive psu1 stonith:fence_dummy params type=file status_file="
            + a
            + " pcmk_host_list=n2\n"
            + "primitive psu2 stonith:fence_dummy params type=file status_file="
            + b
            + " pcmk_host_list=n2\n"
            + "fencing_topology n2: broken psu1,psu2\n";
    FencingOutcome o =
        outcome(
            fencer.fence(FencingRequest.of("n2", FenceAction.REBOOT, "n3", "test"), config(crm)));
    assertThat(o.succeeded()).as(o.describe()).isTrue();
    assertThat(o.level()).isEqualTo(2);
    assertThat(o.attempts())
        .extracting(FenceAttempt::deviceId, FenceAttempt::action, FenceAttempt::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("broken", FenceAction.REBOOT, Status.FAILED),
            org.assertj.core.groups.Tuple.tuple("psu1", FenceAction.OFF, Status.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("psu2", FenceAction.OFF, Status.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("psu1", FenceAction.ON, Status.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("psu2", FenceAction.ON, Status.SUCCEEDED));
    assertThat(o.attempts().get(0).reason()).contains("Timed out waiting to power OFF");
    assertThat(Files.readString(a)).isEqualTo("on");
    assertThat(Files.readString(b)).isEqualTo("on");
  }

  @Test
  void aHangingAgentIsKilledAtItsTimeout() throws Exception {
    Path s = statusFile("n2.status", "on");
    String crm =
        "primitive slow stonith:fence_dummy params type=file delay=60 status_file="
            + s
            + " pcmk_host_check=none pcmk_off_timeout=1500ms\n"
            + "primitive quick stonith:fence_dummy params type=file status_file="
            + s
            + " pcmk_host_check=none\n"
            + "fencing_topology n2: slow quick\n";
    FencingOutcome o =
        outcome(fencer.fence(FencingRequest.of("n2", FenceAction.OFF, "n3", "test"), config(crm)));
    assertThat(o.succeeded()).as(o.describe()).isTrue();
    assertThat(o.attempts())
        .extracting(FenceAttempt::status)
        .containsExactly(Status.TIMED_OUT, Status.SUCCEEDED);
    assertThat(o.attempts().get(0).reason()).isEqualTo("the agent did not finish within 1500ms");
    ProcessHandle slow = agent.started().get(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> !slow.isAlive());
    assertThat(Files.readString(s)).isEqualTo("off");
  }
}
