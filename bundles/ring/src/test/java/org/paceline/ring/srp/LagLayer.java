package org.paceline.ring.srp;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import org.paceline.ring.layer.Layer;

/**
 * Makes a node slow, as a starved CPU does: every packet reaches the protocol late, by a lag drawn
 * from [min, max], but in the order it arrived (a busy protocol thread reads its inbox late, never
 * out of order). Sits right below the engine. With no lag a packet passes straight through.
 */
final class LagLayer extends Layer {

  private record Late(long dueNanos, long order, int from, byte[] packet) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Late other = (Late) o;
      int c = Long.compare(dueNanos, other.dueNanos);
      return c != 0 ? c : Long.compare(order, other.order);
    }
  }

  private final DelayQueue<Late> queue = new DelayQueue<>();
  private final Random random;
  private final Thread thread;
  private volatile long minNanos;
  private volatile long maxNanos;
  private volatile boolean running = true;
  private long lastDue; // guarded by this
  private long order; // guarded by this

  LagLayer(int id, long seed) {
    this.random = new Random(seed);
    this.thread = new Thread(this::run, "ring-lag-" + id);
    thread.setDaemon(true);
    thread.start();
  }

  /** Every received packet from now on reaches the protocol this much later. */
  void lag(Duration min, Duration max) {
    minNanos = min.toNanos();
    maxNanos = max.toNanos();
  }

  @Override
  public void up(int from, byte[] packet) {
    long max = maxNanos;
    if (max == 0 && queue.isEmpty()) {
      above().up(from, packet);
      return;
    }
    synchronized (this) {
      long min = minNanos;
      long lag = max <= min ? min : min + (long) (random.nextDouble() * (max - min));
      long due = Math.max(lastDue, System.nanoTime() + lag);
      lastDue = due;
      queue.add(new Late(due, order++, from, packet));
    }
  }

  private void run() {
    while (running) {
      try {
        Late l = queue.poll(100, TimeUnit.MILLISECONDS);
        if (l != null) {
          above().up(l.from(), l.packet());
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    queue.clear();
  }
}
