package org.paceline.ring.group;

import org.paceline.api.ring.RingView;

/**
 * What the group layer needs from the ring below it: agreed-order submission of chunks and the
 * ring's identity. {@link SrpChunkSender} adapts the ring's engine; tests may use a fake.
 */
public interface ChunkSender {

  /**
   * Queues {@code chunk} for agreed-order delivery to every member, this node included. Blocks
   * while the send queue is full, up to {@code timeoutMillis}.
   *
   * @return false if the queue stayed full
   */
  boolean submit(byte[] chunk, long timeoutMillis) throws InterruptedException;

  /** The largest chunk {@link #submit} accepts. */
  int maxChunk();

  /** This node's id. */
  int localNodeId();

  /** The ring view in force now. */
  RingView currentView();
}
