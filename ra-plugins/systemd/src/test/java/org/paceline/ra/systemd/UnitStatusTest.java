package org.paceline.ra.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnitStatusTest {

  @Test
  void parsesShowOutput() {
    UnitStatus s =
        UnitStatus.parse(
            "LoadState=loaded\nActiveState=failed\nSubState=failed\nResult=exit-code\n");

    assertThat(s.exists()).isTrue();
    assertThat(s.loaded()).isTrue();
    assertThat(s.activeState()).isEqualTo(ActiveState.FAILED);
    assertThat(s.describe()).isEqualTo("ActiveState=failed SubState=failed Result=exit-code");
  }

  @Test
  void notFoundUnitDoesNotExist() {
    UnitStatus s = UnitStatus.parse("Result=success\nLoadState=not-found\nActiveState=inactive\n");

    assertThat(s.exists()).isFalse();
    assertThat(s.describe()).isEqualTo("ActiveState=inactive Result=success");
  }

  @Test
  void unknownStateKeepsTheWord() {
    UnitStatus s = UnitStatus.parse("LoadState=loaded\nActiveState=exploded\nSubState=x");

    assertThat(s.activeState()).isEqualTo(ActiveState.UNKNOWN);
    assertThat(s.describe()).startsWith("ActiveState=exploded");
  }

  @Test
  void outputWithoutStatesIsAClearError() {
    assertThatThrownBy(() -> UnitStatus.parse("Failed to connect to bus: No such file"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LoadState=")
        .hasMessageContaining("Failed to connect to bus");
    assertThatThrownBy(() -> UnitStatus.parse("LoadState=loaded\nActiveState=\n"))
        .hasMessageContaining("ActiveState=");
  }
}
