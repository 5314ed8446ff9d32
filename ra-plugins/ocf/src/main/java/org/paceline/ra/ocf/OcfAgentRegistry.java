package org.paceline.ra.ocf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.paceline.api.ra.AgentId;
import org.paceline.ra.script.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCF agents currently installed under the configured roots. Each {@link #rescan()} compares a
 * fresh {@linkplain OcfRootScanner scan} with what was there and tells the {@link Listener} about
 * agents that appeared and disappeared (a script moved to another root counts as both).
 */
public final class OcfAgentRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(OcfAgentRegistry.class);

  /** Told about agents appearing and disappearing; called from the rescanning thread. */
  public interface Listener {
    void added(OcfAgent agent);

    void removed(OcfAgent agent);
  }

  private final OcfSettings settings;
  private final CommandRunner runner;
  private final ClusterTools tools;
  private final Listener listener;
  private final Object scanLock = new Object();
  private volatile Map<AgentId, OcfAgent> agents = Map.of();
  private volatile Optional<String> unavailableReason = Optional.of("not scanned yet");

  /**
   * A registry of the agents under {@code settings.roots()}, with tools that know no admin API;
   * empty until the first rescan.
   */
  public OcfAgentRegistry(OcfSettings settings, CommandRunner runner, Listener listener) {
    this(settings, runner, new ClusterTools(null), listener);
  }

  /**
   * A registry of the agents under {@code settings.roots()}, each offered {@code tools}; empty
   * until the first rescan.
   */
  public OcfAgentRegistry(
      OcfSettings settings, CommandRunner runner, ClusterTools tools, Listener listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.tools = Objects.requireNonNull(tools, "tools");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Scans the roots again and reports the differences to the listener. */
  public void rescan() {
    synchronized (scanLock) {
      OcfRootScanner.Result scan = OcfRootScanner.scan(settings.roots());
      Map<AgentId, OcfAgent> before = agents;
      Map<AgentId, OcfAgent> after = new TreeMap<>();
      List<OcfAgent> gone = new ArrayList<>();
      List<OcfAgent> added = new ArrayList<>();
      for (OcfAgent old : before.values()) {
        OcfScript now = scan.agents().get(old.id());
        if (now == null || !now.equals(old.script())) {
          gone.add(old);
        } else {
          after.put(old.id(), old);
        }
      }
      for (OcfScript script : scan.agents().values()) {
        if (!after.containsKey(script.id())) {
          OcfAgent agent = new OcfAgent(script, settings, runner, tools);
          after.put(script.id(), agent);
          added.add(agent);
        }
      }
      agents = Collections.unmodifiableMap(after);
      if (!scan.unavailableReason().equals(unavailableReason)) {
        scan.unavailableReason()
            .ifPresentOrElse(
                r -> LOG.warn("OCF agents unavailable: {}", r),
                () -> LOG.info("OCF roots {}: {} agents", settings.roots(), after.size()));
      }
      unavailableReason = scan.unavailableReason();
      for (OcfAgent agent : gone) {
        LOG.info("OCF agent {} removed", agent.id());
        listener.removed(agent);
      }
      for (OcfAgent agent : added) {
        LOG.debug("OCF agent {} found at {}", agent.id(), agent.script().file());
        listener.added(agent);
      }
    }
  }

  /** The agents found by the last rescan. */
  public Map<AgentId, OcfAgent> agents() {
    return agents;
  }

  /** Why no OCF agent can run on this node (no root found), or empty. */
  public Optional<String> unavailableReason() {
    return unavailableReason;
  }
}
