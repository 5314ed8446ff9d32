package org.paceline.bench.ring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.paceline.api.ring.RingView;
import org.paceline.ring.srp.RingListener;

/**
 * What one node delivers: whole bench messages per phase (checking each sender's sequence), the
 * totals, and the views. Writes the {@code VIEW}, {@code READY} and {@code DONE} lines.
 *
 * <p>{@link #deliver} and {@link #viewChanged} run on the engine's delivery thread; {@link #expect}
 * on the command reader. A phase may be delivered before its command is read.
 */
final class DeliveryMeter implements RingListener {

  /** One phase as this node has delivered it so far. */
  private static final class Progress {
    final int id;
    Phase phase;
    long delivered;
    long bytes;
    long errors;
    long firstMicros;
    final Map<Integer, Integer> lastSeq = new HashMap<>();
    final Map<Integer, Integer> ended = new HashMap<>();
    boolean done;

    Progress(int id) {
      this.id = id;
    }
  }

  private final int me;
  private final List<Integer> allNodes;
  private final ProtocolOut out;
  private final Runnable onReady;
  private final Map<Integer, BenchMessages.Reassembly> reassembly = new HashMap<>();
  private final Map<Integer, Progress> phases = new HashMap<>();
  private Progress current;
  private volatile long delivered;
  private volatile long bytes;
  private volatile long errors;
  private volatile int views;
  private boolean ready;

  /**
   * @param me this node
   * @param allNodes every node of the nodelist: a view of all of them makes this node ready
   * @param out where lines go
   * @param onReady run once, on the delivery thread, when the first full view is installed
   */
  DeliveryMeter(int me, List<Integer> allNodes, ProtocolOut out, Runnable onReady) {
    this.me = me;
    this.allNodes = List.copyOf(allNodes);
    this.out = out;
    this.onReady = onReady;
  }

  @Override
  public void deliver(int sender, byte[] chunk) {
    BenchMessages.Message m;
    try {
      m = reassembly.computeIfAbsent(sender, s -> new BenchMessages.Reassembly()).accept(chunk);
    } catch (IllegalArgumentException e) {
      errors++;
      return;
    }
    if (m == null) {
      return;
    }
    synchronized (this) {
      Progress p = progress(m.phase());
      if (m.kind() == BenchMessages.DATA) {
        if (p.firstMicros == 0) {
          p.firstMicros = WallClock.micros();
        }
        p.delivered++;
        p.bytes += m.size();
        Integer last = p.lastSeq.put(sender, m.seq());
        if (m.seq() != (last == null ? 0 : last) + 1) {
          p.errors++;
        }
        delivered++;
        bytes += m.size();
      } else if (m.kind() == BenchMessages.END) {
        p.ended.put(sender, m.value());
        if (p.lastSeq.getOrDefault(sender, 0) != m.value()) {
          p.errors++;
        }
        maybeDone(p);
      }
    }
  }

  /** Registers a phase this node takes part in (as a sender or not). */
  synchronized void expect(Phase phase) {
    Progress p = progress(phase.id());
    p.phase = phase;
    maybeDone(p);
  }

  /** Blocks until phase {@code id} has been delivered here (or the thread is interrupted). */
  synchronized void awaitDone(int id) {
    try {
      while (!progress(id).done) {
        wait();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Progress progress(int id) {
    Progress p = current;
    if (p == null || p.id != id) {
      p = phases.computeIfAbsent(id, Progress::new);
      current = p;
    }
    return p;
  }

  private void maybeDone(Progress p) {
    if (p.done || p.phase == null || !p.ended.keySet().containsAll(p.phase.senders())) {
      return;
    }
    p.done = true;
    notifyAll();
    long sent = p.ended.values().stream().mapToLong(Integer::longValue).sum();
    out.line(
        "DONE "
            + p.id
            + " "
            + WallClock.format(WallClock.micros())
            + " delivered="
            + p.delivered
            + " bytes="
            + p.bytes
            + " sent="
            + sent
            + " first="
            + WallClock.format(p.firstMicros)
            + " errors="
            + p.errors);
  }

  @Override
  public void viewChanged(RingView view) {
    long now = WallClock.micros();
    views++;
    for (Integer gone : view.left()) {
      reassembly.remove(gone); // a message it had not finished will not be finished
    }
    out.line(
        "VIEW "
            + WallClock.format(now)
            + " "
            + view.ringId()
            + " "
            + view.members().stream().map(String::valueOf).collect(Collectors.joining(",")));
    if (!ready && view.members().containsAll(allNodes)) {
      ready = true;
      out.line("READY " + WallClock.format(now) + " node=" + me);
      onReady.run();
    }
  }

  /** Data messages delivered in all phases. */
  long delivered() {
    return delivered;
  }

  /** Bytes of those messages. */
  long bytes() {
    return bytes;
  }

  /** Chunks that did not fit the expected fragment sequence. */
  long errors() {
    return errors;
  }

  /** Views delivered. */
  int views() {
    return views;
  }
}
