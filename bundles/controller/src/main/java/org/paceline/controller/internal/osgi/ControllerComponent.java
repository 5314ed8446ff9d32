package org.paceline.controller.internal.osgi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.quorum.QuorumService;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.GroupChannel;
import org.paceline.cib.service.CibService;
import org.paceline.controller.ControllerService;
import org.paceline.controller.ControllerStatus;
import org.paceline.controller.internal.Controller;
import org.paceline.controller.internal.ControllerEnvironment;
import org.paceline.controller.internal.NodeShutdown;
import org.paceline.eventlog.EventLog;
import org.paceline.executor.Executor;
import org.paceline.fencer.FencerService;
import org.paceline.fencer.FencingRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's {@link Controller} and registers it as the {@link ControllerService}. On
 * deactivation (the node stops) it first asks the cluster to move this node's resources away and
 * waits for that, up to {@code shutdown.timeout} (configuration PID {@value #PID}, default 45 s;
 * the node process allows 60 s for its whole stop), so a stopping node leaves cleanly and is not
 * fenced.
 */
@Component(
    service = ControllerService.class,
    immediate = true,
    configurationPid = ControllerComponent.PID)
public final class ControllerComponent implements ControllerService {

  /** The configuration PID. */
  public static final String PID = "org.paceline.controller";

  private static final Logger LOG = LoggerFactory.getLogger(ControllerComponent.class);

  /** The component's configuration. */
  @interface Config {
    String shutdown_timeout() default "45s";
  }

  private final String me;
  private final ScheduledExecutorService timer;
  private final Controller controller;
  private final CibService cib;
  private final Duration shutdownTimeout;
  private final CopyOnWriteArrayList<Runnable> quorumListeners = new CopyOnWriteArrayList<>();
  private final AutoCloseable quorumSubscription;
  private volatile FencerService fencer;
  private volatile Controller controllerRef;
  private final java.util.function.Consumer<FencingRecord> historyListener =
      r -> {
        Controller c = controllerRef;
        if (c != null && c.status().node().equals(r.delegate())) {
          c.broadcastFencing(r);
        }
      };

  @Activate
  public ControllerComponent(
      @Reference NodeConfiguration config,
      @Reference GroupChannel channel,
      @Reference CibService cib,
      @Reference QuorumService quorum,
      @Reference Executor executor,
      Config settings) {
    this.me = config.node().name();
    this.cib = cib;
    this.shutdownTimeout = NodeShutdown.parseTimeout(settings.shutdown_timeout());
    Map<Integer, String> names = new LinkedHashMap<>();
    for (ClusterNode n : config.cluster().nodes()) {
      names.put(n.nodeId(), n.name());
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "controller-timer-" + me);
              t.setDaemon(true);
              return t;
            });
    quorumSubscription = quorum.addListener(q -> quorumListeners.forEach(Runnable::run));
    ControllerEnvironment env =
        new ControllerEnvironment() {
          @Override
          public QuorumState quorum() {
            return quorum.current();
          }

          @Override
          public void onQuorumChange(Runnable listener) {
            quorumListeners.add(listener);
          }

          @Override
          public Optional<FencerService> fencer() {
            return Optional.ofNullable(fencer);
          }

          @Override
          public void fenceSelf(String reason) {
            SelfFence.now(me, config.node().agentStateDir(), reason);
          }
        };
    Clock clock = Clock.systemUTC();
    controller =
        Controller.create(me, config.self().nodeId(), names, cib, env, executor, clock, timer);
    controllerRef = controller;
    EventLog log = eventLog;
    if (log != null) {
      controller.eventSink(log::emit);
    }
    controller.start(channel);
    LOG.info("node {}: controller started", me);
  }

  @Override
  public ControllerStatus status() {
    return controller.status();
  }

  @Deactivate
  void deactivate() {
    Instant begin = Instant.now();
    try {
      new NodeShutdown(me, cib, controller).run(shutdownTimeout);
    } catch (RuntimeException e) {
      LOG.warn("node {}: clean shutdown failed: {}", me, e.toString());
    }
    try {
      quorumSubscription.close();
    } catch (Exception e) {
      LOG.debug("node {}: {}", me, e.toString());
    }
    controller.close();
    timer.shutdownNow();
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info(
        "node {}: controller stopped ({} ms)",
        me,
        Duration.between(begin, Instant.now()).toMillis());
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "unsetFencer")
  void setFencer(FencerService service) {
    this.fencer = service;
    // Whoever asked (the DC, an operator through the admin API), a fencing this node carried out
    // goes to every node's history.
    service.history().addListener(historyListener);
  }

  void unsetFencer(FencerService service) {
    service.history().removeListener(historyListener);
    if (this.fencer == service) {
      this.fencer = null;
    }
  }

  private volatile EventLog eventLog;

  /** The event log, when it runs: the controller reports its transitions and fencing there. */
  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "unsetEventLog")
  void setEventLog(EventLog log) {
    eventLog = log;
    Controller c = controllerRef;
    if (c != null) {
      c.eventSink(log::emit);
    }
  }

  void unsetEventLog(EventLog log) {
    if (eventLog == log) {
      eventLog = null;
      Controller c = controllerRef;
      if (c != null) {
        c.eventSink(null);
      }
    }
  }
}
