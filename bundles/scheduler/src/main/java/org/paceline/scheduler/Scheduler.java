package org.paceline.scheduler;

import java.time.Instant;
import java.util.Objects;
import org.paceline.scheduler.internal.Engine;

/**
 * The scheduler: a pure function from a {@link SchedulerInput} and an explicit "now" to a {@link
 * Schedule}. It reads no clock, starts no thread and does no I/O; the same input always gives the
 * same schedule.
 *
 * <p>It runs Pacemaker's phases in order: unpack (nodes, resources, their state from the operation
 * history), constraints, assign (placement by scores: locations, stickiness, colocations, groups,
 * clones, promotion), actions (probes, stops, starts, promotions, demotions, monitors), fencing,
 * orderings (with the propagation of required and unrunnable actions), and the graph.
 */
public final class Scheduler {

  private Scheduler() {}

  /**
   * Schedules {@code input} at time {@code now} (used for rules with dates and for failure
   * timeouts).
   *
   * @throws IllegalArgumentException if the input cannot be scheduled at all (the message says
   *     why); problems the scheduler can work around are reported in {@link Schedule#warnings()}
   */
  public static Schedule schedule(SchedulerInput input, Instant now) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(now, "now");
    return Engine.scheduleAll(input.configuration(), input.status(), input.quorate(), now);
  }
}
