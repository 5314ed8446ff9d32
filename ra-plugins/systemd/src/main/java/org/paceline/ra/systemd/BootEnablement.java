package org.paceline.ra.systemd;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out whether a unit is enabled to start at boot, which for a cluster-managed unit is a
 * mistake: systemd would start it on every node at boot, behind the cluster's back. Where systemd
 * runs, {@code systemctl is-enabled} decides; where it does not (or systemctl cannot answer), the
 * {@code *.wants/} and {@code *.requires/} links under the configuration directory ({@code
 * /etc/systemd/system}) that {@code systemctl enable} creates are read directly.
 */
public final class BootEnablement {

  /** {@code systemctl is-enabled} answers that mean the unit starts at boot. */
  static final Set<String> ENABLED_STATES = Set.of("enabled", "enabled-runtime");

  private static final Logger LOG = LoggerFactory.getLogger(BootEnablement.class);

  private final Path configDir;

  public BootEnablement(Path configDir) {
    this.configDir = configDir;
  }

  /**
   * The links that enable {@code unit} at boot, relative to the configuration directory, e.g.
   * {@code multi-user.target.wants/nginx.service}; empty when there are none (or the directory does
   * not exist).
   */
  public List<String> enablingLinks(UnitName unit) {
    List<String> links = new ArrayList<>();
    if (!Files.isDirectory(configDir)) {
      return links;
    }
    try (DirectoryStream<Path> dirs =
        Files.newDirectoryStream(
            configDir,
            d -> {
              String n = d.getFileName().toString();
              return (n.endsWith(".wants") || n.endsWith(".requires")) && Files.isDirectory(d);
            })) {
      for (Path dir : dirs) {
        Path link = dir.resolve(unit.unit());
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
          links.add(configDir.relativize(link).toString());
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot read {} to check whether {} is enabled: {}", configDir, unit, e.toString());
    }
    links.sort(null);
    return links;
  }

  /**
   * The warning for {@code unit}, or empty when it is not enabled at boot.
   *
   * @param isEnabled what {@code systemctl is-enabled} printed, or empty when it was not asked (no
   *     systemd here) or could not answer; then the links decide
   */
  public Optional<String> warning(UnitName unit, Optional<String> isEnabled) {
    List<String> links = enablingLinks(unit);
    if (isEnabled.isPresent()) {
      String state = isEnabled.get().strip();
      if (!ENABLED_STATES.contains(state)) {
        return Optional.empty();
      }
      return Optional.of(
          message(
              unit, links.isEmpty() ? "systemctl is-enabled: " + state : String.join(", ", links)));
    }
    return links.isEmpty()
        ? Optional.empty()
        : Optional.of(message(unit, String.join(", ", links)));
  }

  private static String message(UnitName unit, String where) {
    return "systemd:"
        + unit.agentType()
        + " is enabled at boot ("
        + where
        + "): the cluster and systemd would both start it; run `systemctl disable "
        + unit.agentType()
        + "`";
  }
}
