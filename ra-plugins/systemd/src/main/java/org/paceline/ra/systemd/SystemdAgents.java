package org.paceline.ra.systemd;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.paceline.api.ra.AgentId;
import org.paceline.ra.script.CommandRunner;

/**
 * The {@code systemd} agents of this node: the agent class and one {@link SystemdUnitAgent} per
 * installed service unit, or none where systemd is not PID 1. Plain Java; the OSGi component
 * registers what this returns.
 */
public final class SystemdAgents {

  /** Default wait between two looks at a unit in transition. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

  private final SystemdHost host;
  private final Systemctl systemctl;
  private final UnitDiscovery discovery;
  private final Duration pollInterval;
  private final SystemdAgentClass agentClass;

  /** The agents of {@code host}, running systemctl with {@code runner}. */
  public SystemdAgents(SystemdHost host, CommandRunner runner, Duration pollInterval) {
    this.host = host;
    this.systemctl = new Systemctl(host.systemctl(), runner);
    this.discovery = new UnitDiscovery(host.unitDirs());
    this.pollInterval = pollInterval;
    this.agentClass = new SystemdAgentClass(host);
  }

  /** The {@code systemd} agent class, which says whether it can run here and why not. */
  public SystemdAgentClass agentClass() {
    return agentClass;
  }

  /**
   * One agent per installed service unit, by id ({@code systemd:nginx}); empty where systemd is not
   * available, so nothing offers to run a unit there.
   */
  public SortedMap<AgentId, SystemdUnitAgent> discover() {
    if (host.unavailableReason().isPresent()) {
      return Collections.emptySortedMap();
    }
    SortedMap<AgentId, SystemdUnitAgent> agents = new TreeMap<>();
    for (Map.Entry<UnitName, UnitDiscovery.UnitFile> e : discovery.services().entrySet()) {
      SystemdUnitAgent agent = agent(e.getKey(), e.getValue().description());
      agents.put(agent.id(), agent);
    }
    return Collections.unmodifiableSortedMap(agents);
  }

  /**
   * The agent for {@code type} ({@code nginx}, {@code nginx.service}, {@code data.mount}), made on
   * demand whether or not its unit exists or systemd runs here: its operations then answer 5 with
   * the reason.
   *
   * @throws IllegalArgumentException if {@code type} is not a unit name
   */
  public SystemdUnitAgent agent(String type) {
    UnitName name = UnitName.of(type);
    String description = discovery.find(name).map(UnitDiscovery.UnitFile::description).orElse("");
    return agent(name, description);
  }

  /** Why no systemd agent can run here, or empty. */
  public Optional<String> unavailableReason() {
    return host.unavailableReason();
  }

  private SystemdUnitAgent agent(UnitName name, String description) {
    return new SystemdUnitAgent(name, description, host, systemctl, pollInterval);
  }
}
