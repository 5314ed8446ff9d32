package org.paceline.admin.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long polls of {@code GET /events?wait=...}: every waiting request is a future, and one thread
 * ({@value #THREAD_NAME}) waits on the event log for all of them, so followers hold no HTTP worker
 * thread while they wait. Bounded: at most {@code maxWaiters} at once.
 */
final class EventWaits implements AutoCloseable {

  static final String THREAD_NAME = "paceline-admin-events";

  /** The longest one wait on the event log, so a new, earlier waiter is seen soon. */
  private static final Duration SLICE = Duration.ofMillis(250);

  private static final Logger LOG = LoggerFactory.getLogger(EventWaits.class);

  /** Too many followers at once. */
  static final class Full extends Exception {
    private static final long serialVersionUID = 1L;

    Full(String message) {
      super(message);
    }
  }

  private record Waiter(long afterSeq, long deadlineNanos, CompletableFuture<Boolean> done) {}

  private final Supplier<Optional<EventFeed>> feed;
  private final int maxWaiters;
  private final String nodeName;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Waiter> waiters = new ArrayList<>();
  private Thread thread;
  private boolean closed;

  EventWaits(String nodeName, Supplier<Optional<EventFeed>> feed, int maxWaiters) {
    this.nodeName = nodeName;
    this.feed = feed;
    this.maxWaiters = maxWaiters;
  }

  /**
   * A future that completes with true once the log holds an event newer than {@code afterSeq}, or
   * with false after {@code timeout} (or when the log goes away or this closes).
   *
   * @throws Full if {@code maxWaiters} requests wait already
   */
  CompletableFuture<Boolean> awaitAfter(long afterSeq, Duration timeout) throws Full {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    lock.lock();
    try {
      if (closed) {
        done.complete(false);
        return done;
      }
      if (waiters.size() >= maxWaiters) {
        throw new Full(
            maxWaiters + " requests already follow the event log of node " + nodeName + "; retry");
      }
      waiters.add(new Waiter(afterSeq, System.nanoTime() + timeout.toNanos(), done));
      if (thread == null) {
        thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return done;
  }

  /** How many requests wait now. */
  int waiting() {
    lock.lock();
    try {
      return waiters.size();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    try {
      while (true) {
        long minSeq;
        long untilNanos;
        lock.lock();
        try {
          while (waiters.isEmpty() && !closed) {
            changed.await(1, TimeUnit.SECONDS);
          }
          if (closed) {
            return;
          }
          minSeq = Long.MAX_VALUE;
          untilNanos = Long.MAX_VALUE;
          for (Waiter w : waiters) {
            minSeq = Math.min(minSeq, w.afterSeq());
            untilNanos = Math.min(untilNanos, w.deadlineNanos());
          }
        } finally {
          lock.unlock();
        }
        Optional<EventFeed> log = feed.get();
        long last = 0;
        boolean ok = log.isPresent();
        try {
          if (ok) {
            long wait = Math.max(0, Math.min(SLICE.toNanos(), untilNanos - System.nanoTime()));
            if (log.get().lastSeq() <= minSeq && wait > 0) {
              log.get().awaitAfter(minSeq, Duration.ofNanos(wait));
            }
            last = log.get().lastSeq();
          }
        } catch (RuntimeException e) {
          LOG.warn("node {}: waiting on the event log failed: {}", nodeName, e.toString());
          ok = false;
        }
        settle(ok, last);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.lock();
      try {
        closed = true;
        waiters.forEach(w -> w.done().complete(false));
        waiters.clear();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Completes the waiters the log's {@code last} seq satisfies and those whose time is up. */
  private void settle(boolean logThere, long last) {
    List<Waiter> ready = new ArrayList<>();
    long now = System.nanoTime();
    lock.lock();
    try {
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (!logThere || last > w.afterSeq() || now - w.deadlineNanos() >= 0) {
          ready.add(w);
          it.remove();
        }
      }
    } finally {
      lock.unlock();
    }
    // complete outside the lock: completion runs the request's continuation
    for (Waiter w : ready) {
      w.done().complete(logThere && last > w.afterSeq());
    }
  }

  /** Answers every waiter (false) and stops the thread. */
  @Override
  public void close() {
    Thread t;
    lock.lock();
    try {
      closed = true;
      t = thread;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lock.lock();
    try {
      waiters.forEach(w -> w.done().complete(false));
      waiters.clear();
    } finally {
      lock.unlock();
    }
  }
}
