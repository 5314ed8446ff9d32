package org.paceline.fencer;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: the fencer's timeouts and fencing delays. Injected so tests can drive
 * time by hand; {@link #of(ScheduledExecutorService)} is the real one.
 */
@FunctionalInterface
public interface FencingTimer {

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  interface Scheduled {
    /** Cancels the task if it has not run; does nothing otherwise. */
    void cancel();
  }

  /**
   * Runs {@code task} once {@code delay} has passed. The task must not block: it runs on the
   * timer's thread.
   */
  Scheduled schedule(Duration delay, Runnable task);

  /** A timer on a scheduled executor (which its owner shuts down). */
  static FencingTimer of(ScheduledExecutorService scheduler) {
    return (delay, task) -> {
      ScheduledFuture<?> f =
          scheduler.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }
}
