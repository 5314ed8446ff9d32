package org.paceline.ra.systemd.internal.osgi;

import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.paceline.api.ra.AgentClass;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.ra.script.CommandRunner;
import org.paceline.ra.systemd.SystemdAgentClass;
import org.paceline.ra.systemd.SystemdAgents;
import org.paceline.ra.systemd.SystemdHost;
import org.paceline.ra.systemd.SystemdUnitAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@code systemd} {@link AgentClass} (always, so {@code ra list} can say why systemd
 * units cannot run here) and, where systemd is PID 1, one {@link ResourceAgent} per installed
 * service unit, rescanning the unit directories every minute so units installed later appear.
 */
@Component(
    immediate = true,
    service = {})
public final class SystemdAgentsComponent {

  private static final Logger LOG = LoggerFactory.getLogger(SystemdAgentsComponent.class);
  private static final long RESCAN_SECONDS = 60;

  private final Map<AgentId, ServiceRegistration<ResourceAgent>> registered = new HashMap<>();
  private BundleContext context;
  private SystemdAgents agents;
  private ServiceRegistration<AgentClass> classRegistration;
  private ScheduledExecutorService rescanner;

  @Activate
  void activate(BundleContext bundleContext) {
    this.context = bundleContext;
    Hashtable<String, Object> props = new Hashtable<>();
    props.put("paceline.agent.class", SystemdAgentClass.STANDARD);
    CommandRunner runner;
    try {
      runner = new CommandRunner();
    } catch (IllegalStateException e) {
      LOG.error("systemd agents cannot run commands on this node: {}", e.getMessage());
      classRegistration =
          context.registerService(
              AgentClass.class, SystemdAgentClass.unavailable(e.getMessage()), props);
      return;
    }
    this.agents =
        new SystemdAgents(SystemdHost.defaults(), runner, SystemdAgents.DEFAULT_POLL_INTERVAL);
    classRegistration = context.registerService(AgentClass.class, agents.agentClass(), props);
    agents
        .unavailableReason()
        .ifPresentOrElse(
            reason -> LOG.info("systemd agents unavailable: {}", reason),
            () -> {
              rescan();
              rescanner =
                  Executors.newSingleThreadScheduledExecutor(
                      r -> {
                        Thread t = new Thread(r, "paceline-systemd-rescan");
                        t.setDaemon(true);
                        return t;
                      });
              rescanner.scheduleWithFixedDelay(
                  this::rescan, RESCAN_SECONDS, RESCAN_SECONDS, TimeUnit.SECONDS);
            });
  }

  @Deactivate
  void deactivate() throws InterruptedException {
    if (rescanner != null) {
      rescanner.shutdownNow();
      rescanner.awaitTermination(5, TimeUnit.SECONDS);
    }
    synchronized (registered) {
      registered.values().forEach(SystemdAgentsComponent::unregister);
      registered.clear();
    }
    unregister(classRegistration);
  }

  private void rescan() {
    try {
      SortedMap<AgentId, SystemdUnitAgent> found = agents.discover();
      synchronized (registered) {
        registered
            .entrySet()
            .removeIf(
                e -> {
                  if (found.containsKey(e.getKey())) {
                    return false;
                  }
                  unregister(e.getValue());
                  return true;
                });
        found.forEach(
            (id, agent) -> {
              if (!registered.containsKey(id)) {
                Hashtable<String, Object> props = new Hashtable<>();
                props.put(ResourceAgent.AGENT_PROPERTY, id.toString());
                registered.put(id, context.registerService(ResourceAgent.class, agent, props));
              }
            });
      }
      LOG.debug("{} systemd agents registered", found.size());
    } catch (RuntimeException e) {
      LOG.warn("rescanning systemd units failed", e);
    }
  }

  private static void unregister(ServiceRegistration<?> registration) {
    if (registration == null) {
      return;
    }
    try {
      registration.unregister();
    } catch (IllegalStateException e) {
      // already gone with the bundle
    }
  }
}
