package org.paceline.cib;

import java.nio.file.Path;

/**
 * Where the team's shared, read-only test data lives: {@code ../shared} next to the project root
 * (on developer machines and in CI). Tests reading it skip with a message when it is absent.
 */
public final class SharedFiles {

  private SharedFiles() {}

  /** {@code <project root>/../shared}; the tests run with the module directory as working dir. */
  public static Path root() {
    String override = System.getProperty("paceline.shared");
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    Path module = Path.of("").toAbsolutePath();
    return module.getParent().getParent().resolveSibling("shared");
  }

  /** Pacemaker's scheduler regression CIBs. */
  public static Path compatXml() {
    return root().resolve("compat/pacemaker-scheduler/xml");
  }
}
