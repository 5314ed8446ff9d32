package org.paceline.ra.script;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits that cleanup code must finish even when the thread is interrupted again; an interrupt
 * received meanwhile is re-asserted on the thread when the wait ends.
 */
final class Uninterruptibly {

  private Uninterruptibly() {}

  /** Waits until {@code p} exits or {@code endNanos} ({@link System#nanoTime()}) passes. */
  static void awaitExit(Process p, long endNanos) {
    boolean interrupted = false;
    try {
      while (true) {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          if (p.waitFor(left, TimeUnit.NANOSECONDS)) {
            return;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits until {@code t} ends or {@code endNanos} passes. */
  static void join(Thread t, long endNanos) {
    boolean interrupted = false;
    try {
      while (t.isAlive()) {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedJoin(t, left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Sleeps {@code nanos} unless {@code endNanos} comes first. */
  static void pause(long nanos, long endNanos) {
    long until = Math.min(System.nanoTime() + nanos, endNanos);
    boolean interrupted = false;
    long left;
    while ((left = until - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
