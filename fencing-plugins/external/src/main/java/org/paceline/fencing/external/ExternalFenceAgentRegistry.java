package org.paceline.fencing.external;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.paceline.ra.script.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fence agents currently installed in the configured directories. Each {@link #rescan()}
 * compares a fresh {@linkplain FenceDirScanner scan} with what was there and tells the {@link
 * Listener} about agents that appeared and disappeared (an agent moved to another directory counts
 * as both). A rescan only lists directories; no agent is run.
 */
public final class ExternalFenceAgentRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ExternalFenceAgentRegistry.class);

  /** Told about agents appearing and disappearing; called from the rescanning thread. */
  public interface Listener {
    /** {@code agent} was installed (or found by the first scan). */
    void added(ExternalFenceAgent agent);

    /** {@code agent} was removed. */
    void removed(ExternalFenceAgent agent);
  }

  private final ExternalFenceSettings settings;
  private final CommandRunner runner;
  private final Listener listener;
  private final Object scanLock = new Object();
  private volatile Map<String, ExternalFenceAgent> agents = Map.of();
  private volatile Optional<String> unavailableReason = Optional.of("not scanned yet");

  /** A registry of the agents in {@code settings.dirs()}; empty until the first rescan. */
  public ExternalFenceAgentRegistry(
      ExternalFenceSettings settings, CommandRunner runner, Listener listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Scans the directories again and reports the differences to the listener. */
  public void rescan() {
    synchronized (scanLock) {
      FenceDirScanner.Result scan = FenceDirScanner.scan(settings.dirs());
      Map<String, ExternalFenceAgent> before = agents;
      Map<String, ExternalFenceAgent> after = new TreeMap<>();
      List<ExternalFenceAgent> gone = new ArrayList<>();
      List<ExternalFenceAgent> added = new ArrayList<>();
      for (ExternalFenceAgent old : before.values()) {
        FenceScript now = scan.agents().get(old.name());
        if (now == null || !now.equals(old.script())) {
          gone.add(old);
        } else {
          after.put(old.name(), old);
        }
      }
      for (FenceScript script : scan.agents().values()) {
        if (!after.containsKey(script.name())) {
          ExternalFenceAgent agent = new ExternalFenceAgent(script, settings, runner);
          after.put(script.name(), agent);
          added.add(agent);
        }
      }
      agents = Collections.unmodifiableMap(after);
      if (!scan.unavailableReason().equals(unavailableReason)) {
        scan.unavailableReason()
            .ifPresentOrElse(
                r -> LOG.warn("external fence agents unavailable: {}", r),
                () -> LOG.info("fence agents in {}: {}", settings.dirs(), after.size()));
      }
      unavailableReason = scan.unavailableReason();
      for (ExternalFenceAgent agent : gone) {
        LOG.info("fence agent {} removed", agent.name());
        listener.removed(agent);
      }
      for (ExternalFenceAgent agent : added) {
        LOG.debug("fence agent {} found at {}", agent.name(), agent.script().file());
        listener.added(agent);
      }
    }
  }

  /** The agents found by the last rescan, by name. */
  public Map<String, ExternalFenceAgent> agents() {
    return agents;
  }

  /** Why no external fence agent can run on this node (no directory found), or empty. */
  public Optional<String> unavailableReason() {
    return unavailableReason;
  }
}
