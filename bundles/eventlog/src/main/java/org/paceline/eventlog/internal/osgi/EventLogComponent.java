package org.paceline.eventlog.internal.osgi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventLog;
import org.paceline.eventlog.EventLogStatus;
import org.paceline.eventlog.journal.EventJournal;
import org.paceline.eventlog.node.EventLogSettings;
import org.paceline.eventlog.node.LocalEventLog;
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

  @Activate
  public EventLogComponent(@Reference NodeConfiguration config, Map<String, Object> properties)
      throws IOException {
    String node = config.node().name();
    String cluster = config.cluster().totem().clusterName();
    EventLogSettings settings;
    try {
      settings = EventLogSettings.parse(cluster, properties);
    } catch (IllegalArgumentException e) {
      LOG.error("node {}: event log not started: {}", node, e.getMessage());
      throw e;
    }
    Path dir = config.node().stateDir().resolve("events");
    EventJournal journal = EventJournal.open(dir, settings.journal(), cluster);
    log = new LocalEventLog(journal, settings.kafka(), node);
    LOG.info(
        "node {}: event log ready: journal {} (seq {}..{}), {}",
        node,
        dir,
        journal.firstSeq(),
        journal.lastSeq(),
        settings.kafka().map(k -> "publishing to " + k.topic() + " as DC").orElse("no Kafka"));
  }

  @Deactivate
  void stop() {
    log.close();
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
