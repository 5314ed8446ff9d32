package org.paceline.bench.executor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.executor.AgentDirectory;

/** An {@link AgentDirectory} holding a fixed set of agents (what a node's registry would hold). */
final class FixedAgents implements AgentDirectory {

  private final Map<AgentId, ResourceAgent> agents;

  FixedAgents(ResourceAgent... agents) {
    Map<AgentId, ResourceAgent> map = new TreeMap<>();
    for (ResourceAgent agent : agents) {
      map.put(agent.id(), agent);
    }
    this.agents = Map.copyOf(map);
  }

  @Override
  public Optional<ResourceAgent> find(AgentId id) {
    return Optional.ofNullable(agents.get(id));
  }

  @Override
  public List<AgentId> list() {
    return List.copyOf(new TreeMap<>(agents).keySet());
  }
}
