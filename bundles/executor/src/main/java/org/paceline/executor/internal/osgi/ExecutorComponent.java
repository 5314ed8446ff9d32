package org.paceline.executor.internal.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.executor.Executor;
import org.paceline.executor.internal.AgentRegistry;
import org.paceline.executor.internal.DurationText;
import org.paceline.executor.internal.ExecutorSettings;
import org.paceline.executor.internal.NodeExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks the {@link ResourceAgent} services plugin bundles register and registers the node's {@link
 * Executor} service. The node name and the agents' state directory come from the launcher's {@link
 * NodeConfiguration} service; the rest from configuration PID {@value #PID} (all optional): {@code
 * node.action.limit} (operations at once, default twice the processors), {@code timeout.grace}
 * (default 5s) and {@code close.timeout} (default 10s).
 */
@Component(
    service = {},
    immediate = true,
    configurationPid = ExecutorComponent.PID)
public final class ExecutorComponent {

  /** The configuration PID. */
  public static final String PID = "org.paceline.executor";

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorComponent.class);

  /** The component's configuration; every value is text so a bad one can be named. */
  @interface Config {
    /** Operations that may run at once; empty for twice the available processors. */
    String node_action_limit() default "";

    /** How long a timed-out agent has to return after being interrupted. */
    String timeout_grace() default "5s";

    /** How long closing waits for running operations before interrupting them. */
    String close_timeout() default "10s";
  }

  private final AgentRegistry registry = new AgentRegistry();

  @Reference private NodeConfiguration node;

  private NodeExecutor executor;
  private ServiceRegistration<Executor> registration;

  @Activate
  void activate(Config config, BundleContext context) {
    Path stateDir = node.node().agentStateDir();
    String nodeName = node.node().name();
    try {
      Files.createDirectories(stateDir);
    } catch (IOException e) {
      LOG.error(
          "node {}: cannot create the agent state directory {}: {}",
          nodeName,
          stateDir,
          e.toString());
    }
    ExecutorSettings base = ExecutorSettings.defaults(nodeName, stateDir);
    executor = new NodeExecutor(apply(base, config), registry);
    registration = context.registerService(Executor.class, executor, null);
  }

  @Modified
  void modified(Config config) {
    ExecutorSettings s = apply(executor.settings(), config);
    executor.reconfigure(s.actionLimit(), s.timeoutGrace(), s.closeTimeout());
  }

  @Deactivate
  void deactivate() {
    try {
      registration.unregister();
    } catch (IllegalStateException e) {
      // already gone with the bundle
    }
    executor.close();
  }

  @Reference(
      service = ResourceAgent.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      updated = "updatedAgent",
      unbind = "removeAgent")
  void addAgent(ResourceAgent agent, Map<String, Object> properties) {
    registry.add(agent, properties);
  }

  void updatedAgent(ResourceAgent agent, Map<String, Object> properties) {
    registry.add(agent, properties);
  }

  void removeAgent(ResourceAgent agent, Map<String, Object> properties) {
    registry.remove(properties);
  }

  /**
   * {@code base} with the configured values.
   *
   * @throws IllegalArgumentException naming the key and value that are wrong
   */
  static ExecutorSettings apply(ExecutorSettings base, Config config) {
    ExecutorSettings s = base;
    String limit = config.node_action_limit().trim();
    if (!limit.isEmpty()) {
      int n;
      try {
        n = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        throw bad("node.action.limit", limit, "not a whole number");
      }
      if (n < 1) {
        throw bad("node.action.limit", limit, "must be at least 1");
      }
      s = s.withActionLimit(n);
    } else {
      s = s.withActionLimit(ExecutorSettings.defaultActionLimit());
    }
    return s.withTimeoutGrace(duration("timeout.grace", config.timeout_grace(), false))
        .withCloseTimeout(duration("close.timeout", config.close_timeout(), true));
  }

  private static Duration duration(String key, String value, boolean zeroAllowed) {
    Duration d;
    try {
      d = DurationText.parse(value);
    } catch (IllegalArgumentException e) {
      throw bad(key, value, e.getMessage());
    }
    if (d.isZero() && !zeroAllowed) {
      throw bad(key, value, "must be more than zero");
    }
    return d;
  }

  private static IllegalArgumentException bad(String key, String value, String problem) {
    String message =
        "configuration " + PID + ": " + key + " = '" + value + "' is invalid: " + problem;
    LOG.error(message);
    return new IllegalArgumentException(message);
  }
}
