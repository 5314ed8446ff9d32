package org.paceline.api.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentActionTest {

  @ParameterizedTest
  @CsvSource({
    "start, START",
    "stop, STOP",
    "monitor, MONITOR",
    "promote, PROMOTE",
    "demote, DEMOTE",
    "notify, NOTIFY",
    "reload, RELOAD",
    "reload-agent, RELOAD_AGENT",
    "migrate_to, MIGRATE_TO",
    "migrate_from, MIGRATE_FROM",
    "meta-data, META_DATA",
    "validate-all, VALIDATE_ALL"
  })
  void fromOcfName(String name, AgentAction action) {
    assertEquals(Optional.of(action), AgentAction.fromOcfName(name));
    assertEquals(name, action.ocfName());
    assertEquals(name, action.toString());
  }

  @ParameterizedTest
  @EnumSource(AgentAction.class)
  void roundTripsEveryAction(AgentAction action) {
    assertEquals(Optional.of(action), AgentAction.fromOcfName(action.ocfName()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "START", "Start", "meta_data", "validate_all", "reload_agent", "migrate-to"})
  void unknownOrMisspelledNamesAreEmpty(String name) {
    assertEquals(Optional.empty(), AgentAction.fromOcfName(name));
  }

  @Test
  void nullIsEmpty() {
    assertEquals(Optional.empty(), AgentAction.fromOcfName(null));
  }
}
