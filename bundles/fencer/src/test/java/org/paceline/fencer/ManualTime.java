package org.paceline.fencer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A clock and timer that move only when the test says so; due tasks run on the test's thread. */
final class ManualTime extends Clock implements FencingTimer {

  private record Task(Instant due, long seq, Runnable run, AtomicBoolean cancelled) {}

  private Instant now;
  private long seq;
  private final List<Task> tasks = new ArrayList<>();

  ManualTime(Instant start) {
    this.now = start;
  }

  ManualTime() {
    this(Instant.parse("2024-05-01T10:00:00Z"));
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public synchronized Scheduled schedule(Duration delay, Runnable task) {
    Task t = new Task(now.plus(delay), seq++, task, new AtomicBoolean());
    tasks.add(t);
    return () -> t.cancelled().set(true);
  }

  /** Tasks scheduled and neither run nor cancelled. */
  synchronized int pending() {
    tasks.removeIf(t -> t.cancelled().get());
    return tasks.size();
  }

  /** When the next pending task is due, or null. */
  synchronized Instant nextDue() {
    tasks.removeIf(t -> t.cancelled().get());
    return tasks.stream().map(Task::due).min(Comparator.naturalOrder()).orElse(null);
  }

  /** Moves time forward by {@code d}, running every task that falls due, in order. */
  void advance(Duration d) {
    Instant target;
    synchronized (this) {
      target = now.plus(d);
    }
    while (true) {
      Task next;
      synchronized (this) {
        tasks.removeIf(t -> t.cancelled().get());
        next =
            tasks.stream()
                .filter(t -> !t.due().isAfter(target))
                .min(Comparator.comparing(Task::due).thenComparingLong(Task::seq))
                .orElse(null);
        if (next == null) {
          now = target;
          return;
        }
        tasks.remove(next);
        if (next.due().isAfter(now)) {
          now = next.due();
        }
      }
      if (!next.cancelled().get()) {
        next.run().run();
      }
    }
  }
}
