package org.paceline.executor.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.OperationRequest;
import org.paceline.executor.ExecutedOperation;
import org.paceline.executor.PendingOperation;

/**
 * One call of an agent as it moves through the executor: queued, running, finished. The state and
 * timer fields are guarded by the executor's lock; the running thread is guarded by this object's
 * monitor, so an interrupt can never reach a thread that has moved on to another job.
 */
final class Job {

  /** Where a job is. */
  enum State {
    QUEUED,
    RUNNING,
    FINISHED,
    ABANDONED
  }

  /** Why the executor interrupted the agent's thread. */
  enum Interrupt {
    TIMEOUT,
    SHUTDOWN
  }

  /** Who gets the job's result. */
  interface Completion {
    /** Takes the result; called with the executor's lock held, must not block. */
    void finished(Job job, ExecutedOperation result);

    /** Whether the caller no longer wants the result (then a queued job is not run). */
    default boolean withdrawn() {
      return false;
    }
  }

  final long callId;
  final AgentId agent;
  final OperationRequest request;
  final Instant queued;
  final long queuedNanos;
  final Completion completion;

  /** The recurring operation this job is a run of, or null for a one-time operation. */
  final RecurringMonitor monitor;

  // guarded by the executor's lock
  State state = State.QUEUED;
  Instant started;
  long startedNanos;
  ScheduledFuture<?> deadlineTask;
  ScheduledFuture<?> graceTask;

  // guarded by this
  private Thread thread;
  private Interrupt interrupt;

  Job(
      long callId,
      AgentId agent,
      OperationRequest request,
      Completion completion,
      RecurringMonitor monitor) {
    this.callId = callId;
    this.agent = agent;
    this.request = request;
    this.completion = completion;
    this.monitor = monitor;
    this.queued = Instant.now();
    this.queuedNanos = System.nanoTime();
  }

  /** Marks the job as running from now. */
  void markStarted() {
    state = State.RUNNING;
    started = Instant.now();
    startedNanos = System.nanoTime();
  }

  /** Records the thread that calls the agent, so it can be interrupted. */
  synchronized void attach(Thread t) {
    thread = t;
  }

  /**
   * Interrupts the agent's thread if it is still in the agent.
   *
   * @return whether a thread was interrupted
   */
  synchronized boolean interrupt(Interrupt why) {
    if (thread == null) {
      return false;
    }
    if (interrupt == null) {
      interrupt = why;
    }
    thread.interrupt();
    return true;
  }

  /**
   * Detaches the calling thread after the agent returned, clearing any interrupt the executor sent
   * it so that it cannot leak into the thread's next job.
   *
   * @return why the executor interrupted the agent, or null if it did not
   */
  synchronized Interrupt detach() {
    thread = null;
    Thread.interrupted();
    return interrupt;
  }

  /** The thread calling the agent, or null. */
  synchronized Thread thread() {
    return thread;
  }

  String describe() {
    return request.resourceId()
        + " "
        + request.action().ocfName()
        + (request.interval().isZero() ? "" : " every " + DurationText.format(request.interval()))
        + " (call "
        + callId
        + ", "
        + agent
        + ")";
  }

  @Override
  public String toString() {
    return describe();
  }

  PendingOperation pending() {
    return new PendingOperation(
        callId,
        agent,
        request,
        queued,
        Optional.ofNullable(state == State.QUEUED ? null : started));
  }

  Duration queueTime() {
    long end = started == null ? System.nanoTime() : startedNanos;
    return Duration.ofNanos(Math.max(0, end - queuedNanos));
  }
}
