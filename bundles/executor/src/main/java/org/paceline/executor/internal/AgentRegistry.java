package org.paceline.executor.internal;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.executor.AgentDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AgentDirectory} fed with agent services as they are registered and unregistered. Each
 * service is keyed by its {@value ResourceAgent#AGENT_PROPERTY} property; when several services
 * claim one agent id, the one with the highest {@code service.ranking} wins, and among equal
 * rankings the newest (highest {@code service.id}). Safe for concurrent use.
 */
public final class AgentRegistry implements AgentDirectory {

  /** The OSGi service property with the service's id. */
  public static final String SERVICE_ID = "service.id";

  /** The OSGi service property with the service's ranking. */
  public static final String SERVICE_RANKING = "service.ranking";

  private static final Logger LOG = LoggerFactory.getLogger(AgentRegistry.class);

  private static final Comparator<Registration> PREFERENCE =
      Comparator.comparingInt(Registration::ranking)
          .thenComparingLong(Registration::serviceId)
          .reversed();

  /**
   * One agent service.
   *
   * @param id the agent id it is registered for
   * @param agent the service object
   * @param serviceId its {@code service.id}
   * @param ranking its {@code service.ranking}
   */
  public record Registration(AgentId id, ResourceAgent agent, long serviceId, int ranking) {}

  private final Map<Long, Registration> byService = new HashMap<>();
  private volatile Map<AgentId, Registration> winners = Map.of();

  /**
   * Adds (or, for a service id already known, replaces) an agent service.
   *
   * @param properties the service's properties: {@value ResourceAgent#AGENT_PROPERTY}, {@value
   *     #SERVICE_ID}, optionally {@value #SERVICE_RANKING}
   * @return the id it was registered for, or empty if its properties do not say a valid one (the
   *     problem is logged)
   */
  public Optional<AgentId> add(ResourceAgent agent, Map<String, ?> properties) {
    Object sid = properties.get(SERVICE_ID);
    if (!(sid instanceof Long)) {
      LOG.warn("ignoring agent service without a {} property: {}", SERVICE_ID, properties);
      return Optional.empty();
    }
    long serviceId = (Long) sid;
    Object ranking = properties.get(SERVICE_RANKING);
    int rank = ranking instanceof Integer ? (Integer) ranking : 0;
    Optional<AgentId> id = agentId(agent, properties.get(ResourceAgent.AGENT_PROPERTY), serviceId);
    synchronized (this) {
      byService.remove(serviceId);
      id.ifPresent(a -> byService.put(serviceId, new Registration(a, agent, serviceId, rank)));
      recompute();
    }
    id.ifPresent(a -> LOG.debug("agent {} added (service {}, ranking {})", a, serviceId, rank));
    return id;
  }

  /** Removes the agent service with {@code service.id} {@code serviceId}, if known. */
  public void remove(long serviceId) {
    Registration gone;
    synchronized (this) {
      gone = byService.remove(serviceId);
      recompute();
    }
    if (gone != null) {
      LOG.debug("agent {} removed (service {})", gone.id(), serviceId);
    }
  }

  /** Removes the agent service whose properties are {@code properties}. */
  public void remove(Map<String, ?> properties) {
    Object sid = properties.get(SERVICE_ID);
    if (sid instanceof Long) {
      remove((long) (Long) sid);
    }
  }

  @Override
  public Optional<ResourceAgent> find(AgentId id) {
    Registration r = winners.get(canonical(id));
    return r == null ? Optional.empty() : Optional.of(r.agent());
  }

  /** The registration that answers for {@code id}, if any. */
  public Optional<Registration> registration(AgentId id) {
    return Optional.ofNullable(winners.get(canonical(id)));
  }

  /**
   * The id an agent is registered under: {@code systemd:nginx.service} is the unit {@code
   * systemd:nginx}, as Pacemaker treats both spellings as one unit.
   */
  static AgentId canonical(AgentId id) {
    if ("systemd".equals(id.standard())
        && id.type().endsWith(".service")
        && id.type().length() > 8) {
      return new AgentId("systemd", null, id.type().substring(0, id.type().length() - 8));
    }
    return id;
  }

  @Override
  public List<AgentId> list() {
    return winners.keySet().stream().sorted().toList();
  }

  private void recompute() {
    Map<AgentId, Registration> best = new HashMap<>();
    for (Registration r : byService.values()) {
      best.merge(r.id(), r, (a, b) -> PREFERENCE.compare(a, b) <= 0 ? a : b);
    }
    winners = Map.copyOf(best);
  }

  private static Optional<AgentId> agentId(ResourceAgent agent, Object property, long serviceId) {
    if (property == null) {
      LOG.warn(
          "ignoring agent service {} ({}): it has no {} property",
          serviceId,
          agent.getClass().getName(),
          ResourceAgent.AGENT_PROPERTY);
      return Optional.empty();
    }
    AgentId id;
    try {
      id = AgentId.parse(property.toString());
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "ignoring agent service {} ({}): its {} property is invalid: {}",
          serviceId,
          agent.getClass().getName(),
          ResourceAgent.AGENT_PROPERTY,
          e.getMessage());
      return Optional.empty();
    }
    try {
      AgentId own = agent.id();
      if (!id.equals(own)) {
        LOG.warn(
            "agent service {} is registered as {} but says it is {}; using {}",
            serviceId,
            id,
            own,
            id);
      }
    } catch (RuntimeException e) {
      LOG.warn("agent service {} ({}) fails to say its id: {}", serviceId, id, e.toString());
    }
    return Optional.of(id);
  }
}
