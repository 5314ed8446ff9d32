package org.paceline.eventlog;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * This node's event log: the journal of numbered events and, while this node is the DC, the Kafka
 * publisher. The controller appends the events the replicated state machine numbered (on every
 * node) and switches publishing on and off with the DC role; the admin API reads.
 */
@ProviderType
public interface EventLog {

  /** The cluster's name. */
  String cluster();

  /**
   * Journals numbered events. Idempotent: events at or below {@link #lastSeq()} are skipped.
   *
   * @return how many were new
   * @throws IllegalArgumentException if an event is another cluster's or the numbers do not
   *     increase
   */
  int append(List<Event> events) throws IOException;

  /** Up to {@code max} events from {@code fromSeq} on (or from the oldest one held), in order. */
  List<Event> read(long fromSeq, int max) throws IOException;

  /** The oldest seq the journal holds, 0 when empty. */
  long firstSeq();

  /** The newest seq the journal holds, 0 when empty. */
  long lastSeq();

  /** Waits at most {@code timeout} for an event newer than {@code seq} (for {@code events -f}). */
  boolean awaitAfter(long seq, Duration timeout) throws InterruptedException;

  /**
   * Whether this node publishes to Kafka: true when it becomes the DC (the publisher fences the
   * previous DC's and continues after the last committed seq), false when it stops being the DC.
   * Does nothing when no Kafka is configured.
   */
  void publish(boolean dc);

  /**
   * Records an event this node originated. It is journaled at once as a draft, numbered by the
   * cluster (the same number on every node) while this node's partition has quorum, or later, once
   * it is back in one. Returns without waiting for the number; never blocks on the ring or Kafka.
   */
  void emit(EventPayload payload);

  /** The journal's and the publisher's state. */
  EventLogStatus status();
}
