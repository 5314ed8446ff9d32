package org.paceline.launcher.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one section's keys with their types and defaults. Every key must be read, or declared as
 * accepted without effect ({@link #accept}); {@link #finish} then reports any key or sub-section
 * nobody asked for, with its file and line.
 */
final class SectionReader {

  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

  private final ConfigTree.Section section;
  private final Map<String, ConfigTree.Entry> entries = new LinkedHashMap<>();
  private final Set<String> read = new HashSet<>();
  private final Set<String> knownSections = new HashSet<>();
  private final List<String> notes = new ArrayList<>();

  SectionReader(ConfigTree.Section section) throws ConfigException {
    this.section = section;
    for (ConfigTree.Entry e : section.entries()) {
      ConfigTree.Entry first = entries.putIfAbsent(e.key(), e);
      if (first != null) {
        throw new ConfigException(
            section.file(),
            e.line(),
            section.keyPath(e.key()),
            "set twice (first on line " + first.line() + ")");
      }
    }
  }

  ConfigTree.Section section() {
    return section;
  }

  /** Messages about keys that are accepted but have no effect here, for the log. */
  List<String> notes() {
    return notes;
  }

  /** Keys Corosync knows that Paceline accepts without effect (logged as a note). */
  void accept(String... keys) {
    for (String key : keys) {
      ConfigTree.Entry e = entries.get(key);
      if (e != null) {
        read.add(key);
        notes.add(
            section.file()
                + ":"
                + e.line()
                + ": "
                + section.keyPath(key)
                + " is accepted for compatibility and has no effect in Paceline");
      }
    }
  }

  /** Sub-sections this section may have; {@link #finish} rejects others. */
  void allowSections(String... names) {
    knownSections.addAll(List.of(names));
  }

  Optional<ConfigTree.Entry> entry(String key) {
    read.add(key);
    return Optional.ofNullable(entries.get(key));
  }

  String string(String key, String defaultValue) throws ConfigException {
    Optional<ConfigTree.Entry> e = entry(key);
    if (e.isEmpty()) {
      return defaultValue;
    }
    if (e.get().value().isEmpty()) {
      throw error(e.get(), "needs a value");
    }
    return e.get().value();
  }

  String requiredString(String key) throws ConfigException {
    String value = string(key, null);
    if (value == null) {
      throw new ConfigException(
          section.file(),
          section.line(),
          section.keyPath(key),
          "required key is missing in section '" + section.path() + "'");
    }
    return value;
  }

  String choice(String key, String defaultValue, String... allowed) throws ConfigException {
    Optional<ConfigTree.Entry> e = entry(key);
    if (e.isEmpty()) {
      return defaultValue;
    }
    String value = e.get().value();
    for (String a : allowed) {
      if (a.equals(value)) {
        return value;
      }
    }
    throw error(e.get(), "'" + value + "' is not one of " + String.join(", ", allowed));
  }

  int integer(String key, int defaultValue, int min, int max) throws ConfigException {
    Optional<ConfigTree.Entry> e = entry(key);
    if (e.isEmpty()) {
      return defaultValue;
    }
    return parseInt(e.get(), min, max);
  }

  int requiredInteger(String key, int min, int max) throws ConfigException {
    Optional<ConfigTree.Entry> e = entry(key);
    if (e.isEmpty()) {
      throw new ConfigException(
          section.file(),
          section.line(),
          section.keyPath(key),
          "required key is missing in section '" + section.path() + "'");
    }
    return parseInt(e.get(), min, max);
  }

  int parseInt(ConfigTree.Entry e, int min, int max) throws ConfigException {
    long v;
    try {
      v = Long.parseLong(e.value());
    } catch (NumberFormatException ex) {
      throw error(e, "'" + e.value() + "' is not a whole number");
    }
    if (v < min || v > max) {
      throw error(e, v + " is out of range [" + min + ", " + max + "]");
    }
    return (int) v;
  }

  boolean bool(String key, boolean defaultValue) throws ConfigException {
    Optional<ConfigTree.Entry> e = entry(key);
    if (e.isEmpty()) {
      return defaultValue;
    }
    return switch (e.get().value().toLowerCase(Locale.ROOT)) {
      case "yes", "on", "true", "1" -> true;
      case "no", "off", "false", "0" -> false;
      default -> throw error(e.get(), "'" + e.get().value() + "' is not yes/no (or on/off)");
    };
  }

  /**
   * A duration: a plain number means milliseconds (as in Corosync); {@code ms}, {@code s}, {@code
   * m} and {@code h} suffixes are accepted.
   */
  Duration duration(String key, Duration defaultValue, Duration min, Duration max)
      throws ConfigException {
    Optional<ConfigTree.Entry> e = entry(key);
    if (e.isEmpty()) {
      return defaultValue;
    }
    Duration d = parseDuration(e.get());
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw error(
          e.get(),
          "'"
              + e.get().value()
              + "' is out of range ["
              + min.toMillis()
              + " ms, "
              + max.toMillis()
              + " ms]");
    }
    return d;
  }

  private Duration parseDuration(ConfigTree.Entry e) throws ConfigException {
    Matcher m = DURATION.matcher(e.value());
    if (!m.matches()) {
      throw error(
          e, "'" + e.value() + "' is not a duration (milliseconds, or a number with ms/s/m/h)");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
    double millis =
        switch (unit) {
          case "ms" -> n;
          case "s" -> n * 1_000;
          case "m" -> n * 60_000;
          default -> n * 3_600_000;
        };
    if (millis > Integer.MAX_VALUE) {
      throw error(e, "'" + e.value() + "' is too long");
    }
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }

  ConfigException error(ConfigTree.Entry e, String problem) {
    return new ConfigException(section.file(), e.line(), section.keyPath(e.key()), problem);
  }

  /** Rejects keys and sub-sections nobody read or accepted. */
  void finish() throws ConfigException {
    for (ConfigTree.Entry e : section.entries()) {
      if (!read.contains(e.key())) {
        throw new ConfigException(
            section.file(),
            e.line(),
            section.keyPath(e.key()),
            "unknown key in section '" + section.path() + "'");
      }
    }
    for (ConfigTree.Section s : section.sections()) {
      if (!knownSections.contains(s.name())) {
        throw new ConfigException(
            section.file(),
            s.line(),
            s.path(),
            section.path().isEmpty()
                ? "unknown section"
                : "unknown section inside '" + section.path() + "'");
      }
    }
  }
}
