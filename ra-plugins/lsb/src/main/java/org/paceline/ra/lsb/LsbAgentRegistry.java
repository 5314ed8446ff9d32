package org.paceline.ra.lsb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.paceline.api.ra.AgentId;
import org.paceline.ra.script.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The init scripts in the init directory: every executable regular file (links followed) whose name
 * is a valid agent type, except hidden files, package-manager leftovers ({@code *.dpkg-old}, {@code
 * *.rpmnew}, ...) and the init system's own helpers ({@code rc}, {@code rcS}, {@code skeleton},
 * {@code functions}, {@code README}). Each {@link #rescan()} reports scripts that appeared and
 * disappeared to the {@link Listener}.
 */
public final class LsbAgentRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(LsbAgentRegistry.class);
  private static final Set<String> NOT_SERVICES =
      Set.of("rc", "rcS", "rc.local", "skeleton", "functions", "README", "halt", "reboot");
  private static final List<String> LEFTOVER_SUFFIXES =
      List.of(".dpkg-old", ".dpkg-new", ".dpkg-dist", ".dpkg-bak", ".rpmnew", ".rpmsave", "~");

  /** Told about scripts appearing and disappearing; called from the rescanning thread. */
  public interface Listener {
    void added(LsbAgent agent);

    void removed(LsbAgent agent);
  }

  private final LsbSettings settings;
  private final CommandRunner runner;
  private final Listener listener;
  private final Object scanLock = new Object();
  private volatile Map<AgentId, LsbAgent> agents = Map.of();
  private volatile Optional<String> unavailableReason = Optional.of("not scanned yet");

  /** A registry of the scripts in {@code settings.initDir()}; empty until the first rescan. */
  public LsbAgentRegistry(LsbSettings settings, CommandRunner runner, Listener listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Scans the init directory again and reports the differences to the listener. */
  public void rescan() {
    synchronized (scanLock) {
      Path dir = settings.initDir();
      Map<AgentId, Path> found = new TreeMap<>();
      Optional<String> reason = Optional.empty();
      if (!Files.isDirectory(dir)) {
        reason = Optional.of(dir + " does not exist (set " + LsbSettings.INIT_DIR + ")");
      } else {
        for (Path file : list(dir)) {
          String name = file.getFileName().toString();
          if (isService(name) && Files.isRegularFile(file) && Files.isExecutable(file)) {
            found.put(new AgentId("lsb", null, name), file);
          }
        }
      }
      Map<AgentId, LsbAgent> before = agents;
      Map<AgentId, LsbAgent> after = new TreeMap<>();
      List<LsbAgent> gone = new ArrayList<>();
      List<LsbAgent> added = new ArrayList<>();
      for (LsbAgent old : before.values()) {
        if (old.script().equals(found.get(old.id()))) {
          after.put(old.id(), old);
        } else {
          gone.add(old);
        }
      }
      found.forEach(
          (id, file) -> {
            if (!after.containsKey(id)) {
              LsbAgent agent = new LsbAgent(file, settings.rcRoot(), runner);
              after.put(id, agent);
              added.add(agent);
            }
          });
      agents = Collections.unmodifiableMap(after);
      if (!reason.equals(unavailableReason)) {
        reason.ifPresentOrElse(
            r -> LOG.warn("LSB agents unavailable: {}", r),
            () -> LOG.info("LSB init scripts in {}: {}", dir, after.size()));
      }
      unavailableReason = reason;
      gone.forEach(listener::removed);
      added.forEach(listener::added);
    }
  }

  /** The agents found by the last rescan. */
  public Map<AgentId, LsbAgent> agents() {
    return agents;
  }

  /** Why no LSB agent can run here (no init directory), or empty. */
  public Optional<String> unavailableReason() {
    return unavailableReason;
  }

  private static boolean isService(String name) {
    if (name.startsWith(".") || NOT_SERVICES.contains(name)) {
      return false;
    }
    for (String suffix : LEFTOVER_SUFFIXES) {
      if (name.endsWith(suffix)) {
        return false;
      }
    }
    try {
      new AgentId("lsb", null, name);
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
