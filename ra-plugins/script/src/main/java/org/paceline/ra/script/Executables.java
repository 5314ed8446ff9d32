package org.paceline.ra.script;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the file a command's {@code argv[0]} names, or says clearly why it cannot run. */
final class Executables {

  private Executables() {}

  /** Thrown when a command cannot be started; the message says why. */
  static final class NotRunnableException extends Exception {
    private static final long serialVersionUID = 1L;

    NotRunnableException(String message) {
      super(message);
    }
  }

  static Path resolve(CommandSpec spec) throws NotRunnableException {
    String program = spec.program();
    if (program.indexOf('/') >= 0) {
      Path path = spec.workingDir().resolve(program).normalize();
      check(path);
      return path;
    }
    String searchPath = spec.environment().getOrDefault("PATH", CommandSpec.DEFAULT_PATH);
    for (String dir : searchPath.split(":")) {
      if (dir.isEmpty() || !dir.startsWith("/")) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new NotRunnableException(program + " not found in PATH (" + searchPath + ")");
  }

  private static void check(Path path) throws NotRunnableException {
    if (!Files.exists(path)) {
      throw new NotRunnableException(path + ": no such file");
    }
    if (Files.isDirectory(path)) {
      throw new NotRunnableException(path + " is a directory, not a program");
    }
    if (!Files.isExecutable(path)) {
      throw new NotRunnableException(path + " is not executable (no execute permission)");
    }
  }

  /** The first of {@code candidates} that is an executable file. */
  static Path findTool(String name, String... candidates) {
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException(
        name
            + " not found (looked at "
            + String.join(", ", candidates)
            + "); it is needed to run"
            + " agents in their own process group");
  }
}
