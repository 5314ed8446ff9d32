package org.paceline.ra.ocf.internal.osgi;

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
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.ra.AgentClass;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.ra.ocf.ClusterTools;
import org.paceline.ra.ocf.OcfAgent;
import org.paceline.ra.ocf.OcfAgentRegistry;
import org.paceline.ra.ocf.OcfSettings;
import org.paceline.ra.script.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one {@link ResourceAgent} service per OCF agent script and the {@code ocf} {@link
 * AgentClass}; rescans the roots periodically. Settings ({@link OcfSettings#KEYS}) come from this
 * component's configuration (pid {@code org.paceline.ra.ocf}), else from framework properties. The
 * node's {@link NodeConfiguration} (registered by the launcher) tells the agents' {@link
 * ClusterTools} where the admin API is.
 */
@Component(
    configurationPid = "org.paceline.ra.ocf",
    immediate = true,
    service = AgentClass.class,
    property = "paceline.agent.class=ocf")
public final class OcfAgentsComponent implements AgentClass {

  private static final Logger LOG = LoggerFactory.getLogger(OcfAgentsComponent.class);

  private final Map<AgentId, ServiceRegistration<ResourceAgent>> registrations =
      new ConcurrentHashMap<>();
  private final BundleContext context;
  private final OcfAgentRegistry registry;
  private final ScheduledExecutorService scanner;

  /** A component that knows no node configuration (its agents' tools reach no admin API). */
  public OcfAgentsComponent(BundleContext context, Map<String, Object> properties) {
    this(context, properties, null);
  }

  /**
   * The component of the node {@code node} describes (the launcher registers the node's
   * configuration; {@code null} when there is none): its agents' {@link ClusterTools} reach that
   * node's admin API through {@code <state>/run/admin.url} and the admin credential file.
   */
  @Activate
  public OcfAgentsComponent(
      BundleContext context,
      Map<String, Object> properties,
      @Reference(
              name = "node",
              cardinality = ReferenceCardinality.OPTIONAL,
              policyOption = ReferencePolicyOption.GREEDY)
          NodeConfiguration node) {
    this.context = context;
    Map<String, Object> merged = new HashMap<>();
    for (String key : OcfSettings.KEYS) {
      String fw = context.getProperty(key);
      if (fw != null) {
        merged.put(key, fw);
      }
    }
    merged.putAll(properties);
    OcfSettings settings = OcfSettings.fromProperties(merged);
    ClusterTools tools =
        new ClusterTools(
            node == null
                ? null
                : new ClusterTools.AdminAccess(
                    node.node().adminUrlFile(), node.node().admin().credentialFile()));
    this.registry =
        new OcfAgentRegistry(
            settings,
            new CommandRunner(settings.killGrace()),
            tools,
            new OcfAgentRegistry.Listener() {
              @Override
              public void added(OcfAgent agent) {
                register(agent);
              }

              @Override
              public void removed(OcfAgent agent) {
                unregister(agent.id());
              }
            });
    registry.rescan();
    this.scanner =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "paceline-ocf-rescan");
              t.setDaemon(true);
              return t;
            });
    long every = settings.rescanInterval().toMillis();
    scanner.scheduleWithFixedDelay(this::rescan, every, every, TimeUnit.MILLISECONDS);
    LOG.info(
        "OCF agents from {}: {} registered, rescanning every {} ms; {}",
        settings.roots(),
        registrations.size(),
        every,
        tools);
  }

  private void rescan() {
    try {
      registry.rescan();
    } catch (RuntimeException e) {
      LOG.error("rescanning the OCF roots failed", e);
    }
  }

  private void register(OcfAgent agent) {
    Dictionary<String, Object> props = new Hashtable<>();
    props.put(ResourceAgent.AGENT_PROPERTY, agent.id().toString());
    props.put("service.description", "OCF agent " + agent.script().file());
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
        LOG.warn("the OCF rescan thread did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    registrations.keySet().forEach(this::unregister);
  }

  @Override
  public String standard() {
    return "ocf";
  }

  @Override
  public Optional<String> unavailableReason() {
    return registry.unavailableReason();
  }
}
