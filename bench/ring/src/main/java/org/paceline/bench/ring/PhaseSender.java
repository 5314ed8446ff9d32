package org.paceline.bench.ring;

import java.util.concurrent.locks.LockSupport;
import org.paceline.ring.srp.SrpEngine;

/**
 * Sends this node's share of one phase: its data messages, paced if the phase has a rate, then the
 * end marker. Writes {@code SENDING} when it starts and {@code SENT} when all is queued.
 */
final class PhaseSender implements Runnable {

  /** How long a full send queue may block one submission before the phase is given up. */
  static final long SUBMIT_TIMEOUT_MS = 30_000;

  private final Phase phase;
  private final SrpEngine engine;
  private final ProtocolOut out;

  PhaseSender(Phase phase, SrpEngine engine, ProtocolOut out) {
    this.phase = phase;
    this.engine = engine;
    this.out = out;
  }

  @Override
  public void run() {
    int maxChunk = engine.maxChunk();
    long start = System.nanoTime();
    long deadline =
        phase.durationMillis() > 0 ? start + phase.durationMillis() * 1_000_000 : Long.MAX_VALUE;
    out.line("SENDING " + phase.id() + " " + WallClock.format(WallClock.micros()));
    int seq = 0;
    try {
      while (phase.count() > 0 ? seq < phase.count() : System.nanoTime() < deadline) {
        if (phase.rate() > 0) {
          long due = start + seq * 1_000_000_000L / phase.rate();
          long early = due - System.nanoTime();
          if (early > 0) {
            LockSupport.parkNanos(early);
          }
        }
        seq++;
        if (!submitAll(
            BenchMessages.chunks(phase.id(), seq, BenchMessages.DATA, 0, phase.size(), maxChunk))) {
          return;
        }
      }
      submitAll(
          BenchMessages.chunks(
              phase.id(), seq + 1, BenchMessages.END, seq, BenchMessages.HEADER, maxChunk));
      out.line("SENT " + phase.id() + " " + WallClock.format(WallClock.micros()) + " count=" + seq);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean submitAll(java.util.List<byte[]> chunks) throws InterruptedException {
    for (byte[] c : chunks) {
      if (!engine.submit(c, SUBMIT_TIMEOUT_MS)) {
        out.line(
            "ERROR phase "
                + phase.id()
                + ": the send queue stayed full for "
                + SUBMIT_TIMEOUT_MS
                + " ms");
        return false;
      }
    }
    return true;
  }
}
