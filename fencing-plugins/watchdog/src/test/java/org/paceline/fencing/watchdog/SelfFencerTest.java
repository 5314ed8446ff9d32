package org.paceline.fencing.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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
import org.paceline.fencing.watchdog.SelfFencer.State;

class SelfFencerTest {

  private static final Duration TICK = Duration.ofMillis(20);

  /** Watchdog timeout 400ms: self-fences 200ms after losing quorum. */
  private static final String SHORT =
      "primitive wd stonith:fence_watchdog params pcmk_host_list=\"n1 n2 n3\""
          + " watchdog_timeout=400ms\n"
          + "primitive web ocf:paceline:Dummy\n";

  private final List<String> steps = Collections.synchronizedList(new ArrayList<>());
  private final AtomicReference<Cib> cib = new AtomicReference<>();
  private SelfFencer fencer;

  @AfterEach
  void close() {
    if (fencer != null) {
      fencer.close();
    }
  }

  private static Cib cib(String config, ResourceHistory... onN1) {
    return new Cib(
        CrmParser.parse(config),
        new Status(
            List.of(
                new NodeStatus(
                    "n1", Membership.ONLINE, JoinState.MEMBER, Map.of(), List.of(onN1)))),
        Versions.INITIAL);
  }

  private static ResourceHistory started(String rsc) {
    return new ResourceHistory(rsc, List.of(OperationRecord.done("start", 0, 0, 1)));
  }

  private static ResourceHistory stopped(String rsc) {
    return new ResourceHistory(
        rsc,
        List.of(OperationRecord.done("start", 0, 0, 1), OperationRecord.done("stop", 0, 0, 2)));
  }

  private SelfFencer start(Supplier<Cib> source, Optional<WatchdogDevice> device) {
    fencer =
        new SelfFencer(
            "n1", source, () -> steps.add("kill"), () -> steps.add("halt"), device, TICK);
    fencer.start();
    return fencer;
  }

  private SelfFencer start() {
    return start(cib::get, Optional.empty());
  }

  private void quorate() {
    fencer.quorumChanged(true);
    await().until(() -> fencer.state() == State.QUORATE);
  }

  /** Waits until {@code n} more ticks have run: proof that time passed, without a clock. */
  private void waitTicks(int n) {
    long target = fencer.ticks() + n;
    await().atMost(Duration.ofSeconds(20)).until(() -> fencer.ticks() >= target);
  }

  @Test
  void quorumLostWithResourcesActiveKillsThenHalts() {
    cib.set(cib(SHORT, started("web")));
    start();
    quorate();
    fencer.quorumChanged(false);
    await().until(() -> steps.size() == 2);
    assertThat(steps).containsExactly("kill", "halt");
    assertThat(fencer.state()).isEqualTo(State.SELF_FENCING);
  }

  @Test
  void whileCountingDownItTellsTheDeadline() {
    cib.set(cib(SHORT.replace("400ms", "60s"), started("web")));
    start();
    quorate();
    assertThat(fencer.deadline()).isEmpty();
    fencer.quorumChanged(false);
    await().until(() -> fencer.state() == State.COUNTING_DOWN);
    assertThat(fencer.deadline()).isPresent();
    assertThat(steps).isEmpty();
  }

  @Test
  void quorumRegainedBeforeTheDeadlineCallsItOff() {
    // 4s timeout: self-fencing would come 2s after the loss.
    cib.set(cib(SHORT.replace("400ms", "4s"), started("web")));
    start();
    quorate();
    fencer.quorumChanged(false);
    await().until(() -> fencer.state() == State.COUNTING_DOWN);
    fencer.quorumChanged(true);
    await().until(() -> fencer.state() == State.QUORATE);
    assertThat(fencer.deadline()).isEmpty();
    waitTicks(130); // at least 2.6s: past the deadline the loss had set
    assertThat(steps).isEmpty();
    assertThat(fencer.state()).isEqualTo(State.QUORATE);
  }

  @Test
  void resourcesStoppedInTimeKeepTheNodeUpUntilOneIsActiveAgain() {
    cib.set(cib(SHORT, stopped("web")));
    start();
    quorate();
    fencer.quorumChanged(false);
    await().until(() -> fencer.state() == State.STAYING_UP);
    waitTicks(10);
    assertThat(steps).isEmpty();
    cib.set(cib(SHORT, started("web")));
    await().until(() -> steps.size() == 2);
    assertThat(steps).containsExactly("kill", "halt");
  }

  @Test
  void fenceDevicesDoNotCountAsActiveResources() {
    cib.set(cib(SHORT, started("wd"), stopped("web")));
    start();
    quorate();
    fencer.quorumChanged(false);
    await().until(() -> fencer.state() == State.STAYING_UP);
    assertThat(steps).isEmpty();
  }

  @Test
  void aCibThatCannotBeReadAtTheDeadlineSelfFences() {
    cib.set(cib(SHORT, stopped("web")));
    start(
        () -> {
          Cib c = cib.get();
          if (c == null) {
            throw new IllegalStateException("replica closed");
          }
          return c;
        },
        Optional.empty());
    quorate();
    fencer.quorumChanged(false);
    await().until(() -> fencer.state() == State.COUNTING_DOWN);
    cib.set(null);
    await().until(() -> steps.size() == 2);
    assertThat(steps).containsExactly("kill", "halt");
  }

  @Test
  void withoutWatchdogFencingConfiguredNothingIsArmed() {
    cib.set(cib("primitive web ocf:paceline:Dummy", started("web")));
    start();
    quorate();
    fencer.quorumChanged(false);
    await().until(() -> fencer.state() == State.UNARMED);
    waitTicks(25);
    assertThat(steps).isEmpty();
  }

  @Test
  void aNodeThatNeverHadQuorumNeverSelfFences() {
    cib.set(cib(SHORT, started("web")));
    start();
    fencer.quorumChanged(false);
    await().until(() -> fencer.state() == State.NEVER_QUORATE);
    fencer.quorumChanged(false);
    waitTicks(25);
    assertThat(steps).isEmpty();
    assertThat(fencer.state()).isEqualTo(State.NEVER_QUORATE);
  }

  @Test
  void aFailingKillStillHalts() {
    cib.set(cib(SHORT, started("web")));
    fencer =
        new SelfFencer(
            "n1",
            cib::get,
            () -> {
              steps.add("kill");
              throw new IllegalStateException("cannot read /proc");
            },
            () -> steps.add("halt"),
            Optional.empty(),
            TICK);
    fencer.start();
    quorate();
    fencer.quorumChanged(false);
    await().until(() -> steps.size() == 2);
    assertThat(steps).containsExactly("kill", "halt");
  }

  @Test
  void theHardwareWatchdogIsFedAndDisarmedOnACleanStop(@TempDir Path dir) throws Exception {
    Path dev = Files.createFile(dir.resolve("watchdog"));
    cib.set(cib(SHORT, stopped("web")));
    start(cib::get, Optional.of(WatchdogDevice.open(dev)));
    quorate();
    await().until(() -> Files.size(dev) >= 3);
    fencer.close();
    String written = Files.readString(dev);
    assertThat(written).matches("1+V");
    assertThat(fencer.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void selfFencingStopsFeedingTheHardwareWatchdogAndLeavesItArmed(@TempDir Path dir)
      throws Exception {
    Path dev = Files.createFile(dir.resolve("watchdog"));
    cib.set(cib(SHORT, started("web")));
    WatchdogDevice device = WatchdogDevice.open(dev);
    start(cib::get, Optional.of(device));
    quorate();
    await().until(() -> Files.size(dev) >= 2);
    fencer.quorumChanged(false);
    await().until(() -> steps.size() == 2);
    assertThat(device.abandoned()).isTrue();
    long size = Files.size(dev);
    waitTicks(10);
    fencer.close();
    assertThat(Files.size(dev)).isEqualTo(size);
    assertThat(Files.readString(dev)).doesNotContain("V");
  }

  @Test
  void stoppingWhileCountingDownLeavesTheHardwareWatchdogArmed(@TempDir Path dir) throws Exception {
    Path dev = Files.createFile(dir.resolve("watchdog"));
    cib.set(cib(SHORT.replace("400ms", "60s"), started("web")));
    WatchdogDevice device = WatchdogDevice.open(dev);
    start(cib::get, Optional.of(device));
    quorate();
    fencer.quorumChanged(false);
    await().until(() -> fencer.state() == State.COUNTING_DOWN);
    fencer.close();
    assertThat(device.abandoned()).isTrue();
    assertThat(Files.readString(dev)).doesNotContain("V");
    assertThat(steps).isEmpty();
  }
}
