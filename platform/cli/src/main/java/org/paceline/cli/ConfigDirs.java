package org.paceline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.launcher.config.ConfigException;
import org.paceline.launcher.config.NodeConfigLoader;

/**
 * Finds the node a command talks to: {@code --config DIR}, then {@code $PACELINE_CONF}, then {@code
 * /etc/paceline}.
 */
final class ConfigDirs {

  static final Path SYSTEM_DIR = Path.of("/etc/paceline");

  private ConfigDirs() {}

  /** The configuration folder to use. */
  static Path resolve(Path option, Map<String, String> env) {
    if (option != null) {
      return option;
    }
    String fromEnv = env.get("PACELINE_CONF");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    return SYSTEM_DIR;
  }

  /** Loads the node configuration from the folder {@link #resolve} picks. */
  static NodeConfiguration load(Path option, Path home) {
    Path dir = resolve(option, System.getenv());
    if (!Files.isDirectory(dir)) {
      String how =
          option != null
              ? "--config " + option
              : System.getenv("PACELINE_CONF") != null ? "$PACELINE_CONF" : "the default";
      throw new CliException(
          ExitCodes.USAGE,
          "configuration folder "
              + dir
              + " (from "
              + how
              + ") does not exist; pass --config DIR or set PACELINE_CONF");
    }
    try {
      return new NodeConfigLoader().load(dir, home.resolve("deploy"));
    } catch (ConfigException e) {
      throw new CliException(ExitCodes.USAGE, "configuration error: " + e.getMessage(), e);
    }
  }
}
