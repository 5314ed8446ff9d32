package org.paceline.fencer;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a {@link Fencer} runs on: a bounded pool of named agent threads (requests beyond its
 * queue are refused, and the operation says so) and one named timer thread.
 */
public final class FencerThreads implements AutoCloseable {

  private final ThreadPoolExecutor agents;
  private final ScheduledThreadPoolExecutor timer;
  private final FencingTimer fencingTimer;

  /**
   * @param name prefix of the thread names, e.g. {@code fencer-n1}
   * @param agentThreads agent requests that may run at once, at least 1
   * @param queue agent requests that may wait, at least 1
   */
  public FencerThreads(String name, int agentThreads, int queue) {
    if (agentThreads < 1 || queue < 1) {
      throw new IllegalArgumentException(
          "the fencer needs at least one agent thread and queue slot");
    }
    agents =
        new ThreadPoolExecutor(
            agentThreads,
            agentThreads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            threads(name + "-agent"));
    agents.allowCoreThreadTimeOut(true);
    timer = new ScheduledThreadPoolExecutor(1, threads(name + "-timer"));
    timer.setRemoveOnCancelPolicy(true);
    fencingTimer = FencingTimer.of(timer);
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Runs planning and agent requests. */
  public Executor executor() {
    return agents;
  }

  /** Fires timeouts and delays. */
  public FencingTimer timer() {
    return fencingTimer;
  }

  /**
   * Interrupts running agent requests and stops both pools, waiting at most {@code wait} for them.
   *
   * @return whether every thread ended in time
   */
  public boolean close(Duration wait) throws InterruptedException {
    agents.shutdownNow();
    timer.shutdownNow();
    long deadline = System.nanoTime() + wait.toNanos();
    boolean a = agents.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS);
    long left = Math.max(0, deadline - System.nanoTime());
    return timer.awaitTermination(left, TimeUnit.NANOSECONDS) && a;
  }

  /** Closes, waiting at most 5 seconds. */
  @Override
  public void close() {
    try {
      close(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
