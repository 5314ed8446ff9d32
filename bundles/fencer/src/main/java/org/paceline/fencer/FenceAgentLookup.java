package org.paceline.fencer;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.paceline.api.fencing.FenceAgent;

/**
 * Finds the {@link FenceAgent} that carries out a device's requests, by the agent's name (the type
 * of {@code stonith:TYPE}, e.g. {@code fence_ipmilan}). In OSGi it is backed by the agent services
 * plugin bundles register; in tests by a fixed set.
 */
@FunctionalInterface
public interface FenceAgentLookup {

  /** The agent named {@code name}, or empty when no such agent is installed on this node. */
  Optional<FenceAgent> agent(String name);

  /** A fixed set of agents, by their {@link FenceAgent#name() names}; the first of a name wins. */
  static FenceAgentLookup of(Collection<? extends FenceAgent> agents) {
    Map<String, FenceAgent> byName = new LinkedHashMap<>();
    for (FenceAgent a : agents) {
      byName.putIfAbsent(a.name(), a);
    }
    Map<String, FenceAgent> fixed = Map.copyOf(byName);
    return name -> Optional.ofNullable(fixed.get(name));
  }
}
