package org.paceline.eventlog.internal.osgi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.quorum.QuorumService;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.Group;
import org.paceline.api.ring.GroupChannel;
import org.paceline.cib.service.CibService;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventLog;
import org.paceline.eventlog.EventLogStatus;
import org.paceline.eventlog.EventPayload;
import org.paceline.eventlog.journal.DraftJournal;
import org.paceline.eventlog.journal.EventJournal;
import org.paceline.eventlog.node.EventLogSettings;
import org.paceline.eventlog.node.LocalEventLog;
import org.paceline.eventlog.relay.ClusterEventSource;
import org.paceline.eventlog.relay.EventRelay;
import org.paceline.eventlog.relay.NumberingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers this node's {@link EventLog}: the journal in {@code <state>/events} and, when Kafka is
 * configured, the publisher the controller switches on while this node is the DC. Configuration PID
 * {@value #PID}, keys as {@link EventLogSettings} describes (all optional).
 */
@Component(service = EventLog.class, immediate = true, configurationPid = EventLogComponent.PID)
public final class EventLogComponent implements EventLog {

  /** The configuration PID. */
  public static final String PID = "org.paceline.eventlog";

  private static final Logger LOG = LoggerFactory.getLogger(EventLogComponent.class);

  private final LocalEventLog log;
  private final DraftJournal drafts;
  private final EventRelay relay;
  private final ClusterEventSource source;
  private final ExecutorService emitter;
  private final Group group;

  /** Starts and stops this node's Kafka publisher as it becomes DC or stops being it, in order. */
  private final java.util.concurrent.ExecutorService dcWork =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "eventlog-dc");
            t.setDaemon(true);
            return t;
          });

  private final List<AutoCloseable> subscriptions = new java.util.ArrayList<>();
  private final String node;

  @Activate
  public EventLogComponent(
      @Reference NodeConfiguration config,
      @Reference GroupChannel channel,
      @Reference QuorumService quorum,
      @Reference CibService cib,
      BundleContext context,
      Map<String, Object> properties)
      throws IOException {
    node = config.node().name();
    String cluster = config.cluster().totem().clusterName();
    EventLogSettings settings;
    try {
      settings = EventLogSettings.parse(cluster, settingsOf(context, properties));
    } catch (IllegalArgumentException e) {
      LOG.error("node {}: event log not started: {}", node, e.getMessage());
      throw e;
    }
    Path dir = config.node().stateDir().resolve("events");
    EventJournal journal = EventJournal.open(dir, settings.journal(), cluster);
    drafts = DraftJournal.open(dir.resolve("drafts"), settings.journal(), node);
    Map<Integer, String> names = new LinkedHashMap<>();
    for (ClusterNode n : config.cluster().nodes()) {
      names.put(n.nodeId(), n.name());
    }
    relay =
        new EventRelay(
            cluster,
            node,
            config.self().nodeId(),
            journal,
            drafts,
            NumberingStore.open(dir.resolve("numbering"), settings.journal()),
            view -> {
              QuorumState q = quorum.current();
              if (q == null || !q.ringId().equals(view.ringId())) {
                return Optional.empty();
              }
              // The group's members (one vote each) must be a strict majority of the expected
              // votes: never two partitions at once, even where votequorum lets both halves of a
              // two_node cluster keep quorum, and never a node alone in the group while it joins.
              return Optional.of(q.quorate() && 2 * view.members().size() > q.expectedVotes());
            },
            Clock.systemUTC());
    // The sources call back on the ring's and the CIB's delivery threads: drafts are written and
    // sent on this thread, in the order they came.
    emitter =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(100_000),
            r -> {
              Thread t = new Thread(r, "eventlog-emit-" + node);
              t.setDaemon(true);
              return t;
            });
    log = new LocalEventLog(journal, settings.kafka(), node, this::emitLater);
    source = new ClusterEventSource(node, config.self().nodeId(), names, this::emitLater);
    group = channel.join(EventRelay.GROUP, relay);
    relay.attach(group, channel.maxMessageSize());
    subscriptions.add(
        quorum.addListener(
            q -> {
              relay.quorumChanged();
              source.quorumChanged(q);
            }));
    subscriptions.add(
        channel.addViewListener(
            v -> {
              source.viewChanged(v);
              source.quorumChanged(quorum.current());
              boolean isDc = source.isDc();
              // Starting or closing a Kafka publisher takes seconds; the ring's delivery thread,
              // which calls here, carries the CIB's and the controller's messages too.
              try {
                dcWork.execute(() -> log.publish(isDc));
              } catch (RejectedExecutionException e) {
                LOG.debug("node {}: stopping, publisher left as it is", node);
              }
            }));
    subscriptions.add(cib.addListener(source::cibChanged));
    LOG.info(
        "node {}: event log ready: journal {} (seq {}..{}), {}",
        node,
        dir,
        journal.firstSeq(),
        journal.lastSeq(),
        settings.kafka().map(k -> "publishing to " + k.topic() + " as DC").orElse("no Kafka"));
  }

  /**
   * The settings: paceline.conf's {@code events { }} section (framework properties {@value #KEYS}
   * and {@value #PREFIX}KEY, as the launcher passes them), overridden by this component's
   * configuration, if any.
   */
  static Map<String, Object> settingsOf(BundleContext context, Map<String, Object> properties) {
    Map<String, Object> out = new java.util.HashMap<>();
    String keys = context.getProperty(KEYS);
    if (keys != null) {
      for (String k : keys.split(",")) {
        String v = context.getProperty(PREFIX + k.trim());
        if (!k.isBlank() && v != null) {
          out.put(k.trim(), v);
        }
      }
    }
    out.putAll(properties);
    return out;
  }

  private static final String KEYS = "paceline.events.keys";
  private static final String PREFIX = "paceline.events.";

  private void emitLater(EventPayload payload) {
    try {
      emitter.execute(
          () -> {
            try {
              relay.emit(payload);
            } catch (IOException | RuntimeException e) {
              LOG.error(
                  "node {}: event {} {} lost: the drafts journal failed: {}",
                  node,
                  payload.type().wireName(),
                  payload.subject(),
                  e.toString());
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.warn(
          "node {}: event {} {} not recorded: the event log is stopping or {} events wait",
          node,
          payload.type().wireName(),
          payload.subject(),
          100_000);
    }
  }

  @Deactivate
  void stop() {
    for (AutoCloseable s : subscriptions) {
      try {
        s.close();
      } catch (Exception e) {
        LOG.debug("node {}: {}", node, e.toString());
      }
    }
    dcWork.shutdown();
    emitter.shutdown();
    try {
      if (!dcWork.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("node {}: the event publisher did not start or stop within 30 s", node);
      }
      if (!emitter.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("node {}: events still waiting to be recorded were dropped", node);
        emitter.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    relay.close();
    try {
      group.close();
    } catch (RuntimeException e) {
      LOG.debug("node {}: {}", node, e.toString());
    }
    log.close();
    drafts.close();
  }

  @Override
  public void emit(EventPayload payload) {
    log.emit(payload);
  }

  @Override
  public String cluster() {
    return log.cluster();
  }

  @Override
  public int append(List<Event> events) throws IOException {
    return log.append(events);
  }

  @Override
  public List<Event> read(long fromSeq, int max) throws IOException {
    return log.read(fromSeq, max);
  }

  @Override
  public long firstSeq() {
    return log.firstSeq();
  }

  @Override
  public long lastSeq() {
    return log.lastSeq();
  }

  @Override
  public boolean awaitAfter(long seq, Duration timeout) throws InterruptedException {
    return log.awaitAfter(seq, timeout);
  }

  @Override
  public void publish(boolean dc) {
    log.publish(dc);
  }

  @Override
  public EventLogStatus status() {
    return log.status();
  }
}
