package org.paceline.fencing.external;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the fence agents in some directories: every executable regular file (symbolic links
 * followed) named {@code fence_*} with a valid {@linkplain FenceScript#validName name}. Names
 * starting with {@value FenceScript#RESERVED_PREFIX} belong to Paceline's built-in agents and are
 * skipped, and so are the agents Paceline itself provides under the same name ({@link #BUILT_IN}:
 * fence-agents' {@code fence_watchdog} is only a stand-in that refuses to run, the cluster's own
 * watchdog fencing being what it names). Nothing is run: a scan only reads directories.
 */
public final class FenceDirScanner {

  /** Agents another Paceline plugin provides: the {@code watchdog} plugin's fence_watchdog. */
  public static final java.util.Set<String> BUILT_IN = java.util.Set.of("fence_watchdog");

  private static final Logger LOG = LoggerFactory.getLogger(FenceDirScanner.class);

  private FenceDirScanner() {}

  /**
   * What one scan found.
   *
   * @param agents the agents, by name (sorted)
   * @param unavailableReason why no fence agent can be found here (no directory exists), or empty
   */
  public record Result(Map<String, FenceScript> agents, Optional<String> unavailableReason) {
    public Result {
      agents = Collections.unmodifiableMap(new TreeMap<>(agents));
    }
  }

  /** Scans {@code dirs} in order; an agent in several directories is taken from the first. */
  public static Result scan(List<Path> dirs) {
    Map<String, FenceScript> agents = new TreeMap<>();
    List<String> missing = new ArrayList<>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        missing.add(dir + " does not exist");
        continue;
      }
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "fence_*")) {
        for (Path file : stream) {
          String name = file.getFileName().toString();
          if (!FenceScript.validName(name)
              || name.startsWith(FenceScript.RESERVED_PREFIX)
              || BUILT_IN.contains(name)
              || agents.containsKey(name)
              || !Files.isRegularFile(file)
              || !Files.isExecutable(file)) {
            continue;
          }
          agents.put(name, new FenceScript(name, file));
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot list fence agents in {}: {}", dir, e.toString());
        missing.add("cannot list " + dir + ": " + e.getMessage());
      }
    }
    Optional<String> reason =
        missing.size() == dirs.size()
            ? Optional.of(
                "no fence agent directory found: "
                    + String.join("; ", missing)
                    + " (install fence-agents or set "
                    + ExternalFenceSettings.DIR
                    + ")")
            : Optional.empty();
    return new Result(agents, reason);
  }
}
