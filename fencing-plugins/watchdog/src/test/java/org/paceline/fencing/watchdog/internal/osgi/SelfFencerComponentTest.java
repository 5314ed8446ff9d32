package org.paceline.fencing.watchdog.internal.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.JoinState;
import org.paceline.cib.model.Membership;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.model.ResourceHistory;
import org.paceline.cib.model.Status;
import org.paceline.cib.model.Versions;
import org.paceline.fencing.watchdog.NodeProcessKiller;
import org.paceline.fencing.watchdog.SelfFencer.State;

class SelfFencerComponentTest {

  private final Fakes.Quorum quorum = new Fakes.Quorum();
  private final Fakes.Replica cib = new Fakes.Replica();
  private final AtomicInteger halts = new AtomicInteger();
  private SelfFencerComponent component;
  private Process stand;

  @AfterEach
  void stop() throws InterruptedException {
    if (component != null) {
      component.deactivate();
    }
    if (stand != null) {
      assertThat(
              new NodeProcessKiller(stand.pid(), Optional.empty())
                  .kill(Duration.ofSeconds(5))
                  .gone())
          .isTrue();
      stand.destroyForcibly();
    }
  }

  private static Cib withWebOnN1(String watchdogTimeout) {
    return new Cib(
        CrmParser.parse(
            "primitive wd stonith:fence_watchdog params watchdog_timeout="
                + watchdogTimeout
                + "\nprimitive web ocf:paceline:Dummy"),
        new Status(
            List.of(
                new NodeStatus(
                    "n1",
                    Membership.ONLINE,
                    JoinState.MEMBER,
                    Map.of(),
                    List.of(
                        new ResourceHistory(
                            "web", List.of(OperationRecord.done("start", 0, 0, 1))))))),
        Versions.INITIAL);
  }

  /** A process tree standing in for this node: {@code setsid sh -c 'sleep & sleep'}. */
  private NodeProcessKiller standIn() throws Exception {
    stand =
        new ProcessBuilder("setsid", "sh", "-c", "sleep 60 & sleep 60; wait")
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    NodeProcessKiller killer = new NodeProcessKiller(stand.pid(), Optional.empty());
    await().atMost(Duration.ofSeconds(10)).until(() -> killer.members().size() == 3);
    return killer;
  }

  @Test
  void losingQuorumWithResourcesActiveKillsTheNodesProcessesAndHalts() throws Exception {
    cib.cib.set(withWebOnN1("400ms"));
    NodeProcessKiller killer = standIn();
    component =
        new SelfFencerComponent(Fakes.node(), quorum, cib, "", killer, halts::incrementAndGet);
    await().until(() -> component.state() == State.QUORATE);

    quorum.set(Fakes.state(false, 1));

    await().atMost(Duration.ofSeconds(10)).until(() -> halts.get() == 1);
    assertThat(component.state()).isEqualTo(State.SELF_FENCING);
    await().atMost(Duration.ofSeconds(10)).until(() -> killer.members().isEmpty());
    await().atMost(Duration.ofSeconds(10)).until(() -> !stand.isAlive());
  }

  @Test
  void deactivationStopsListeningAndDisarmsTheDevice(@TempDir Path dir) throws Exception {
    Path dev = Files.createFile(dir.resolve("wd"));
    cib.cib.set(withWebOnN1("400ms"));
    component =
        new SelfFencerComponent(
            Fakes.node(), quorum, cib, dev.toString(), standIn(), halts::incrementAndGet);
    await().until(() -> component.state() == State.QUORATE);
    await().until(() -> Files.size(dev) >= 1);
    component.deactivate();
    component = null;
    assertThat(quorum.listeners).isEmpty();
    assertThat(Files.readString(dev)).endsWith("V");
    assertThat(halts.get()).isZero();
    assertThat(stand.isAlive()).isTrue();
  }

  @Test
  void theDeviceComesFromTheConfigurationElseFromPacelineConf() {
    assertThat(SelfFencerComponent.deviceOf(Fakes.config("/dev/watchdog1"), null))
        .isEqualTo("/dev/watchdog1");
    assertThat(SelfFencerComponent.deviceOf(Fakes.config(""), null)).isEmpty();
  }

  @Test
  void aMissingDeviceIsLoggedAndSelfFencingRunsWithoutIt(@TempDir Path dir) throws Exception {
    component =
        new SelfFencerComponent(
            Fakes.node(),
            quorum,
            cib,
            dir.resolve("no-such-watchdog").toString(),
            standIn(),
            halts::incrementAndGet);
    await().until(() -> component.state() == State.QUORATE);
    quorum.set(Fakes.state(false, 1));
    await().until(() -> component.state() == State.UNARMED);
    assertThat(halts.get()).isZero();
  }

  @Test
  void theTickIsASecondWithoutAKnownDeviceTimeout(@TempDir Path dir) {
    assertThat(SelfFencerComponent.tick(dir.resolve("wd"))).isEqualTo(Duration.ofSeconds(1));
  }
}
