package org.paceline.executor.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.executor.ExecutedOperation;
import org.paceline.executor.OperationListener;
import org.paceline.executor.RecurringOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recurring operation: queues a run at every slot of a fixed-rate grid (slot n = first slot + n ×
 * interval, so it does not drift), skips a slot while the previous run is still queued or running,
 * and reports results that differ from the last one reported. State is guarded by the executor's
 * lock.
 */
final class RecurringMonitor implements RecurringOperation, Job.Completion {

  private static final Logger LOG = LoggerFactory.getLogger(RecurringMonitor.class);

  private final NodeExecutor executor;
  private final ReentrantLock lock;
  private final AgentId agent;
  private final OperationRequest request;
  private final OperationListener listener;
  private final long periodNanos;
  private final CompletableFuture<ExecutedOperation> cancelled = new CompletableFuture<>();

  // guarded by lock
  private boolean active = true;
  private boolean finalSent;
  private long nextSlot;
  private ScheduledFuture<?> slotTask;
  private Job current;
  private ExecutedOperation last;
  private ExecutedOperation lastReported;
  private long skipped;

  RecurringMonitor(
      NodeExecutor executor, AgentId agent, OperationRequest request, OperationListener listener) {
    this.executor = executor;
    this.lock = executor.lock();
    this.agent = agent;
    this.request = request;
    this.listener = listener;
    this.periodNanos = request.interval().toNanos();
  }

  @Override
  public AgentId agent() {
    return agent;
  }

  @Override
  public OperationRequest request() {
    return request;
  }

  /** Queues the first run now and starts the grid (lock held). */
  void start() {
    nextSlot = System.nanoTime();
    slot();
  }

  private void onSlot() {
    lock.lock();
    try {
      if (active) {
        slot();
      }
    } finally {
      lock.unlock();
    }
  }

  /** One slot of the grid: queue a run unless one is pending, and schedule the next slot. */
  private void slot() {
    if (current == null) {
      current = executor.submitRun(this);
    } else {
      skipped++;
      LOG.debug(
          "node {}: {}: skipping a slot, the previous run ({}) is still {}",
          executor.nodeName(),
          key(),
          current.callId,
          current.state);
    }
    long now = System.nanoTime();
    long next = nextSlot + periodNanos;
    if (next - now <= 0) {
      long missed = (now - next) / periodNanos + 1;
      next += missed * periodNanos;
      skipped += missed;
    }
    nextSlot = next;
    slotTask = executor.schedule(this::onSlot, next - now);
  }

  @Override
  public void finished(Job job, ExecutedOperation result) {
    if (current == job) {
      current = null;
    }
    if (!active) {
      if (result.status() == ExecutionStatus.CANCELLED) {
        sendFinal(result);
      } else {
        sendFinal(
            new ExecutedOperation(
                result.callId(),
                agent,
                request,
                new OperationResult(
                    ExecutionStatus.CANCELLED,
                    OcfResultCode.ERR_GENERIC,
                    request.action() + " cancelled",
                    "",
                    result.result().started(),
                    result.result().runTime()),
                result.queued(),
                result.queueTime(),
                result.runTime()));
      }
      return;
    }
    last = result;
    if (lastReported == null || !result.sameOutcome(lastReported)) {
      lastReported = result;
      executor.post(() -> deliver(result));
    }
  }

  @Override
  public Optional<ExecutedOperation> lastResult() {
    lock.lock();
    try {
      return Optional.ofNullable(last);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isActive() {
    lock.lock();
    try {
      return active;
    } finally {
      lock.unlock();
    }
  }

  /** How many slots were skipped so far. */
  long skipped() {
    lock.lock();
    try {
      return skipped;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void reportNow() {
    lock.lock();
    try {
      if (active && last != null) {
        ExecutedOperation result = last;
        lastReported = result;
        executor.post(() -> deliver(result));
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CompletableFuture<ExecutedOperation> cancel() {
    lock.lock();
    try {
      if (active) {
        active = false;
        if (slotTask != null) {
          slotTask.cancel(false);
          slotTask = null;
        }
        executor.forget(this);
        LOG.debug("node {}: recurring {} cancelled", executor.nodeName(), key());
        if (current == null) {
          sendFinal(executor.cancelledRun(this, request.action() + " cancelled"));
        } else if (current.state == Job.State.QUEUED) {
          executor.drop(current, request.action() + " cancelled before it ran");
        }
        // a running run sends the final result when it finishes
      }
      return cancelled;
    } finally {
      lock.unlock();
    }
  }

  private void sendFinal(ExecutedOperation result) {
    if (finalSent) {
      return;
    }
    finalSent = true;
    executor.post(
        () -> {
          deliver(result);
          cancelled.complete(result);
        });
  }

  private void deliver(ExecutedOperation result) {
    try {
      listener.onResult(result);
    } catch (RuntimeException e) {
      LOG.warn(
          "node {}: the listener of recurring {} failed on call {}",
          executor.nodeName(),
          key(),
          result.callId(),
          e);
    }
  }

  @Override
  public String toString() {
    return "recurring " + key() + " (" + agent + ", every " + formatInterval() + ")";
  }

  private String formatInterval() {
    return DurationText.format(Duration.ofNanos(periodNanos));
  }
}
