package org.paceline.launcher.config;

import java.nio.file.Path;
import java.util.List;

/** The syntax tree of a file in Corosync's configuration syntax. */
public final class ConfigTree {

  private ConfigTree() {}

  /**
   * {@code key: value}.
   *
   * @param key the key as written
   * @param value the value, trimmed
   * @param line where it stands
   */
  public record Entry(String key, String value, int line) {}

  /**
   * {@code name { ... }}; the file itself is the unnamed root section.
   *
   * @param name the section name ({@code ""} for the root)
   * @param path the dotted path from the root, e.g. {@code totem.interface}
   * @param line where it opens (0 for the root)
   * @param entries its {@code key: value} lines, in order
   * @param sections its sub-sections, in order
   * @param file the file it was read from
   */
  public record Section(
      String name, String path, int line, List<Entry> entries, List<Section> sections, Path file) {

    public Section {
      entries = List.copyOf(entries);
      sections = List.copyOf(sections);
    }

    /** The sub-sections named {@code name}. */
    public List<Section> sections(String name) {
      return sections.stream().filter(s -> s.name.equals(name)).toList();
    }

    /** The dotted name of {@code key} inside this section. */
    public String keyPath(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }
  }
}
