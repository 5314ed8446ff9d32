package org.paceline.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paceline.launcher.config.ConfigAssertions.assertConfigError;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SectionReaderTest {

  private static final Path FILE = Path.of("/etc/paceline/test.conf");
  private static final Duration MIN = Duration.ZERO;
  private static final Duration MAX = Duration.ofHours(1);

  /** A reader over {@code sect { key: value }}; the entry stands on line 2. */
  private static SectionReader reader(String key, String value) throws ConfigException {
    return reader("sect {\n    " + key + ": " + value + "\n}\n");
  }

  private static SectionReader reader(String text) throws ConfigException {
    return new SectionReader(ConfigParser.parse(FILE, text).sections().get(0));
  }

  @ParameterizedTest(name = "''{0}'' is {1} ms")
  @CsvSource({
    "1500, 1500",
    "0, 0",
    "1s, 1000",
    "500ms, 500",
    "1.5s, 1500",
    "250 ms, 250",
    "2S, 2000",
    "2m, 120000",
    "1h, 3600000",
    "0.5, 0.5"
  })
  void durationPlainNumberIsMillisecondsAndSuffixesScale(String value, double millis)
      throws Exception {
    SectionReader r = reader("timeout", value);

    Duration d = r.duration("timeout", Duration.ofDays(1), MIN, MAX);

    assertEquals(Duration.ofNanos(Math.round(millis * 1_000_000)), d);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "-5", "1d", "1e3", "1.s", "s", "10 seconds"})
  void badDurationNamesFileLineAndKey(String value) throws Exception {
    SectionReader r = reader("timeout", value);

    assertConfigError(
        FILE,
        2,
        "sect.timeout",
        "'" + value + "' is not a duration",
        () -> r.duration("timeout", Duration.ZERO, MIN, MAX));
  }

  @Test
  void durationOutOfRangeIsRefused() throws Exception {
    assertConfigError(
        FILE,
        2,
        "sect.timeout",
        "'10' is out of range [50 ms, 3600000 ms]",
        () -> reader("timeout", "10").duration("timeout", null, Duration.ofMillis(50), MAX));
    assertConfigError(
        FILE,
        2,
        "sect.timeout",
        "out of range",
        () -> reader("timeout", "61m").duration("timeout", null, MIN, MAX));
    assertConfigError(
        FILE,
        2,
        "sect.timeout",
        "too long",
        () -> reader("timeout", "99999999999h").duration("timeout", null, MIN, MAX));
  }

  @Test
  void absentKeysGiveTheirDefaults() throws Exception {
    SectionReader r = reader("other", "x");

    assertEquals(Duration.ofSeconds(7), r.duration("timeout", Duration.ofSeconds(7), MIN, MAX));
    assertEquals(42, r.integer("count", 42, 0, 100));
    assertTrue(r.bool("flag", true));
    assertFalse(r.bool("flag2", false));
    assertEquals("dflt", r.string("name", "dflt"));
    assertNull(r.string("name", null));
    assertEquals("b", r.choice("mode", "b", "a", "b"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "on", "true", "1", "YES", "On"})
  void trueBooleans(String value) throws Exception {
    assertTrue(reader("flag", value).bool("flag", false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"no", "off", "false", "0", "NO", "Off"})
  void falseBooleans(String value) throws Exception {
    assertFalse(reader("flag", value).bool("flag", true));
  }

  @Test
  void badBooleanIsRefused() throws Exception {
    SectionReader r = reader("flag", "maybe");

    assertConfigError(FILE, 2, "sect.flag", "'maybe' is not yes/no", () -> r.bool("flag", false));
  }

  @Test
  void integersAreCheckedForFormAndRange() throws Exception {
    assertEquals(7, reader("n", "7").integer("n", 0, 1, 10));
    assertEquals(10, reader("n", "10").integer("n", 0, 1, 10));
    assertConfigError(
        FILE,
        2,
        "sect.n",
        "'x' is not a whole number",
        () -> reader("n", "x").integer("n", 0, 1, 10));
    assertConfigError(
        FILE,
        2,
        "sect.n",
        "'1.5' is not a whole number",
        () -> reader("n", "1.5").integer("n", 0, 1, 10));
    assertConfigError(
        FILE,
        2,
        "sect.n",
        "11 is out of range [1, 10]",
        () -> reader("n", "11").integer("n", 0, 1, 10));
    assertConfigError(
        FILE,
        2,
        "sect.n",
        "0 is out of range [1, 10]",
        () -> reader("n", "0").integer("n", 0, 1, 10));
    assertConfigError(
        FILE,
        2,
        "sect.n",
        "out of range",
        () -> reader("n", "4294967296").integer("n", 0, 1, Integer.MAX_VALUE));
  }

  @Test
  void requiredKeysNameTheSectionLine() throws Exception {
    SectionReader r = reader("\n\nsect {\n    other: 1\n}\n");

    assertConfigError(
        FILE, 3, "sect.name", "required key is missing", () -> r.requiredString("name"));
    assertConfigError(
        FILE, 3, "sect.id", "required key is missing", () -> r.requiredInteger("id", 1, 9));
  }

  @Test
  void emptyStringValueIsRefused() throws Exception {
    SectionReader r = reader("name", "");

    assertConfigError(FILE, 2, "sect.name", "needs a value", () -> r.string("name", "d"));
  }

  @Test
  void choiceMustBeOneOfTheAllowed() throws Exception {
    assertEquals("b", reader("mode", "b").choice("mode", "a", "a", "b"));
    assertConfigError(
        FILE,
        2,
        "sect.mode",
        "'c' is not one of a, b",
        () -> reader("mode", "c").choice("mode", "a", "a", "b"));
  }

  @Test
  void keySetTwiceIsRefusedNamingBothLines() {
    assertConfigError(
        FILE,
        4,
        "sect.token",
        "set twice (first on line 2)",
        () -> reader("sect {\n    token: 1\n    join: 2\n    token: 3\n}\n"));
  }

  @Test
  void finishRefusesUnreadKeysAndUnknownSections() throws Exception {
    SectionReader keys = reader("sect {\n    known: 1\n    unknown: 2\n}\n");
    keys.integer("known", 0, 0, 9);
    assertConfigError(FILE, 3, "sect.unknown", "unknown key in section 'sect'", keys::finish);

    SectionReader sections = reader("sect {\n    a {\n    }\n    b {\n    }\n}\n");
    sections.allowSections("a");
    assertConfigError(FILE, 4, "sect.b", "unknown section inside 'sect'", sections::finish);
  }

  @Test
  void finishOnTheRootCallsItAnUnknownSection() throws Exception {
    SectionReader root = new SectionReader(ConfigParser.parse(FILE, "totem {\n}\nbogus {\n}\n"));
    root.allowSections("totem");

    assertConfigError(FILE, 3, "bogus", "unknown section", root::finish);
  }

  @Test
  void acceptedKeysPassFinishAndLeaveANote() throws Exception {
    SectionReader r = reader("sect {\n    used: 1\n    legacy: 2\n}\n");
    r.integer("used", 0, 0, 9);
    r.accept("legacy", "absent");

    r.finish();

    assertEquals(
        List.of(
            FILE + ":3: sect.legacy is accepted for compatibility and has no effect in Paceline"),
        r.notes());
  }
}
