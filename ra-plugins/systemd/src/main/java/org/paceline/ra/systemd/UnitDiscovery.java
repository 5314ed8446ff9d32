package org.paceline.ra.systemd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the service units installed on this node by reading the unit search path (the files {@code
 * systemctl list-unit-files --type=service} lists), without asking systemd, so discovery works the
 * same whether or not systemd runs. Templates ({@code getty@.service}) are left out: only an
 * instance of a template can run.
 */
public final class UnitDiscovery {

  /** A unit file found on the search path. */
  public record UnitFile(UnitName name, Path path, String description) {}

  private static final Logger LOG = LoggerFactory.getLogger(UnitDiscovery.class);
  private static final int MAX_UNIT_FILE_BYTES = 64 * 1024;

  private final List<Path> unitDirs;

  public UnitDiscovery(List<Path> unitDirs) {
    this.unitDirs = List.copyOf(unitDirs);
  }

  /** Every {@code *.service} unit, by name; where two directories have one, the first wins. */
  public SortedMap<UnitName, UnitFile> services() {
    SortedMap<UnitName, UnitFile> found = new TreeMap<>((a, b) -> a.unit().compareTo(b.unit()));
    for (Path dir : unitDirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.service")) {
        for (Path entry : entries) {
          unitName(entry)
              .filter(name -> !found.containsKey(name))
              .ifPresent(name -> found.put(name, new UnitFile(name, entry, description(entry))));
        }
      } catch (IOException e) {
        LOG.warn("cannot list systemd unit directory {}: {}", dir, e.toString());
      }
    }
    return Collections.unmodifiableSortedMap(found);
  }

  /** The unit file for {@code name} on the search path, if there is one. */
  public Optional<UnitFile> find(UnitName name) {
    for (Path dir : unitDirs) {
      Path candidate = dir.resolve(name.unit());
      if (Files.exists(candidate)) {
        return Optional.of(new UnitFile(name, candidate, description(candidate)));
      }
    }
    return Optional.empty();
  }

  private static Optional<UnitName> unitName(Path entry) {
    if (Files.isDirectory(entry)) {
      return Optional.empty(); // e.g. a foo.service.d drop-in dir would not match, but be safe
    }
    try {
      return Optional.of(UnitName.of(entry.getFileName().toString()));
    } catch (IllegalArgumentException e) {
      LOG.debug("skipping {}: {}", entry, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The {@code Description=} of the unit file's {@code [Unit]} section, or empty (masked units link
   * to /dev/null, which has none).
   */
  static String description(Path unitFile) {
    if (!Files.isRegularFile(unitFile)) {
      return "";
    }
    String text;
    try (InputStream in = Files.newInputStream(unitFile)) {
      text = new String(in.readNBytes(MAX_UNIT_FILE_BYTES), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
    boolean inUnit = false;
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("[")) {
        inUnit = line.equals("[Unit]");
      } else if (inUnit && line.startsWith("Description=")) {
        return line.substring("Description=".length()).strip();
      }
    }
    return "";
  }
}
