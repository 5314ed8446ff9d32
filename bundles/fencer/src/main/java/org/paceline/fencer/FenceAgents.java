package org.paceline.fencer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.paceline.api.fencing.FenceAgent;

/**
 * The fence agents installed on this node, as they come and go (e.g. OSGi services). Several agents
 * of one name: the highest ranking wins, then the one added first. Thread-safe.
 */
public final class FenceAgents implements FenceAgentLookup {

  private record Entry(long key, String name, int ranking, FenceAgent agent) {}

  private static final Comparator<Entry> BEST =
      Comparator.comparingInt(Entry::ranking).reversed().thenComparingLong(Entry::key);

  private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

  /**
   * Adds (or replaces) the agent registered under {@code key} (e.g. the OSGi service id).
   *
   * @param name the agent's name; {@code null} for {@link FenceAgent#name()}
   */
  public void add(long key, String name, int ranking, FenceAgent agent) {
    String n = name != null && !name.isBlank() ? name : agent.name();
    entries.put(key, new Entry(key, n, ranking, agent));
  }

  /** Removes the agent registered under {@code key}. */
  public void remove(long key) {
    entries.remove(key);
  }

  @Override
  public Optional<FenceAgent> agent(String name) {
    return entries.values().stream().filter(e -> e.name().equals(name)).min(BEST).map(Entry::agent);
  }

  /** The names of the agents installed, sorted. */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    entries
        .values()
        .forEach(
            e -> {
              if (!out.contains(e.name())) {
                out.add(e.name());
              }
            });
    out.sort(null);
    return out;
  }
}
