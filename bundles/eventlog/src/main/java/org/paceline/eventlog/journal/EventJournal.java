package org.paceline.eventlog.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventCodec;

/**
 * The node's journal of numbered events: a {@link Journal} keyed by {@code seq} whose records are
 * the events' JSON, byte for byte what the Kafka publisher sends. Appending is idempotent: events
 * at or below {@link #lastSeq()} are skipped, so a node may be handed the same events twice.
 * Thread-safe.
 */
public final class EventJournal implements AutoCloseable {

  private final Journal journal;
  private final String cluster;
  private final EventCodec codec = new EventCodec();

  private EventJournal(Journal journal, String cluster) {
    this.journal = journal;
    this.cluster = cluster;
  }

  /** Opens (creating if needed) the event journal of {@code cluster} in {@code dir}. */
  public static EventJournal open(Path dir, JournalConfig config, String cluster)
      throws IOException {
    Objects.requireNonNull(cluster, "cluster");
    return new EventJournal(Journal.open(dir, config, cluster + "-events"), cluster);
  }

  /**
   * Appends the events newer than {@link #lastSeq()}, in one write.
   *
   * @return how many were appended
   * @throws IllegalArgumentException if an event belongs to another cluster or the events' sequence
   *     numbers do not increase (nothing is written)
   */
  public int append(List<Event> events) throws IOException {
    List<JournalRecord> records = new ArrayList<>(events.size());
    long last = journal.lastKey();
    for (Event e : events) {
      if (!e.cluster().equals(cluster)) {
        throw new IllegalArgumentException(
            "event " + e.seq() + " belongs to cluster " + e.cluster() + ", not " + cluster);
      }
      if (e.seq() <= last) {
        if (records.isEmpty()) {
          continue;
        }
        throw new IllegalArgumentException(
            "event sequence numbers must increase: " + e.seq() + " after " + last);
      }
      records.add(new JournalRecord(e.seq(), codec.encode(e)));
      last = e.seq();
    }
    journal.appendAll(records);
    return records.size();
  }

  /**
   * Appends encoded events (key = seq; the caller wrote them for this cluster, as {@link
   * EventCodec#encode} does) newer than {@link #lastSeq()}, in one write.
   *
   * @return how many were appended
   * @throws IllegalArgumentException if the sequence numbers do not increase (nothing is written)
   */
  public int appendEncoded(List<JournalRecord> events) throws IOException {
    List<JournalRecord> records = new ArrayList<>(events.size());
    long last = journal.lastKey();
    for (JournalRecord e : events) {
      if (e.key() <= last) {
        if (records.isEmpty()) {
          continue;
        }
        throw new IllegalArgumentException(
            "event sequence numbers must increase: " + e.key() + " after " + last);
      }
      records.add(e);
      last = e.key();
    }
    journal.appendAll(records);
    return records.size();
  }

  /** Reads up to {@code max} events from {@code fromSeq} on (or from the oldest one held). */
  public List<Event> read(long fromSeq, int max) throws IOException {
    List<JournalRecord> raw = journal.read(fromSeq, max);
    List<Event> out = new ArrayList<>(raw.size());
    for (JournalRecord r : raw) {
      out.add(codec.decode(r.data()));
    }
    return out;
  }

  /** Reads up to {@code max} encoded events from {@code fromSeq} on, keyed by seq. */
  public List<JournalRecord> readEncoded(long fromSeq, int max) throws IOException {
    return journal.read(fromSeq, max);
  }

  /** The oldest seq held, 0 when empty. */
  public long firstSeq() {
    return journal.firstKey();
  }

  /** The newest seq held, 0 when empty. */
  public long lastSeq() {
    return journal.lastKey();
  }

  /** Waits at most {@code timeout} for an event newer than {@code seq}; true if there is one. */
  public boolean awaitAfter(long seq, Duration timeout) throws InterruptedException {
    return journal.awaitAfter(seq, timeout);
  }

  /** The cluster whose events this is. */
  public String cluster() {
    return cluster;
  }

  /** The underlying journal (size, recovery report). */
  public Journal journal() {
    return journal;
  }

  @Override
  public void close() {
    journal.close();
  }
}
