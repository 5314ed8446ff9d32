package org.paceline.ring.layer;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects network faults, for tests and for a running node: drop, duplicate, reorder and delay
 * packets on their way down, and cut links to chosen peers in both directions. Sits above the
 * crypto layer, so a duplicated packet is sealed twice and reaches the protocol twice (a copy made
 * below the crypto layer would only exercise its replay window).
 *
 * <p>Every setting can change at any time from any thread. With no fault set, a packet costs one
 * volatile read. Faults other than cuts apply to sent packets only, each destination drawn
 * separately, in this order: cut ({@code fault_cut}), drop ({@code fault_dropped}), duplicate
 * ({@code fault_duplicated}: one extra copy), reorder ({@code fault_reordered}: held back until the
 * next packet to the same destination has been sent, or at most the hold time), delay ({@code
 * fault_delayed}: each copy sent after a uniformly drawn delay). Received packets from a cut peer
 * are dropped as {@code fault_cut}. Delayed and held packets are sent from the daemon thread {@code
 * ring-fault-<nodeId>}, started on first need; {@link #close} stops it and discards them. While any
 * fault is set, each destination of a packet is passed down separately (so the crypto layer seals
 * it once per destination).
 *
 * <p>Random draws come from one seedable {@link Random}, so a single-threaded test is reproducible.
 */
public final class FaultLayer extends Layer {

  /** Delayed or held packets beyond this many are dropped as {@code fault_queue_full}. */
  public static final int MAX_PENDING = 100_000;

  private static final Logger LOG = LoggerFactory.getLogger(FaultLayer.class);

  /** The current faults; immutable, replaced as a whole. */
  private record Faults(
      double drop,
      double duplicate,
      double reorder,
      Duration hold,
      Duration minDelay,
      Duration maxDelay,
      Set<Integer> cut) {

    static final Faults NONE =
        new Faults(0, 0, 0, Duration.ofMillis(10), Duration.ZERO, Duration.ZERO, Set.of());

    Faults withCut(Set<Integer> newCut) {
      return new Faults(drop, duplicate, reorder, hold, minDelay, maxDelay, Set.copyOf(newCut));
    }

    boolean none() {
      return drop == 0 && duplicate == 0 && reorder == 0 && maxDelay.isZero() && cut.isEmpty();
    }
  }

  private final int localId;
  private final Counters counters;
  private final Random random;
  private final Object lock = new Object();
  private final Map<Integer, byte[]> held = new HashMap<>(); // held back, by destination
  private volatile Faults faults = Faults.NONE;
  private volatile boolean passThrough = true;
  private ScheduledThreadPoolExecutor scheduler;
  private boolean closed;

  /** A fault layer with an unpredictable seed. */
  public FaultLayer(int localId, Counters counters) {
    this(localId, counters, new Random().nextLong());
  }

  /**
   * @param localId this node's id (names the scheduler thread and log lines)
   * @param counters where injected faults are counted
   * @param seed the seed of the random draws
   */
  public FaultLayer(int localId, Counters counters, long seed) {
    this.localId = localId;
    this.counters = Objects.requireNonNull(counters, "counters");
    this.random = new Random(seed);
  }

  /** Drops each sent packet with probability {@code p} (0 to 1). */
  public FaultLayer drop(double p) {
    double q = probability(p);
    return update(
        f -> new Faults(q, f.duplicate, f.reorder, f.hold, f.minDelay, f.maxDelay, f.cut));
  }

  /** Sends each packet twice with probability {@code p}. */
  public FaultLayer duplicate(double p) {
    double q = probability(p);
    return update(f -> new Faults(f.drop, q, f.reorder, f.hold, f.minDelay, f.maxDelay, f.cut));
  }

  /**
   * Holds each packet back with probability {@code p} until the next packet to the same node has
   * gone, or for at most {@code maxHold}.
   */
  public FaultLayer reorder(double p, Duration maxHold) {
    double q = probability(p);
    if (maxHold.isNegative() || maxHold.isZero()) {
      throw new IllegalArgumentException("reorder hold must be positive: " + maxHold);
    }
    return update(f -> new Faults(f.drop, f.duplicate, q, maxHold, f.minDelay, f.maxDelay, f.cut));
  }

  /** Delays each sent packet by a uniform random duration in [min, max]; zero max: no delay. */
  public FaultLayer delay(Duration min, Duration max) {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("bad delay range " + min + ".." + max);
    }
    return update(f -> new Faults(f.drop, f.duplicate, f.reorder, f.hold, min, max, f.cut));
  }

  /** Cuts the links to {@code peers} in both directions (adds to the links already cut). */
  public FaultLayer cut(int... peers) {
    return update(
        f -> {
          Set<Integer> cut = new HashSet<>(f.cut);
          for (int p : peers) {
            cut.add(p);
          }
          return f.withCut(cut);
        });
  }

  /** Restores the links to {@code peers}; with no argument, all links. */
  public FaultLayer heal(int... peers) {
    return update(
        f -> {
          Set<Integer> cut = new HashSet<>(f.cut);
          if (peers.length == 0) {
            cut.clear();
          }
          for (int p : peers) {
            cut.remove(p);
          }
          return f.withCut(cut);
        });
  }

  /** Removes every fault: drop, duplicate, reorder, delay and cuts. Held packets still go out. */
  public FaultLayer reset() {
    return update(f -> Faults.NONE);
  }

  /** The peers whose links are cut. */
  public Set<Integer> cutPeers() {
    return faults.cut;
  }

  private FaultLayer update(UnaryOperator<Faults> change) {
    Faults f;
    synchronized (lock) {
      f = change.apply(faults);
      faults = f;
      passThrough = f.none() && held.isEmpty();
    }
    LOG.info("[node {}] ring faults now {}", localId, f);
    return this;
  }

  @Override
  public void down(int[] to, byte[] packet) {
    if (passThrough) {
      below().down(to, packet);
      return;
    }
    for (int dest : to) {
      downOne(dest, packet);
    }
  }

  /** One packet to one destination: decide under the lock, send outside it. */
  private void downOne(int dest, byte[] packet) {
    Faults f = faults;
    if (f.cut.contains(dest)) {
      counters.inc("fault_cut");
      return;
    }
    byte[][] out; // packets to send, in order
    long[] delays; // and their delays
    boolean hold = false;
    synchronized (lock) {
      if (f.drop > 0 && random.nextDouble() < f.drop) {
        counters.inc("fault_dropped");
        return;
      }
      boolean twice = f.duplicate > 0 && random.nextDouble() < f.duplicate;
      byte[] released = held.remove(dest);
      if (released == null && f.reorder > 0 && random.nextDouble() < f.reorder) {
        hold = true;
        held.put(dest, packet);
      }
      int n = (twice ? 2 : 1) + (released == null ? 0 : 1) - (hold ? 1 : 0);
      out = new byte[n][];
      delays = new long[n];
      for (int i = 0; i < n; i++) {
        out[i] = i < n - 1 || released == null ? packet : released;
        delays[i] = drawDelayNanos(f);
      }
      passThrough = f.none() && held.isEmpty();
      if (twice) {
        counters.inc("fault_duplicated");
      }
      if (hold) {
        counters.inc("fault_reordered");
      }
    }
    if (hold) {
      schedule(f.hold.toNanos(), () -> releaseHeld(dest, packet));
    }
    for (int i = 0; i < out.length; i++) {
      send(dest, out[i], delays[i]);
    }
  }

  /** Sends a held packet whose hold time ran out, unless a later packet released it already. */
  private void releaseHeld(int dest, byte[] packet) {
    synchronized (lock) {
      if (held.get(dest) != packet) {
        return;
      }
      held.remove(dest);
      passThrough = faults.none() && held.isEmpty();
    }
    below().down(new int[] {dest}, packet);
  }

  private void send(int dest, byte[] packet, long delayNanos) {
    if (delayNanos <= 0) {
      below().down(new int[] {dest}, packet);
      return;
    }
    counters.inc("fault_delayed");
    schedule(delayNanos, () -> below().down(new int[] {dest}, packet));
  }

  private long drawDelayNanos(Faults f) {
    if (f.maxDelay.isZero()) {
      return 0;
    }
    long min = f.minDelay.toNanos();
    long span = f.maxDelay.toNanos() - min;
    return span == 0 ? min : min + (long) (random.nextDouble() * (span + 1));
  }

  private void schedule(long delayNanos, Runnable task) {
    ScheduledThreadPoolExecutor s;
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (scheduler == null) {
        scheduler =
            new ScheduledThreadPoolExecutor(
                1,
                r -> {
                  Thread t = new Thread(r, "ring-fault-" + localId);
                  t.setDaemon(true);
                  return t;
                });
      }
      s = scheduler;
    }
    if (s.getQueue().size() >= MAX_PENDING) {
      counters.inc("fault_queue_full");
      return;
    }
    try {
      s.schedule(() -> runSafely(task), delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile: the packet is discarded like the other pending ones
    }
  }

  private void runSafely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      counters.inc("fault_error");
      LOG.error("[node {}] sending a delayed ring packet failed", localId, e);
    }
  }

  @Override
  public void up(int from, byte[] packet) {
    if (!passThrough && faults.cut.contains(from)) {
      counters.inc("fault_cut");
      return;
    }
    above().up(from, packet);
  }

  /** Stops the scheduler thread; delayed and held packets are discarded. */
  @Override
  public void close() {
    ScheduledThreadPoolExecutor s;
    synchronized (lock) {
      closed = true;
      s = scheduler;
      scheduler = null;
      held.clear();
    }
    if (s != null) {
      s.shutdownNow();
      try {
        if (!s.awaitTermination(1, TimeUnit.SECONDS)) {
          LOG.warn("[node {}] ring fault scheduler did not stop within 1 s", localId);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static double probability(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1]: " + p);
    }
    return p;
  }
}
