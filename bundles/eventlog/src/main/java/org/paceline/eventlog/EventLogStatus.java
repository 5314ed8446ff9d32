package org.paceline.eventlog;

/**
 * Where this node's event log stands, for {@code paceline status} and the web console.
 *
 * @param cluster the cluster's name
 * @param firstSeq the oldest seq in the journal, 0 when empty
 * @param lastSeq the newest seq in the journal, 0 when empty
 * @param journalBytes the journal's size on disk
 * @param kafka where events go besides the journal: the topic, or null when no Kafka is configured
 *     (the journal is then the event log)
 * @param publisher the publisher's state ({@code CONNECTING}, {@code PUBLISHING}, {@code RETRYING},
 *     {@code FENCED}, {@code STOPPED}), null when this node does not publish
 * @param lastCommittedSeq the highest seq known committed to Kafka, -1 when unknown
 * @param lag journaled events not yet committed to Kafka, 0 when this node does not publish
 * @param lastError the publisher's last failure, null if none
 */
public record EventLogStatus(
    String cluster,
    long firstSeq,
    long lastSeq,
    long journalBytes,
    String kafka,
    String publisher,
    long lastCommittedSeq,
    long lag,
    String lastError) {}
