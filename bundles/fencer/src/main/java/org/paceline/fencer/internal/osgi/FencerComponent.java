package org.paceline.fencer.internal.osgi;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.api.fencing.FenceResult;
import org.paceline.cib.model.Configuration;
import org.paceline.fencer.FenceAgents;
import org.paceline.fencer.Fencer;
import org.paceline.fencer.FencerService;
import org.paceline.fencer.FencerThreads;
import org.paceline.fencer.FencingHistory;
import org.paceline.fencer.FencingOutcome;
import org.paceline.fencer.FencingPlan;
import org.paceline.fencer.FencingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the node's {@link FencerService}: a {@link Fencer} fed with the {@link FenceAgent}
 * services plugin bundles register (named by their {@value FenceAgent#AGENT_PROPERTY} property).
 * Configuration PID {@value #PID} (all optional): {@code agent.threads} (agent requests at once,
 * default 4), {@code agent.queue} (requests that may wait, default 64), {@code history.per.target}
 * (history records kept per node, default 20). Immediate, so the history it keeps lives as long as
 * the bundle, not as long as some consumer holds the service.
 */
@Component(service = FencerService.class, immediate = true, configurationPid = FencerComponent.PID)
public final class FencerComponent implements FencerService {

  /** The configuration PID. */
  public static final String PID = "org.paceline.fencer";

  private static final Logger LOG = LoggerFactory.getLogger(FencerComponent.class);

  /** The component's configuration; every value is text so a bad one can be named. */
  @interface Config {
    String agent_threads() default "4";

    String agent_queue() default "64";

    String history_per_target() default "20";
  }

  private final FenceAgents agents = new FenceAgents();
  private final Fencer fencer;
  private final FencerThreads threads;

  @Activate
  public FencerComponent(@Reference NodeConfiguration node, Config config) {
    String name = node.node().name();
    int threadCount = positive("agent.threads", config.agent_threads());
    int queue = positive("agent.queue", config.agent_queue());
    int perTarget = positive("history.per.target", config.history_per_target());
    threads = new FencerThreads("fencer-" + name, threadCount, queue);
    fencer =
        Fencer.builder(name, agents)
            .executor(threads.executor())
            .timer(threads.timer())
            .history(new FencingHistory(perTarget, FencingHistory.DEFAULT_MAX_TARGETS))
            .build();
    LOG.info("node {}: fencer ready ({} agent threads)", name, threadCount);
  }

  static int positive(String key, String value) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    String message =
        "configuration "
            + PID
            + ": "
            + key
            + " = '"
            + value
            + "' is invalid: not a whole number >= 1";
    LOG.error(message);
    throw new IllegalArgumentException(message);
  }

  @Deactivate
  void deactivate() {
    fencer.stop();
    threads.close();
    LOG.info("node {}: fencer stopped", fencer.localNode());
  }

  @Reference(
      service = FenceAgent.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      updated = "updatedAgent",
      unbind = "removeAgent")
  void addAgent(FenceAgent agent, Map<String, Object> properties) {
    Object name = properties.get(FenceAgent.AGENT_PROPERTY);
    Object ranking = properties.get(Constants.SERVICE_RANKING);
    try {
      agents.add(
          serviceId(properties),
          name instanceof String s ? s : null,
          ranking instanceof Integer i ? i : 0,
          agent);
    } catch (RuntimeException e) {
      LOG.warn("a fence agent service without a usable name was ignored", e);
    }
  }

  void updatedAgent(FenceAgent agent, Map<String, Object> properties) {
    addAgent(agent, properties);
  }

  void removeAgent(FenceAgent agent, Map<String, Object> properties) {
    agents.remove(serviceId(properties));
  }

  private static long serviceId(Map<String, Object> properties) {
    Object id = properties.get(Constants.SERVICE_ID);
    return id instanceof Long l ? l : -1L;
  }

  @Override
  public CompletableFuture<FencingOutcome> fence(FencingRequest request, Configuration config) {
    return fencer.fence(request, config);
  }

  @Override
  public FencingPlan plan(Configuration config, String target, FenceAction action) {
    return fencer.plan(config, target, action);
  }

  @Override
  public CompletableFuture<FenceResult> monitor(String deviceId, Configuration config) {
    return fencer.monitor(deviceId, config);
  }

  @Override
  public FencingHistory history() {
    return fencer.history();
  }
}
