package org.paceline.ring.group;

import java.util.Objects;
import org.paceline.api.ring.RingView;
import org.paceline.ring.srp.SrpEngine;

/** Sends the group layer's chunks through the ring's ordering engine. */
public final class SrpChunkSender implements ChunkSender {

  private final SrpEngine engine;

  public SrpChunkSender(SrpEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public boolean submit(byte[] chunk, long timeoutMillis) throws InterruptedException {
    return engine.submit(chunk, timeoutMillis);
  }

  @Override
  public int maxChunk() {
    return engine.maxChunk();
  }

  @Override
  public int localNodeId() {
    return engine.localNodeId();
  }

  @Override
  public RingView currentView() {
    return engine.currentView();
  }
}
