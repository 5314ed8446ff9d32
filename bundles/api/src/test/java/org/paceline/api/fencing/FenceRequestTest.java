package org.paceline.api.fencing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FenceRequestTest {

  private static final Duration T = Duration.ofSeconds(60);

  @ParameterizedTest
  @EnumSource(
      value = FenceAction.class,
      names = {"OFF", "ON", "REBOOT", "STATUS"})
  void targetActionsNeedATarget(FenceAction action) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FenceRequest("fence1", action, null, null, Map.of(), T));

    assertTrue(e.getMessage().contains("needs a target"), e.getMessage());
    assertTrue(e.getMessage().contains("'" + action.agentName() + "'"), e.getMessage());
    assertDoesNotThrow(() -> new FenceRequest("fence1", action, "n2", "2", Map.of(), T));
  }

  @ParameterizedTest
  @EnumSource(
      value = FenceAction.class,
      names = {"LIST", "MONITOR"})
  void deviceActionsNeedNoTarget(FenceAction action) {
    FenceRequest r = new FenceRequest("fence1", action, null, null, Map.of(), T);

    assertNull(r.target());
    assertEquals(action, r.action());
  }

  @Test
  void rejectsNonPositiveTimeout() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new FenceRequest("f", FenceAction.LIST, null, null, Map.of(), Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new FenceRequest("f", FenceAction.LIST, null, null, Map.of(), Duration.ofSeconds(-1)));
  }

  @Test
  void rejectsMissingFields() {
    assertThrows(
        NullPointerException.class,
        () -> new FenceRequest(null, FenceAction.LIST, null, null, Map.of(), T));
    assertThrows(
        NullPointerException.class, () -> new FenceRequest("f", null, "n1", null, Map.of(), T));
    assertThrows(
        NullPointerException.class,
        () -> new FenceRequest("f", FenceAction.LIST, null, null, Map.of(), null));
    assertThrows(
        NullPointerException.class,
        () -> new FenceRequest("f", FenceAction.LIST, null, null, null, T));
  }

  @Test
  void parametersAreAnUnmodifiableCopy() {
    FenceRequest r = new FenceRequest("f", FenceAction.OFF, "n1", "1", Map.of("ip", "10.0.0.1"), T);

    assertEquals(Map.of("ip", "10.0.0.1"), r.parameters());
    assertThrows(UnsupportedOperationException.class, () -> r.parameters().put("x", "y"));
  }
}
