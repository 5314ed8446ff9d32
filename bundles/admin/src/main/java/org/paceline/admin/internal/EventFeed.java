package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * This node's event log as the admin API reads it, in the admin's own terms so the API works, and
 * says so, when the event log bundle is not there (the adapter over {@code
 * org.paceline.eventlog.EventLog} is {@link org.paceline.admin.internal.events.EventLogFeed}).
 */
public interface EventFeed {

  /**
   * One event.
   *
   * @param seq its cluster-wide sequence number
   * @param type its type, e.g. {@code node.joined}
   * @param json the event exactly as the event log's codec writes it (the Kafka record's value)
   */
  record Entry(long seq, String type, ObjectNode json) {}

  /** Up to {@code max} events from {@code fromSeq} on (or from the oldest one held), in order. */
  List<Entry> read(long fromSeq, int max) throws IOException;

  /** The oldest seq the journal holds, 0 when empty. */
  long firstSeq();

  /** The newest seq the journal holds, 0 when empty. */
  long lastSeq();

  /** Waits at most {@code timeout} for an event newer than {@code seq}; true if there is one. */
  boolean awaitAfter(long seq, Duration timeout) throws InterruptedException;

  /**
   * Records an operator's action (an {@code operator.action} event from this node).
   *
   * @param who the user and where the request came from, e.g. {@code admin@127.0.0.1}
   * @param what the request, e.g. {@code POST /resources/web/move}
   * @param target what it acted on, e.g. {@code resource/web}, {@code node/n1}, {@code cib}
   * @param success whether it was accepted
   * @param error why not, or null
   */
  void operatorAction(String who, String what, String target, boolean success, String error);

  /** The event types this version knows (wire names). */
  Set<String> types();

  /**
   * The journal's and the publisher's state for {@code GET /status}: {@code firstSeq}, {@code
   * lastSeq}, {@code journalBytes}, {@code kafka} (topic or null), {@code publisher} (state or
   * null), {@code lastCommittedSeq}, {@code lag}, {@code lastError}.
   */
  ObjectNode status();
}
