package org.paceline.api.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationRequestTest {

  private static final Duration T = Duration.ofSeconds(20);

  @Test
  void ofMakesAOneTimeOperation() {
    OperationRequest r = OperationRequest.of("web", AgentAction.START, Map.of("a", "1"), T);

    assertEquals("web", r.resourceId());
    assertEquals(AgentAction.START, r.action());
    assertEquals(Map.of("a", "1"), r.parameters());
    assertEquals(Map.of(), r.meta());
    assertEquals(T, r.timeout());
    assertEquals(Duration.ZERO, r.interval());
  }

  @Test
  void nullIntervalMeansZero() {
    OperationRequest r =
        new OperationRequest("web", AgentAction.MONITOR, Map.of(), Map.of(), T, null);

    assertEquals(Duration.ZERO, r.interval());
    assertTrue(r.isProbe());
  }

  @Test
  void probeIsMonitorWithIntervalZeroOnly() {
    assertTrue(OperationRequest.of("web", AgentAction.MONITOR, Map.of(), T).isProbe());
    assertFalse(
        new OperationRequest(
                "web", AgentAction.MONITOR, Map.of(), Map.of(), T, Duration.ofSeconds(10))
            .isProbe());
    assertFalse(OperationRequest.of("web", AgentAction.START, Map.of(), T).isProbe());
  }

  @Test
  void copiesParametersAndMeta() {
    Map<String, String> params = new HashMap<>(Map.of("a", "1"));
    Map<String, String> meta = new HashMap<>(Map.of("clone_max", "2"));
    OperationRequest r =
        new OperationRequest("web", AgentAction.START, params, meta, T, Duration.ZERO);

    params.put("b", "2");
    meta.clear();

    assertEquals(Map.of("a", "1"), r.parameters());
    assertEquals(Map.of("clone_max", "2"), r.meta());
    assertThrows(UnsupportedOperationException.class, () -> r.parameters().put("c", "3"));
  }

  @Test
  void rejectsZeroOrNegativeTimeout() {
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> OperationRequest.of("web", AgentAction.START, Map.of(), Duration.ZERO));
    assertTrue(zero.getMessage().contains("timeout"), zero.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> OperationRequest.of("web", AgentAction.START, Map.of(), Duration.ofMillis(-1)));
  }

  @Test
  void rejectsNegativeInterval() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new OperationRequest(
                    "web", AgentAction.MONITOR, Map.of(), Map.of(), T, Duration.ofSeconds(-1)));
    assertTrue(e.getMessage().contains("interval"), e.getMessage());
  }

  @Test
  void rejectsMissingFields() {
    assertThrows(
        NullPointerException.class,
        () -> OperationRequest.of(null, AgentAction.START, Map.of(), T));
    assertThrows(NullPointerException.class, () -> OperationRequest.of("web", null, Map.of(), T));
    assertThrows(
        NullPointerException.class,
        () -> OperationRequest.of("web", AgentAction.START, Map.of(), null));
    assertThrows(
        NullPointerException.class, () -> OperationRequest.of("web", AgentAction.START, null, T));
    Map<String, String> withNull = new HashMap<>();
    withNull.put("a", null);
    assertThrows(
        NullPointerException.class,
        () -> OperationRequest.of("web", AgentAction.START, withNull, T));
  }
}
