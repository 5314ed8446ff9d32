package org.paceline.launcher.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads Corosync's configuration syntax: {@code name {} opens a section, {@code }} closes it,
 * {@code key: value} sets a key, {@code #} starts a comment line. Both corosync.conf and
 * paceline.conf are written in it. This class knows the syntax only; {@link CorosyncConfReader} and
 * {@link PacelineConfReader} know which sections and keys exist.
 */
public final class ConfigParser {

  /** Configuration files larger than this are refused rather than read. */
  public static final long MAX_FILE_BYTES = 1 << 20;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  private ConfigParser() {}

  /** Reads and parses {@code file}. */
  public static ConfigTree.Section parse(Path file) throws ConfigException {
    String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ConfigException(
            file, 0, null, "file is larger than " + MAX_FILE_BYTES + " bytes");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, 0, null, "file not found");
    } catch (IOException e) {
      throw new ConfigException(file, 0, null, "cannot read: " + e);
    }
    return parse(file, text);
  }

  /** Parses {@code text}, reporting errors against {@code file}. */
  public static ConfigTree.Section parse(Path file, String text) throws ConfigException {
    Deque<Builder> open = new ArrayDeque<>();
    open.push(new Builder("", "", 0));
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.equals("}")) {
        if (open.size() == 1) {
          throw new ConfigException(file, lineNo, null, "'}' closes no open section");
        }
        Builder done = open.pop();
        open.peek().sections.add(done.build(file));
        continue;
      }
      if (line.endsWith("{")) {
        String name = line.substring(0, line.length() - 1).strip();
        if (!NAME.matcher(name).matches()) {
          throw new ConfigException(
              file,
              lineNo,
              null,
              "expected 'SECTION {' with a plain section name, got '" + line + "'");
        }
        String parentPath = open.peek().path;
        open.push(new Builder(name, parentPath.isEmpty() ? name : parentPath + "." + name, lineNo));
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ConfigException(
            file, lineNo, null, "expected 'key: value', 'SECTION {' or '}', got '" + line + "'");
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (!NAME.matcher(key).matches()) {
        throw new ConfigException(file, lineNo, null, "bad key '" + key + "'");
      }
      if (open.size() == 1) {
        throw new ConfigException(
            file, lineNo, key, "keys belong inside a section (e.g. 'totem { ... }')");
      }
      open.peek().entries.add(new ConfigTree.Entry(key, value, lineNo));
    }
    if (open.size() > 1) {
      Builder unclosed = open.peek();
      throw new ConfigException(
          file,
          unclosed.line,
          unclosed.path,
          "section is never closed (missing '}' before the end of the file)");
    }
    return open.pop().build(file);
  }

  private static final class Builder {
    final String name;
    final String path;
    final int line;
    final List<ConfigTree.Entry> entries = new ArrayList<>();
    final List<ConfigTree.Section> sections = new ArrayList<>();

    Builder(String name, String path, int line) {
      this.name = name;
      this.path = path;
      this.line = line;
    }

    ConfigTree.Section build(Path file) {
      return new ConfigTree.Section(name, path, line, entries, sections, file);
    }
  }
}
