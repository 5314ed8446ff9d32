package org.paceline.api.fencing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostMapTest {

  @Test
  void parsesEverySeparator() {
    HostMap map = HostMap.parse("n1:1;n2:2,n3=3 n4:4\tn5=5\n n6:6");

    assertEquals(List.of("n1", "n2", "n3", "n4", "n5", "n6"), List.copyOf(map.ports().keySet()));
    assertEquals(Optional.of("1"), map.portFor("n1"));
    assertEquals(Optional.of("3"), map.portFor("n3"));
    assertEquals(Optional.of("5"), map.portFor("n5"));
    assertEquals(Optional.of("6"), map.portFor("n6"));
  }

  @Test
  void toleratesRepeatedAndSurroundingSeparators() {
    HostMap map = HostMap.parse("  ;n1:1;;, n2=2 ;  ");

    assertEquals(Map.of("n1", "1", "n2", "2"), map.ports());
  }

  @Test
  void firstSeparatorSplitsNodeFromPort() {
    assertEquals(Optional.of("plug=3"), HostMap.parse("n1:plug=3").portFor("n1"));
    assertEquals(Optional.of("a:b"), HostMap.parse("n1=a:b").portFor("n1"));
  }

  @Test
  void nullBlankOrEmptyTextIsAnEmptyMap() {
    assertEquals(Map.of(), HostMap.parse(null).ports());
    assertEquals(Map.of(), HostMap.parse("").ports());
    assertEquals(Map.of(), HostMap.parse("  ;, ").ports());
    assertEquals(HostMap.empty(), HostMap.parse(""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"n1", "n1:", ":1", "=1", "n1=", "n1:1;n2", "n1:1 n2="})
  void rejectsEntriesWithoutNodeOrPort(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HostMap.parse(text));

    assertTrue(e.getMessage().contains("bad pcmk_host_map entry"), e.getMessage());
  }

  @Test
  void errorNamesTheBadEntry() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HostMap.parse("n1:1;n2;n3:3"));

    assertTrue(e.getMessage().contains("'n2'"), e.getMessage());
  }

  @Test
  void portOrNameFallsBackToTheNodeName() {
    HostMap map = HostMap.parse("n1:7");

    assertEquals("7", map.portOrName("n1"));
    assertEquals("n2", map.portOrName("n2"));
    assertEquals(Optional.empty(), map.portFor("n2"));
  }

  @Test
  void toStringRoundTripsInOrder() {
    HostMap map = HostMap.parse("b=2, a:1");

    assertEquals("b:2;a:1", map.toString());
    assertEquals(map, HostMap.parse(map.toString()));
  }

  @Test
  void isACopyAndUnmodifiable() {
    Map<String, String> source = new LinkedHashMap<>(Map.of("n1", "1"));
    HostMap map = new HostMap(source);

    source.put("n2", "2");

    assertEquals(Map.of("n1", "1"), map.ports());
    assertThrows(UnsupportedOperationException.class, () -> map.ports().put("n3", "3"));
  }
}
