package org.paceline.ra.lsb.internal.osgi;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
import org.paceline.ra.lsb.LsbAgent;
import org.paceline.ra.lsb.LsbAgentRegistry;
import org.paceline.ra.lsb.LsbSettings;
import org.paceline.ra.script.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one {@link ResourceAgent} service per init script and the {@code lsb} {@link
 * AgentClass}; rescans the init directory periodically. Settings ({@link LsbSettings#KEYS}) come
 * from this component's configuration (pid {@code org.paceline.ra.lsb}), else from framework
 * properties.
 */
@Component(
    configurationPid = "org.paceline.ra.lsb",
    immediate = true,
    service = AgentClass.class,
    property = "paceline.agent.class=lsb")
public final class LsbAgentsComponent implements AgentClass {

  private static final Logger LOG = LoggerFactory.getLogger(LsbAgentsComponent.class);

  private final Map<AgentId, ServiceRegistration<ResourceAgent>> registrations =
      new ConcurrentHashMap<>();
  private final BundleContext context;
  private final LsbAgentRegistry registry;
  private final ScheduledExecutorService scanner;

  @Activate
  public LsbAgentsComponent(BundleContext context, Map<String, Object> properties) {
    this.context = context;
    Map<String, Object> merged = new HashMap<>();
    for (String key : LsbSettings.KEYS) {
      String fw = context.getProperty(key);
      if (fw != null) {
        merged.put(key, fw);
      }
    }
    merged.putAll(properties);
    LsbSettings settings = LsbSettings.fromProperties(merged);
    this.registry =
        new LsbAgentRegistry(
            settings,
            new CommandRunner(settings.killGrace()),
            new LsbAgentRegistry.Listener() {
              @Override
              public void added(LsbAgent agent) {
                register(agent);
              }

              @Override
              public void removed(LsbAgent agent) {
                unregister(agent.id());
              }
            });
    registry.rescan();
    this.scanner =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "paceline-lsb-rescan");
              t.setDaemon(true);
              return t;
            });
    long every = settings.rescanInterval().toMillis();
    scanner.scheduleWithFixedDelay(this::rescan, every, every, TimeUnit.MILLISECONDS);
    LOG.info(
        "LSB agents from {}: {} registered, rescanning every {} ms",
        settings.initDir(),
        registrations.size(),
        every);
  }

  private void rescan() {
    try {
      registry.rescan();
    } catch (RuntimeException e) {
      LOG.error("rescanning the init directory failed", e);
    }
  }

  private void register(LsbAgent agent) {
    Dictionary<String, Object> props = new Hashtable<>();
    props.put(ResourceAgent.AGENT_PROPERTY, agent.id().toString());
    props.put("service.description", "LSB init script " + agent.script());
    registrations.put(agent.id(), context.registerService(ResourceAgent.class, agent, props));
  }

  private void unregister(AgentId id) {
    ServiceRegistration<ResourceAgent> reg = registrations.remove(id);
    if (reg != null) {
      try {
        reg.unregister();
      } catch (IllegalStateException e) {
        LOG.debug("{} was already unregistered", id);
      }
    }
  }

  @Deactivate
  void deactivate() {
    scanner.shutdownNow();
    try {
      if (!scanner.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("the LSB rescan thread did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    registrations.keySet().forEach(this::unregister);
  }

  @Override
  public String standard() {
    return "lsb";
  }

  @Override
  public Optional<String> unavailableReason() {
    return registry.unavailableReason();
  }
}
