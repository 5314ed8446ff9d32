package org.paceline.admin.internal;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.paceline.api.agent.AgentMetadata;

/**
 * The agents this node can run right now, as plugin bundles register and unregister them. Safe for
 * concurrent use: bundles come and go on FileInstall's thread while requests read.
 */
public final class AgentCatalog {

  /** The kind of agent an entry describes. */
  public enum Kind {
    RESOURCE,
    FENCE
  }

  /**
   * One registered agent.
   *
   * @param kind resource or fence agent
   * @param id {@code class:provider:type}, or {@code stonith:NAME} for fence agents
   * @param metadata the agent's meta-data
   * @param bundle the symbolic name of the bundle that registered it
   * @param bundleVersion that bundle's version
   * @param serviceId the OSGi service id (tells two registrations of one id apart)
   */
  public record Entry(
      Kind kind,
      String id,
      AgentMetadata metadata,
      String bundle,
      String bundleVersion,
      long serviceId) {}

  private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();

  /** Adds an agent. */
  public void add(Entry entry) {
    entries.put(entry.serviceId(), entry);
  }

  /** Removes the agent registered as service {@code serviceId}. */
  public void remove(long serviceId) {
    entries.remove(serviceId);
  }

  /** All agents, sorted by kind, id, then newest registration first. */
  public List<Entry> list() {
    return entries.values().stream()
        .sorted(
            Comparator.comparing(Entry::kind)
                .thenComparing(Entry::id)
                .thenComparing(Comparator.comparingLong(Entry::serviceId).reversed()))
        .toList();
  }

  /** The agent named {@code id} (the newest registration if a plugin registers it twice). */
  public java.util.Optional<Entry> find(String id) {
    return list().stream().filter(e -> e.id().equals(id)).findFirst();
  }
}
