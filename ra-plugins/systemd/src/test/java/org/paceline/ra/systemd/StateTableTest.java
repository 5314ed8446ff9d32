package org.paceline.ra.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.paceline.api.ra.AgentAction;
import org.paceline.ra.systemd.StateTable.Outcome;

class StateTableTest {

  @ParameterizedTest
  @EnumSource(ActiveState.class)
  void everyCellIsDefined(ActiveState state) {
    for (AgentAction action :
        new AgentAction[] {AgentAction.START, AgentAction.STOP, AgentAction.MONITOR}) {
      assertThat(StateTable.outcome(action, state)).as("%s in %s", action, state).isNotNull();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "ACTIVE, DONE, DONE, WAIT",
    "RELOADING, DONE, DONE, WAIT",
    "REFRESHING, DONE, DONE, WAIT",
    "INACTIVE, NOT_RUNNING, FAILED, DONE",
    "FAILED, NOT_RUNNING, FAILED, DONE",
    "MAINTENANCE, NOT_RUNNING, FAILED, DONE",
    "UNKNOWN, NOT_RUNNING, FAILED, DONE",
    "ACTIVATING, WAIT, WAIT, WAIT",
    "DEACTIVATING, WAIT, WAIT, WAIT",
  })
  void pacemakersMapping(ActiveState state, Outcome monitor, Outcome start, Outcome stop) {
    assertThat(StateTable.outcome(AgentAction.MONITOR, state)).isEqualTo(monitor);
    assertThat(StateTable.outcome(AgentAction.START, state)).isEqualTo(start);
    assertThat(StateTable.outcome(AgentAction.STOP, state)).isEqualTo(stop);
  }

  @ParameterizedTest
  @EnumSource(ActiveState.class)
  void startAndStopAgreeWithMonitor(ActiveState state) {
    Outcome monitor = StateTable.outcome(AgentAction.MONITOR, state);
    Outcome start = StateTable.outcome(AgentAction.START, state);
    Outcome stop = StateTable.outcome(AgentAction.STOP, state);
    switch (monitor) {
      case DONE -> assertThat(start).isEqualTo(Outcome.DONE);
      case NOT_RUNNING -> {
        assertThat(start).isEqualTo(Outcome.FAILED);
        assertThat(stop).isEqualTo(Outcome.DONE);
      }
      case WAIT -> {
        assertThat(start).isEqualTo(Outcome.WAIT);
        assertThat(stop).isEqualTo(Outcome.WAIT);
      }
      default -> throw new AssertionError("monitor never answers " + monitor);
    }
  }

  @Test
  void otherActionsHaveNoTable() {
    assertThatThrownBy(() -> StateTable.outcome(AgentAction.PROMOTE, ActiveState.ACTIVE))
        .hasMessageContaining("promote");
  }

  @Test
  void systemdWordsParse() {
    assertThat(ActiveState.fromSystemd("active")).isEqualTo(ActiveState.ACTIVE);
    assertThat(ActiveState.fromSystemd(" deactivating\n")).isEqualTo(ActiveState.DEACTIVATING);
    assertThat(ActiveState.fromSystemd("exploded")).isEqualTo(ActiveState.UNKNOWN);
    assertThat(ActiveState.fromSystemd("")).isEqualTo(ActiveState.UNKNOWN);
    assertThat(ActiveState.fromSystemd(null)).isEqualTo(ActiveState.UNKNOWN);
  }
}
