package org.paceline.admin.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paceline.admin.internal.events.EventLogFeed;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventPayload;
import org.paceline.eventlog.journal.EventJournal;
import org.paceline.eventlog.journal.JournalConfig;
import org.paceline.eventlog.node.LocalEventLog;

/** A real event log (journal on disk, no Kafka) of cluster {@code alpha} for the admin's tests. */
public final class TestEventLog implements AutoCloseable {

  public static final String CLUSTER = "alpha";
  public static final Instant T0 = Instant.parse("2026-01-31T12:00:00Z");

  public final LocalEventLog log;

  /** What this node emitted (operator actions), in order. */
  public final List<EventPayload> emitted = new java.util.concurrent.CopyOnWriteArrayList<>();

  public final EventLogFeed feed;

  public TestEventLog(Path dir) throws IOException {
    this(dir, JournalConfig.DEFAULT);
  }

  public TestEventLog(Path dir, JournalConfig config) throws IOException {
    log =
        new LocalEventLog(
            EventJournal.open(dir, config, CLUSTER), Optional.empty(), "n1", emitted::add);
    feed = new EventLogFeed(log);
  }

  /** Appends events numbered after the last one, one per payload. */
  public List<Event> append(EventPayload... payloads) throws IOException {
    List<Event> events = new ArrayList<>();
    long seq = log.lastSeq();
    for (EventPayload p : payloads) {
      seq++;
      events.add(Event.of(CLUSTER, seq, T0.plusSeconds(seq), "n1", p));
    }
    log.append(events);
    return events;
  }

  /** A node.joined event's payload. */
  public static EventPayload joined(String node) {
    return new EventPayload.NodeJoined(node, 1);
  }

  /** A resource.failed event's payload. */
  public static EventPayload failed(String resource) {
    return new EventPayload.ResourceFailed(
        resource, "n1", "monitor", 10_000, 7, "OCF_NOT_RUNNING", 1, "not running \"now\" — é");
  }

  /** A dc.changed event's payload. */
  public static EventPayload dc(String node) {
    return new EventPayload.DcChanged(node, null);
  }

  @Override
  public void close() {
    log.close();
  }
}
