package org.paceline.admin.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.api.ra.AgentClass;
import org.paceline.api.ra.ResourceAgent;

/**
 * The agents and agent classes this node has right now, as plugin bundles register and unregister
 * them. Safe for concurrent use: bundles come and go on FileInstall's thread while requests read.
 *
 * <p>An entry holds the agent itself, not its meta-data: reading an OCF agent's meta-data runs its
 * script, which must never happen on the thread that registers the service. {@link AgentDescriber}
 * asks for it when a request needs it.
 */
public final class AgentCatalog {

  /** The kind of agent an entry describes. */
  public enum Kind {
    RESOURCE,
    FENCE
  }

  /** Where an entry's meta-data and warnings come from (the agent service). */
  public interface Source {

    /** The agent's meta-data; may be slow (an OCF agent runs its script the first time). */
    AgentMetadata metadata();

    /** What is wrong with the agent's set-up on this node, one line each. */
    List<String> warnings();

    /** A resource agent's meta-data and warnings. */
    static Source of(ResourceAgent agent) {
      Objects.requireNonNull(agent, "agent");
      return new Source() {
        @Override
        public AgentMetadata metadata() {
          return agent.metadata();
        }

        @Override
        public List<String> warnings() {
          return agent.warnings();
        }
      };
    }

    /** A fence agent's meta-data; fence agents have no warnings. */
    static Source of(FenceAgent agent) {
      Objects.requireNonNull(agent, "agent");
      return new Source() {
        @Override
        public AgentMetadata metadata() {
          return agent.metadata();
        }

        @Override
        public List<String> warnings() {
          return List.of();
        }
      };
    }

    /** Fixed meta-data and warnings (for tests and agents that know theirs up front). */
    static Source fixed(AgentMetadata metadata, List<String> warnings) {
      Objects.requireNonNull(metadata, "metadata");
      List<String> w = List.copyOf(warnings);
      return new Source() {
        @Override
        public AgentMetadata metadata() {
          return metadata;
        }

        @Override
        public List<String> warnings() {
          return w;
        }
      };
    }
  }

  /**
   * One registered agent.
   *
   * @param kind resource or fence agent
   * @param id {@code class:provider:type}, or {@code stonith:NAME} for fence agents
   * @param source the agent, asked for its meta-data and warnings when a request needs them
   * @param bundle the symbolic name of the bundle that registered it
   * @param bundleVersion that bundle's version
   * @param serviceId the OSGi service id (tells two registrations of one id apart)
   */
  public record Entry(
      Kind kind, String id, Source source, String bundle, String bundleVersion, long serviceId) {

    public Entry {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(bundle, "bundle");
      Objects.requireNonNull(bundleVersion, "bundleVersion");
    }
  }

  /**
   * One registered agent class.
   *
   * @param standard the class name ({@code ocf}, {@code lsb}, {@code systemd}, ...)
   * @param service the plugin's class service, asked whether the class can run here
   * @param bundle the symbolic name of the bundle that registered it
   * @param serviceId the OSGi service id
   */
  public record ClassEntry(String standard, AgentClass service, String bundle, long serviceId) {

    public ClassEntry {
      Objects.requireNonNull(standard, "standard");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(bundle, "bundle");
    }
  }

  private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, ClassEntry> classes = new ConcurrentHashMap<>();

  /** Adds an agent. */
  public void add(Entry entry) {
    entries.put(entry.serviceId(), entry);
  }

  /** Removes the agent registered as service {@code serviceId}, returning it if it was there. */
  public Optional<Entry> remove(long serviceId) {
    return Optional.ofNullable(entries.remove(serviceId));
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
  public Optional<Entry> find(String id) {
    return list().stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /** Adds an agent class. */
  public void addClass(ClassEntry entry) {
    classes.put(entry.serviceId(), entry);
  }

  /** Removes the agent class registered as service {@code serviceId}. */
  public void removeClass(long serviceId) {
    classes.remove(serviceId);
  }

  /** All agent classes, sorted by class name, then registration order. */
  public List<ClassEntry> classes() {
    return classes.values().stream()
        .sorted(Comparator.comparing(ClassEntry::standard).thenComparingLong(ClassEntry::serviceId))
        .toList();
  }
}
