package org.paceline.api.fencing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FenceActionTest {

  @ParameterizedTest
  @CsvSource({
    "off, OFF",
    "poweroff, OFF",
    "on, ON",
    "reboot, REBOOT",
    "status, STATUS",
    "list, LIST",
    "monitor, MONITOR"
  })
  void fromAgentName(String name, FenceAction action) {
    assertEquals(Optional.of(action), FenceAction.fromAgentName(name));
  }

  @Test
  void poweroffIsReadAsOffButOffKeepsItsName() {
    FenceAction a = FenceAction.fromAgentName("poweroff").orElseThrow();

    assertEquals(FenceAction.OFF, a);
    assertEquals("off", a.agentName());
    assertEquals("off", a.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "OFF", "power-off", "cycle", "metadata"})
  void unknownNamesAreEmpty(String name) {
    assertEquals(Optional.empty(), FenceAction.fromAgentName(name));
  }

  @Test
  void targetActions() {
    assertTrue(FenceAction.OFF.hasTarget());
    assertTrue(FenceAction.ON.hasTarget());
    assertTrue(FenceAction.REBOOT.hasTarget());
    assertTrue(FenceAction.STATUS.hasTarget());
    assertFalse(FenceAction.LIST.hasTarget());
    assertFalse(FenceAction.MONITOR.hasTarget());
  }
}
