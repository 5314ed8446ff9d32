package org.paceline.eventlog.kafka;

/** Hears each committed transaction, on the publisher's thread: must return quickly. */
@FunctionalInterface
public interface CommitListener {

  /** Events {@code firstSeq..lastSeq} are committed to the topic. */
  void committed(long firstSeq, long lastSeq);
}
