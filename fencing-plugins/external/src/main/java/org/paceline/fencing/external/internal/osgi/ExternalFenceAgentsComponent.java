package org.paceline.fencing.external.internal.osgi;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.fencing.external.ExternalFenceAgent;
import org.paceline.fencing.external.ExternalFenceAgentRegistry;
import org.paceline.fencing.external.ExternalFenceSettings;
import org.paceline.ra.script.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one {@link FenceAgent} service per {@code fence_*} executable (service property {@value
 * FenceAgent#AGENT_PROPERTY} = its name) and rescans the directories periodically. Registration
 * runs nothing: meta-data is read when first asked for. Settings ({@link
 * ExternalFenceSettings#KEYS}) come from this component's configuration (pid {@code
 * org.paceline.fencing.external}), else from framework properties.
 */
@Component(
    configurationPid = "org.paceline.fencing.external",
    immediate = true,
    service = {})
public final class ExternalFenceAgentsComponent {

  private static final Logger LOG = LoggerFactory.getLogger(ExternalFenceAgentsComponent.class);

  private final Map<String, ServiceRegistration<FenceAgent>> registrations =
      new ConcurrentHashMap<>();
  private final BundleContext context;
  private final ExternalFenceAgentRegistry registry;
  private final ScheduledExecutorService scanner;

  /** Scans the directories, registers what it finds and schedules the rescans. */
  @Activate
  public ExternalFenceAgentsComponent(BundleContext context, Map<String, Object> properties) {
    this.context = context;
    Map<String, Object> merged = new HashMap<>();
    for (String key : ExternalFenceSettings.KEYS) {
      String fw = context.getProperty(key);
      if (fw != null) {
        merged.put(key, fw);
      }
    }
    merged.putAll(properties);
    ExternalFenceSettings settings = ExternalFenceSettings.fromProperties(merged);
    this.registry =
        new ExternalFenceAgentRegistry(
            settings,
            new CommandRunner(settings.killGrace()),
            new ExternalFenceAgentRegistry.Listener() {
              @Override
              public void added(ExternalFenceAgent agent) {
                register(agent);
              }

              @Override
              public void removed(ExternalFenceAgent agent) {
                unregister(agent.name());
              }
            });
    registry.rescan();
    this.scanner =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "paceline-fence-rescan");
              t.setDaemon(true);
              return t;
            });
    long every = settings.rescanInterval().toMillis();
    scanner.scheduleWithFixedDelay(this::rescan, every, every, TimeUnit.MILLISECONDS);
    LOG.info(
        "fence agents from {}: {} registered, rescanning every {} ms",
        settings.dirs(),
        registrations.size(),
        every);
  }

  private void rescan() {
    try {
      registry.rescan();
    } catch (RuntimeException e) {
      LOG.error("rescanning the fence agent directories failed", e);
    }
  }

  private void register(ExternalFenceAgent agent) {
    Dictionary<String, Object> props = new Hashtable<>();
    props.put(FenceAgent.AGENT_PROPERTY, agent.name());
    props.put("service.description", "fence agent " + agent.script().file());
    registrations.put(agent.name(), context.registerService(FenceAgent.class, agent, props));
  }

  private void unregister(String name) {
    ServiceRegistration<FenceAgent> reg = registrations.remove(name);
    if (reg != null) {
      try {
        reg.unregister();
      } catch (IllegalStateException e) {
        LOG.debug("fence agent {} was already unregistered", name);
      }
    }
  }

  @Deactivate
  void deactivate() {
    scanner.shutdownNow();
    try {
      if (!scanner.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("the fence agent rescan thread did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    registrations.keySet().forEach(this::unregister);
  }

  /** The registry behind the services (for tests). */
  ExternalFenceAgentRegistry registry() {
    return registry;
  }
}
