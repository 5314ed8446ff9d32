package org.paceline.cib.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceHistoryTest {

  private final List<OperationRecord> ops = new ArrayList<>();
  private long callId = 1;

  private ResourceHistoryTest op(String name, long interval, int rc) {
    ops.add(OperationRecord.done(name, interval, rc, callId++));
    return this;
  }

  private ResourceHistoryTest op(String name, long interval, ExecStatus status) {
    ops.add(new OperationRecord(name, interval, 1, status, callId++, 0, 0, null));
    return this;
  }

  private ResourceState state() {
    return new ResourceHistory("db", ops).currentState();
  }

  @Test
  void noHistoryIsStopped() {
    assertThat(state()).isEqualTo(ResourceState.STOPPED);
  }

  @Test
  void startThenMonitorOkIsStarted() {
    op("monitor", 0, 7).op("start", 0, 0).op("monitor", 10_000, 0);
    assertThat(state()).isEqualTo(new ResourceState(Role.STARTED, false));
  }

  @Test
  void stopIsStopped() {
    op("start", 0, 0).op("monitor", 10_000, 0).op("stop", 0, 0);
    assertThat(state()).isEqualTo(ResourceState.STOPPED);
  }

  @Test
  void recurringMonitorNotRunningAfterStartIsStoppedFailed() {
    op("start", 0, 0).op("monitor", 10_000, 7);
    assertThat(state()).isEqualTo(new ResourceState(Role.STOPPED, true));
    assertThat(state()).hasToString("FAILED Stopped");
  }

  @Test
  void promoteIsPromoted() {
    op("start", 0, 0).op("promote", 0, 0).op("monitor", 9_000, 8);
    assertThat(state()).isEqualTo(new ResourceState(Role.PROMOTED, false));
  }

  @Test
  void demoteIsUnpromoted() {
    op("start", 0, 0).op("promote", 0, 0).op("demote", 0, 0);
    assertThat(state()).isEqualTo(new ResourceState(Role.UNPROMOTED, false));
  }

  @Test
  void monitorOkKeepsPromotedRole() {
    op("start", 0, 0).op("promote", 0, 0).op("monitor", 10_000, 0);
    assertThat(state().role()).isEqualTo(Role.PROMOTED);
  }

  @Test
  void probeNotRunningIsStoppedNotFailed() {
    op("monitor", 0, 7);
    assertThat(state()).isEqualTo(ResourceState.STOPPED);
  }

  @Test
  void probeNotRunningAfterStartIsStillNotAFailure() {
    op("start", 0, 0).op("monitor", 0, 7);
    assertThat(state()).isEqualTo(ResourceState.STOPPED);
  }

  @Test
  void probeRunningIsStarted() {
    op("monitor", 0, 0);
    assertThat(state()).isEqualTo(new ResourceState(Role.STARTED, false));
  }

  @Test
  void probeRunningPromotedIsPromoted() {
    op("monitor", 0, 8);
    assertThat(state()).isEqualTo(new ResourceState(Role.PROMOTED, false));
  }

  @Test
  void probeNotInstalledIsStoppedNotFailed() {
    op("monitor", 0, 5);
    assertThat(state()).isEqualTo(ResourceState.STOPPED);
  }

  @Test
  void failedProbeIsActiveAndFailed() {
    op("monitor", 0, 1);
    assertThat(state()).isEqualTo(new ResourceState(Role.STARTED, true));
  }

  @Test
  void failedStartIsFailed() {
    op("monitor", 0, 7).op("start", 0, 1);
    assertThat(state()).isEqualTo(new ResourceState(Role.STARTED, true));
    assertThat(state()).hasToString("FAILED Started");
  }

  @Test
  void timedOutStartIsFailed() {
    op("start", 0, ExecStatus.TIMEOUT);
    assertThat(state()).isEqualTo(new ResourceState(Role.STARTED, true));
  }

  @Test
  void failedStopStaysActiveAndFailed() {
    op("start", 0, 0).op("stop", 0, ExecStatus.TIMEOUT);
    assertThat(state()).isEqualTo(new ResourceState(Role.STARTED, true));
  }

  @Test
  void stopNotRunningIsStopped() {
    op("start", 0, 0).op("stop", 0, 7);
    assertThat(state()).isEqualTo(ResourceState.STOPPED);
  }

  @Test
  void failedPromoteAndDemoteAssumePromoted() {
    op("start", 0, 0).op("promote", 0, 1);
    assertThat(state()).isEqualTo(new ResourceState(Role.PROMOTED, true));
    ops.clear();
    op("start", 0, 0).op("promote", 0, 0).op("demote", 0, ExecStatus.ERROR);
    assertThat(state()).isEqualTo(new ResourceState(Role.PROMOTED, true));
  }

  @Test
  void monitorFailedPromotedIsPromotedFailed() {
    op("start", 0, 0).op("promote", 0, 0).op("monitor", 9_000, 9);
    assertThat(state()).isEqualTo(new ResourceState(Role.PROMOTED, true));
  }

  @Test
  void recurringMonitorErrorKeepsRoleFailed() {
    op("start", 0, 0).op("monitor", 10_000, 1);
    assertThat(state()).isEqualTo(new ResourceState(Role.STARTED, true));
  }

  @Test
  void recoveryClearsTheFailedFlag() {
    op("start", 0, 0).op("monitor", 10_000, 7).op("stop", 0, 0).op("start", 0, 0);
    assertThat(state()).isEqualTo(new ResourceState(Role.STARTED, false));
  }

  @Test
  void pendingAndCancelledAreSkipped() {
    op("start", 0, 0);
    ops.add(new OperationRecord("monitor", 10_000, 0, ExecStatus.CANCELLED, callId++, 0, 0, null));
    ops.add(new OperationRecord("stop", 0, 0, ExecStatus.PENDING, -1, 0, 0, null));
    assertThat(state()).isEqualTo(new ResourceState(Role.STARTED, false));
  }

  @Test
  void notifyAndMigrateToLeaveTheRole() {
    op("start", 0, 0).op("notify", 0, 0).op("migrate_to", 0, 0);
    assertThat(state().role()).isEqualTo(Role.STARTED);
    ops.clear();
    op("migrate_from", 0, 0);
    assertThat(state().role()).isEqualTo(Role.STARTED);
  }

  @Test
  void replaysInCallOrderNotListOrder() {
    ops.add(OperationRecord.done("stop", 0, 0, 5));
    ops.add(OperationRecord.done("start", 0, 0, 3));
    assertThat(state()).isEqualTo(ResourceState.STOPPED);
    ops.add(OperationRecord.done("start", 0, 0, 9));
    assertThat(state().role()).isEqualTo(Role.STARTED);
    ResourceHistory h = new ResourceHistory("db", ops);
    assertThat(h.latest("start", 0)).map(OperationRecord::callId).contains(9L);
    assertThat(h.currentRole()).isEqualTo(Role.STARTED);
  }

  @Test
  void operationRecordValidation() {
    assertThatThrownBy(() -> OperationRecord.done("start", -1, 0, 1))
        .hasMessage("operation record 'start' interval must not be negative: -1");
    assertThatThrownBy(() -> OperationRecord.done("start", 0, 256, 1))
        .hasMessage("operation record 'start' rc must be in 0..255, got 256");
    assertThatThrownBy(() -> OperationRecord.done("start", 0, 0, -2))
        .hasMessage("operation record 'start' call-id must be -1 or more, got -2");
    assertThatThrownBy(() -> new OperationRecord("start", 0, 0, null, 1, 0, 0, null))
        .hasMessage("operation record 'start' op-status is missing");
    assertThatThrownBy(() -> new OperationRecord("start", 0, 0, ExecStatus.DONE, 1, -5, 0, null))
        .hasMessageContaining("last-rc-change must not be negative");
    assertThatThrownBy(() -> new OperationRecord("start", 0, 0, ExecStatus.DONE, 1, 0, -5, null))
        .hasMessageContaining("exec-time must not be negative");
    assertThat(OperationRecord.done("monitor", 10_000, 0, 1).key("db"))
        .isEqualTo("db_monitor_10000");
    assertThat(ExecStatus.of(2)).isEqualTo(ExecStatus.TIMEOUT);
    assertThatThrownBy(() -> ExecStatus.of(42)).hasMessageContaining("unknown op-status 42");
  }
}
