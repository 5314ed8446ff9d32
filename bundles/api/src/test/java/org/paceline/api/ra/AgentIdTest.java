package org.paceline.api.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentIdTest {

  @Test
  void parsesOcfAgentWithProvider() {
    AgentId id = AgentId.parse("ocf:heartbeat:IPaddr2");

    assertEquals("ocf", id.standard());
    assertEquals("heartbeat", id.provider());
    assertEquals("IPaddr2", id.type());
    assertEquals("ocf:heartbeat:IPaddr2", id.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"lsb:nginx", "systemd:nginx@2.service", "stonith:fence_dummy"})
  void parsesClassesWithoutProviderAndRoundTrips(String text) {
    AgentId id = AgentId.parse(text);

    assertNull(id.provider());
    assertEquals(text, id.toString());
    assertEquals(id, AgentId.parse(id.toString()));
  }

  @Test
  void ocfFactoryEqualsParsedId() {
    assertEquals(AgentId.parse("ocf:paceline:Dummy"), AgentId.ocf("paceline", "Dummy"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Dummy",
        "ocf:a:b:c",
        "ocf:Dummy",
        "ocf::Dummy",
        "ocf:paceline:",
        "lsb:",
        ":nginx",
        "lsb:vendor:nginx",
        "lsb:ngi nx",
        "lsb:-nginx",
        "ocf:pace/line:Dummy",
        "ocf:heartbeat:sub/Dummy",
        "stonith:/ipmi",
        "stonith:external//ipmi"
      })
  void rejectsMalformedTextNamingIt(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AgentId.parse(text));

    assertTrue(
        e.getMessage().contains("'" + text + "'"), "message names the input: " + e.getMessage());
  }

  @Test
  void stonithTypesMayNameAPluginInASubdirectory() {
    AgentId id = AgentId.parse("stonith:external/ipmi");

    assertEquals("external/ipmi", id.type());
    assertEquals("stonith:external/ipmi", id.toString());
  }

  @Test
  void ocfWithoutProviderSaysItNeedsOne() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AgentId.parse("ocf:Dummy"));

    assertTrue(e.getMessage().contains("needs a provider"), e.getMessage());
  }

  @Test
  void nonOcfWithProviderSaysOnlyOcfHasOne() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new AgentId("lsb", "x", "nginx"));

    assertTrue(e.getMessage().contains("only ocf agents have a provider"), e.getMessage());
  }

  @Test
  void rejectsNulls() {
    assertThrows(NullPointerException.class, () -> AgentId.parse(null));
    assertThrows(NullPointerException.class, () -> new AgentId(null, null, "x"));
    assertThrows(NullPointerException.class, () -> new AgentId("lsb", null, null));
  }

  @Test
  void sortsByText() {
    List<AgentId> ids =
        new ArrayList<>(
            List.of(
                AgentId.parse("stonith:fence_a"),
                AgentId.parse("ocf:paceline:Dummy"),
                AgentId.parse("lsb:nginx"),
                AgentId.parse("ocf:heartbeat:IPaddr2")));

    ids.sort(null);

    assertEquals(
        List.of(
            AgentId.parse("lsb:nginx"),
            AgentId.parse("ocf:heartbeat:IPaddr2"),
            AgentId.parse("ocf:paceline:Dummy"),
            AgentId.parse("stonith:fence_a")),
        ids);
  }
}
