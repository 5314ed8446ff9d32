package org.paceline.fencing.external;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One fence agent executable.
 *
 * @param name the agent's name, its file name ({@code fence_ipmilan}); configured as {@code
 *     stonith:NAME}
 * @param file the executable
 */
public record FenceScript(String name, Path file) {

  /** What a fence agent's file name looks like. */
  static final Pattern NAME = Pattern.compile("fence_[A-Za-z0-9][A-Za-z0-9_+-]{0,62}");

  /** Names reserved for agents built into Paceline (e.g. {@code fence_paceline_process}). */
  static final String RESERVED_PREFIX = "fence_paceline_";

  public FenceScript {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
    if (!validName(name)) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a fence agent name (fence_ followed by letters, digits, _ + -)");
    }
    if (!file.isAbsolute()) {
      throw new IllegalArgumentException("fence agent path must be absolute, got " + file);
    }
  }

  /** The agent {@code name} in {@code dir}. */
  public static FenceScript in(Path dir, String name) {
    return new FenceScript(name, dir.resolve(name));
  }

  /** Whether {@code name} is a valid fence agent file name. */
  public static boolean validName(String name) {
    return NAME.matcher(name).matches();
  }
}
