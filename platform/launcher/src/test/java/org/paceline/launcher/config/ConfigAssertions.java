package org.paceline.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;

/** Shared helpers for the configuration tests: error assertions and text editing. */
final class ConfigAssertions {

  private ConfigAssertions() {}

  /**
   * Asserts that {@code call} throws a {@link ConfigException} about {@code file}, {@code line} and
   * {@code key}, whose message starts with {@code FILE:LINE: KEY: } (the documented format; the
   * line is left out when 0, the key when null) and contains {@code problem}.
   */
  static ConfigException assertConfigError(
      Path file, int line, String key, String problem, Executable call) {
    ConfigException e = assertThrows(ConfigException.class, call);
    assertEquals(file, e.file(), () -> "file of: " + e.getMessage());
    assertEquals(line, e.line(), () -> "line of: " + e.getMessage());
    assertEquals(key, e.key(), () -> "key of: " + e.getMessage());
    String prefix = file + (line > 0 ? ":" + line : "") + ": " + (key != null ? key + ": " : "");
    assertTrue(
        e.getMessage().startsWith(prefix),
        () -> "message should start with '" + prefix + "' but is: " + e.getMessage());
    assertContains(e.getMessage(), problem);
    return e;
  }

  static void assertContains(String text, String fragment) {
    assertTrue(text.contains(fragment), () -> "expected '" + fragment + "' in: " + text);
  }

  /** The 1-based line of the only line of {@code text} containing {@code fragment}. */
  static int lineOf(String text, String fragment) {
    int found = 0;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(fragment)) {
        if (found != 0) {
          fail("'" + fragment + "' is on lines " + found + " and " + (i + 1));
        }
        found = i + 1;
      }
    }
    if (found == 0) {
      fail("'" + fragment + "' is not in the text");
    }
    return found;
  }

  /** The 1-based line of the {@code occurrence}-th (1-based) line containing {@code fragment}. */
  static int lineOf(String text, String fragment, int occurrence) {
    String[] lines = text.split("\n", -1);
    int seen = 0;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(fragment) && ++seen == occurrence) {
        return i + 1;
      }
    }
    return fail("'" + fragment + "' occurs " + seen + " times, not " + occurrence);
  }

  /** {@code text} with the only occurrence of {@code from} replaced by {@code to}. */
  static String edit(String text, String from, String to) {
    int at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) {
      fail("'" + from + "' must occur exactly once in the text");
    }
    return text.substring(0, at) + to + text.substring(at + from.length());
  }

  static Path write(Path dir, String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }
}
