package org.paceline.ra.ocf;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.paceline.api.ra.AgentId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the agents under OCF roots: every executable regular file (symbolic links followed) at
 * {@code <root>/resource.d/<provider>/<type>} whose provider and type are valid agent names. Hidden
 * files are skipped. An agent present in several roots is taken from the first.
 */
public final class OcfRootScanner {

  private static final Logger LOG = LoggerFactory.getLogger(OcfRootScanner.class);

  private OcfRootScanner() {}

  /**
   * What one scan found.
   *
   * @param agents the agents, by id
   * @param unavailableReason why no OCF agent can run here (no root exists), or empty
   */
  public record Result(Map<AgentId, OcfScript> agents, Optional<String> unavailableReason) {
    public Result {
      agents = java.util.Collections.unmodifiableMap(new TreeMap<>(agents)); // sorted by id
    }
  }

  /** Scans {@code roots}. Never throws: unreadable directories are skipped and logged. */
  public static Result scan(List<Path> roots) {
    Map<AgentId, OcfScript> agents = new TreeMap<>();
    List<String> missing = new ArrayList<>();
    for (Path root : roots) {
      Path resourceD = root.resolve("resource.d");
      if (!Files.isDirectory(resourceD)) {
        missing.add(
            Files.isDirectory(root) ? resourceD + " does not exist" : root + " does not exist");
        continue;
      }
      for (Path providerDir : list(resourceD)) {
        String provider = providerDir.getFileName().toString();
        if (provider.startsWith(".") || !Files.isDirectory(providerDir) || !validName(provider)) {
          continue;
        }
        for (Path file : list(providerDir)) {
          String type = file.getFileName().toString();
          if (type.startsWith(".")
              || !validName(type)
              || !Files.isRegularFile(file)
              || !Files.isExecutable(file)) {
            continue;
          }
          AgentId id = AgentId.ocf(provider, type);
          agents.putIfAbsent(id, new OcfScript(id, root, file));
        }
      }
    }
    Optional<String> reason =
        missing.size() == roots.size()
            ? Optional.of(
                "no OCF root found: "
                    + String.join("; ", missing)
                    + " (install resource-agents or set "
                    + OcfSettings.ROOT
                    + ")")
            : Optional.empty();
    return new Result(agents, reason);
  }

  private static boolean validName(String name) {
    try {
      AgentId.ocf(name, name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static List<Path> list(Path dir) {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(entries::add);
    } catch (IOException e) {
      LOG.warn("cannot list {}: {}", dir, e.toString());
    }
    entries.sort(null);
    return entries;
  }
}
