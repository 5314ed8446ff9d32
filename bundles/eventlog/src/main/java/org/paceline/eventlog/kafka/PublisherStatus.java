package org.paceline.eventlog.kafka;

import java.time.Instant;

/**
 * Where the Kafka publisher stands, for {@code paceline status} and the web console.
 *
 * @param state what the publisher is doing
 * @param lastCommittedSeq the highest seq known to be committed to the topic, -1 before the
 *     publisher has read it
 * @param journalLastSeq the newest seq in the local journal
 * @param lag events in the journal not yet committed to Kafka ({@code journalLastSeq -
 *     lastCommittedSeq}, or every journaled event while unknown)
 * @param publishedEvents events this publisher committed since it started
 * @param transactions transactions this publisher committed since it started
 * @param failures failed attempts (connect, publish) since the publisher started
 * @param skippedEvents sequence numbers that were neither in the topic nor in the journal (the
 *     journal had already dropped them) and so were never published
 * @param lastError the last failure, null if none since the last commit
 * @param lastCommit when the last transaction committed, null if none yet
 */
public record PublisherStatus(
    State state,
    long lastCommittedSeq,
    long journalLastSeq,
    long lag,
    long publishedEvents,
    long transactions,
    long failures,
    long skippedEvents,
    String lastError,
    Instant lastCommit) {

  /** What the publisher is doing. */
  public enum State {
    /** Creating the producer, fencing the previous DC, reading the last committed seq. */
    CONNECTING,
    /** Publishing (or waiting for new events). */
    PUBLISHING,
    /** Kafka failed; waiting before the next attempt. Events wait in the journal. */
    RETRYING,
    /** Another publisher with the same transactional id took over; this one stopped. */
    FENCED,
    /** Stopped. */
    STOPPED
  }
}
