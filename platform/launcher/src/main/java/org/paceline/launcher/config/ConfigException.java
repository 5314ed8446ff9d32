package org.paceline.launcher.config;

import java.nio.file.Path;

/**
 * A configuration file is wrong. The message names the file, the line and the key, e.g. {@code
 * /etc/paceline/corosync.conf:12: totem.token: 'fast' is not a duration}.
 */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final Path file;
  private final int line;
  private final String key;

  /**
   * @param file the file that is wrong
   * @param line 1-based line number, or 0 when the problem is the file as a whole
   * @param key the dotted key or section ({@code totem.token}), or {@code null}
   * @param problem what is wrong
   */
  public ConfigException(Path file, int line, String key, String problem) {
    super(format(file, line, key, problem));
    this.file = file;
    this.line = line;
    this.key = key;
  }

  private static String format(Path file, int line, String key, String problem) {
    StringBuilder sb = new StringBuilder().append(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (key != null) {
      sb.append(key).append(": ");
    }
    return sb.append(problem).toString();
  }

  /** The file that is wrong. */
  public Path file() {
    return file;
  }

  /** The 1-based line, or 0 when the problem concerns the whole file. */
  public int line() {
    return line;
  }

  /** The dotted key or section concerned, or {@code null}. */
  public String key() {
    return key;
  }
}
