package org.paceline.eventlog.node;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventLog;
import org.paceline.eventlog.EventLogStatus;
import org.paceline.eventlog.EventPayload;
import org.paceline.eventlog.journal.EventJournal;
import org.paceline.eventlog.kafka.KafkaPublisher;
import org.paceline.eventlog.kafka.KafkaSettings;
import org.paceline.eventlog.kafka.PublisherStatus;
import org.paceline.eventlog.kafka.TopicEventReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventLog} of one node: its {@link EventJournal}, and a {@link KafkaPublisher} while
 * the node is the DC and Kafka is configured. Thread-safe.
 */
public final class LocalEventLog implements EventLog, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalEventLog.class);

  private final EventJournal journal;
  private final Optional<KafkaSettings> kafka;
  private final String node;
  private final Consumer<EventPayload> emitter;
  private KafkaPublisher publisher;
  private volatile boolean dc;

  /**
   * @param journal the node's journal (closed with this log)
   * @param kafka where to publish, or empty when the journal is the event log
   * @param node this node's name
   */
  public LocalEventLog(EventJournal journal, Optional<KafkaSettings> kafka, String node) {
    this(
        journal,
        kafka,
        node,
        p -> {
          throw new IllegalStateException(
              "this event log only reads: events are numbered by the cluster's relay");
        });
  }

  /**
   * @param journal the node's journal (closed with this log)
   * @param kafka where to publish, or empty when the journal is the event log
   * @param node this node's name
   * @param emitter where {@link #emit} hands this node's events (the relay, on its own thread)
   */
  public LocalEventLog(
      EventJournal journal,
      Optional<KafkaSettings> kafka,
      String node,
      Consumer<EventPayload> emitter) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.kafka = Objects.requireNonNull(kafka, "kafka");
    this.node = Objects.requireNonNull(node, "node");
    this.emitter = Objects.requireNonNull(emitter, "emitter");
  }

  @Override
  public void emit(EventPayload payload) {
    emitter.accept(Objects.requireNonNull(payload, "payload"));
  }

  @Override
  public String cluster() {
    return journal.cluster();
  }

  @Override
  public int append(List<Event> events) throws IOException {
    return journal.append(events);
  }

  /**
   * Events from the journal; with Kafka configured, those older than the journal still holds (it is
   * bounded) come from the topic, read_committed, so the whole log stays readable.
   */
  @Override
  public List<Event> read(long fromSeq, int max) throws IOException {
    long first = journal.firstSeq();
    if (kafka.isEmpty() || max <= 0 || first == 0 || fromSeq >= first) {
      return journal.read(fromSeq, max);
    }
    List<Event> out = new java.util.ArrayList<>();
    try (TopicEventReader reader = new TopicEventReader(kafka.get())) {
      reader.seek(Math.max(1, fromSeq));
      long deadline = System.nanoTime() + kafka.get().operationTimeout().toNanos();
      while (out.size() < max && System.nanoTime() < deadline) {
        List<Event> got = reader.poll(Duration.ofMillis(200));
        if (got.isEmpty()) {
          if (out.isEmpty()) {
            continue; // the first fetch may take a moment
          }
          break;
        }
        for (Event e : got) {
          if (e.seq() >= first || out.size() >= max) {
            break;
          }
          out.add(e);
        }
        if (!out.isEmpty() && out.get(out.size() - 1).seq() >= first - 1) {
          break;
        }
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "{}: events before {} are not in the journal and the topic could not be read: {}",
          node,
          first,
          e.toString());
    }
    if (out.size() < max) {
      out.addAll(journal.read(first, max - out.size()));
    }
    return out;
  }

  @Override
  public long firstSeq() {
    return journal.firstSeq();
  }

  @Override
  public long lastSeq() {
    return journal.lastSeq();
  }

  @Override
  public boolean awaitAfter(long seq, Duration timeout) throws InterruptedException {
    return journal.awaitAfter(seq, timeout);
  }

  @Override
  public void publish(boolean isDc) {
    KafkaPublisher stop = null;
    synchronized (this) {
      dc = isDc;
      if (kafka.isEmpty()) {
        return;
      }
      if (isDc && (publisher == null || finished(publisher))) {
        stop = publisher;
        publisher = new KafkaPublisher(kafka.get(), journal, node, (a, b) -> {}, () -> dc);
        publisher.start();
        LOG.info("{}: publishing events to {}", node, kafka.get().topic());
      } else if (!isDc && publisher != null) {
        stop = publisher;
        publisher = null;
      }
    }
    if (stop != null) {
      stop.close();
    }
  }

  private static boolean finished(KafkaPublisher p) {
    PublisherStatus.State s = p.status().state();
    return s == PublisherStatus.State.FENCED || s == PublisherStatus.State.STOPPED;
  }

  @Override
  public EventLogStatus status() {
    KafkaPublisher p;
    synchronized (this) {
      p = publisher;
    }
    PublisherStatus ps = p == null ? null : p.status();
    return new EventLogStatus(
        journal.cluster(),
        journal.firstSeq(),
        journal.lastSeq(),
        journal.journal().sizeBytes(),
        kafka.map(KafkaSettings::topic).orElse(null),
        ps == null ? null : ps.state().name(),
        ps == null ? -1 : ps.lastCommittedSeq(),
        ps == null ? 0 : ps.lag(),
        ps == null ? null : ps.lastError());
  }

  /** Stops publishing and closes the journal. */
  @Override
  public void close() {
    KafkaPublisher p;
    synchronized (this) {
      p = publisher;
      publisher = null;
      dc = false;
    }
    if (p != null) {
      p.close();
    }
    journal.close();
  }
}
