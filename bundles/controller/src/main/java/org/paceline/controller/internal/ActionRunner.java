package org.paceline.controller.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.paceline.api.fencing.FenceResult;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OperationRequest;
import org.paceline.cib.model.ExecStatus;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.model.ResourceHistory;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibService;
import org.paceline.executor.ExecutedOperation;
import org.paceline.executor.Executor;
import org.paceline.executor.RecurringOperation;
import org.paceline.fencer.FencerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node side of the controller: runs the actions the DC sends to this node through the executor
 * (fence devices through the fencer), records every result in the CIB status, counts failures, and
 * keeps this node's own resource history, which it reports after every view change.
 *
 * <p>Results that differ from what the DC expected are recorded with {@code countFailure}, which
 * raises the fail count in the same CIB change. A probe finding a resource running or stopped is
 * information, not a failure. Recurring monitors report their first result and every change.
 *
 * <p>Thread safety: {@link #run} may be called from any thread and never blocks; results arrive on
 * the executor's threads.
 */
final class ActionRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

  private final String node;
  private final Executor executor;
  private final CibService cib;
  private final Supplier<Optional<FencerService>> fencer;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final AtomicLong calls;

  /** resource → (operation key → last record), and each resource's agent. */
  private final Map<String, Map<String, OperationRecord>> history = new LinkedHashMap<>();

  private final Map<String, String> agents = new LinkedHashMap<>();

  /** Recurring executor monitors by operation key. */
  private final Map<String, RecurringOperation> recurring = new ConcurrentHashMap<>();

  /** Fence devices started here, and their recurring monitors by operation key. */
  private final Map<String, Boolean> devices = new ConcurrentHashMap<>();

  private final Map<String, ScheduledFuture<?>> deviceMonitors = new ConcurrentHashMap<>();
  private volatile boolean closed;

  ActionRunner(
      String node,
      Executor executor,
      CibService cib,
      Supplier<Optional<FencerService>> fencer,
      Clock clock,
      ScheduledExecutorService timer) {
    this.node = Objects.requireNonNull(node, "node");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.cib = Objects.requireNonNull(cib, "cib");
    this.fencer = Objects.requireNonNull(fencer, "fencer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timer = Objects.requireNonNull(timer, "timer");
    // Call ids order a node's results; starting from the clock keeps a restarted node's new
    // results after whatever an older incarnation left in the CIB.
    this.calls = new AtomicLong(clock.millis());
  }

  /** This node's resource history as its executor knows it: what it reports after a view change. */
  synchronized List<ResourceHistory> history() {
    List<ResourceHistory> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, OperationRecord>> e : history.entrySet()) {
      String agent = agents.get(e.getKey());
      out.add(
          new ResourceHistory(
              e.getKey(),
              List.copyOf(e.getValue().values()),
              agent == null ? null : AgentId.parse(agent)));
    }
    return out;
  }

  /** Per resource, the parameters and meta attributes of the last request that had them. */
  private final Map<String, ActionRequest> lastConfigured = new ConcurrentHashMap<>();

  /** Runs one action the DC sent for this node. */
  void run(ActionRequest sent) {
    if (closed) {
      return;
    }
    ActionRequest r = withKnownParameters(sent);
    AgentId agent;
    AgentAction action;
    try {
      agent = AgentId.parse(r.agent());
      action =
          AgentAction.fromOcfName(r.task())
              .orElseThrow(() -> new IllegalArgumentException("unknown task '" + r.task() + "'"));
    } catch (IllegalArgumentException e) {
      LOG.warn("{}: cannot run {}: {}", node, r.operationKey(), e.getMessage());
      record(r, 3, ExecStatus.INVALID, e.getMessage(), 0, 0, true);
      return;
    }
    if (action == AgentAction.VALIDATE_ALL) {
      prevalidate(agent, r);
      return;
    }
    LOG.info("{}: {} ({})", node, r.operationKey(), r.transitionKey());
    if (action == AgentAction.STOP
        || action == AgentAction.PROMOTE
        || action == AgentAction.DEMOTE) {
      // The role's monitors end with the role; the DC schedules the new role's monitors.
      cancelMonitors(r.resource());
    }
    if (action == AgentAction.START
        || action == AgentAction.STOP
        || action == AgentAction.PROMOTE
        || action == AgentAction.DEMOTE) {
      record(r, 193, ExecStatus.PENDING, "", 0, 0, false);
    }
    if ("stonith".equals(agent.standard())) {
      runDevice(r, action);
      return;
    }
    OperationRequest request =
        new OperationRequest(
            r.resource(),
            action,
            r.params(),
            r.meta(),
            Duration.ofMillis(r.timeoutMs()),
            Duration.ofMillis(r.intervalMs()));
    if (r.recurring()) {
      RecurringOperation old = recurring.remove(r.operationKey());
      if (old != null) {
        old.cancel();
      }
      // The first result may come before startRecurring returns (a fast agent): it belongs to
      // this operation as long as nothing replaced it.
      java.util.concurrent.atomic.AtomicReference<RecurringOperation> self =
          new java.util.concurrent.atomic.AtomicReference<>();
      RecurringOperation op =
          executor.startRecurring(agent, request, result -> onRecurringResult(r, self, result));
      self.set(op);
      recurring.put(r.operationKey(), op);
      return;
    }
    CompletableFuture<ExecutedOperation> f;
    try {
      f = executor.execute(agent, request);
    } catch (RuntimeException e) {
      record(r, 1, ExecStatus.ERROR, "executor refused: " + e.getMessage(), 0, 0, true);
      return;
    }
    f.whenComplete(
        (result, error) -> {
          if (error != null) {
            record(r, 1, ExecStatus.ERROR, "executor failed: " + error, 0, 0, true);
          } else {
            recordResult(r, result);
          }
        });
  }

  /**
   * An orphan's request with the parameters and meta attributes this node last ran the resource
   * with (as Pacemaker's executor keeps them); any other request as sent, remembered for that.
   */
  private ActionRequest withKnownParameters(ActionRequest r) {
    if (!r.meta().containsKey(ActionRequest.ORPHAN_META)) {
      if (!r.params().isEmpty() || !r.meta().isEmpty()) {
        lastConfigured.put(r.resource(), r);
      }
      return r;
    }
    ActionRequest known = lastConfigured.get(r.resource());
    return new ActionRequest(
        r.transitionKey(),
        r.node(),
        r.resource(),
        r.agent(),
        r.task(),
        r.intervalMs(),
        r.timeoutMs(),
        r.expectedRc(),
        known == null ? r.params() : known.params(),
        known == null ? Map.of() : known.meta());
  }

  /**
   * A validation the DC asks for ahead of a start (see the controller): run, not recorded; the
   * agent keeps a passed one for the start.
   */
  private void prevalidate(AgentId agent, ActionRequest r) {
    if ("stonith".equals(agent.standard())) {
      return;
    }
    try {
      executor
          .execute(
              agent,
              new OperationRequest(
                  r.resource(),
                  AgentAction.VALIDATE_ALL,
                  r.params(),
                  r.meta(),
                  Duration.ofMillis(r.timeoutMs()),
                  Duration.ZERO))
          .whenComplete(
              (result, error) ->
                  LOG.debug(
                      "{}: {} validated ahead of its start: {}",
                      node,
                      r.resource(),
                      error != null ? error.toString() : result.status() + " " + result.rc()));
    } catch (RuntimeException e) {
      LOG.debug("{}: {}: no validation ahead of its start: {}", node, r.resource(), e.toString());
    }
  }

  private void onRecurringResult(
      ActionRequest r,
      java.util.concurrent.atomic.AtomicReference<RecurringOperation> self,
      ExecutedOperation result) {
    if (closed || result.status() == ExecutionStatus.CANCELLED) {
      return;
    }
    RecurringOperation mine = self.get();
    if (mine != null) {
      RecurringOperation current = recurring.get(r.operationKey());
      if (current != mine || !mine.isActive()) {
        return; // cancelled or replaced
      }
    }
    recordResult(r, result);
  }

  private void recordResult(ActionRequest r, ExecutedOperation result) {
    ExecStatus status = statusOf(result.status());
    int rc = result.rc().code();
    if (status == ExecStatus.CANCELLED) {
      return;
    }
    record(
        r,
        rc,
        status,
        result.result().exitReason(),
        result.runTime().toMillis(),
        result.queueTime().toMillis(),
        isFailure(r, status, rc));
  }

  /** Whether a result counts against the resource (the CIB model's one rule). */
  static boolean isFailure(ActionRequest r, ExecStatus status, int rc) {
    return OperationRecord.countsAsFailure(r.task(), r.intervalMs(), status, rc, r.expectedRc());
  }

  private static ExecStatus statusOf(ExecutionStatus s) {
    return switch (s) {
      case DONE -> ExecStatus.DONE;
      case TIMEOUT -> ExecStatus.TIMEOUT;
      case CANCELLED -> ExecStatus.CANCELLED;
      case NOT_INSTALLED -> ExecStatus.NOT_INSTALLED;
      case ERROR -> ExecStatus.ERROR;
    };
  }

  // ------------------------------------------------------------------ fence devices

  private void runDevice(ActionRequest r, AgentAction action) {
    switch (action) {
      case START -> {
        devices.put(r.resource(), Boolean.TRUE);
        record(r, 0, ExecStatus.DONE, "", 0, 0, false);
      }
      case STOP -> {
        devices.remove(r.resource());
        record(r, 0, ExecStatus.DONE, "", 0, 0, false);
      }
      case MONITOR -> {
        if (r.probe()) {
          int rc = devices.containsKey(r.resource()) ? 0 : 7;
          record(r, rc, ExecStatus.DONE, "", 0, 0, false);
        } else {
          monitorDevice(r, true);
        }
      }
      default ->
          record(
              r,
              3,
              ExecStatus.NOT_SUPPORTED,
              "fence devices do not support " + r.task(),
              0,
              0,
              true);
    }
  }

  private void monitorDevice(ActionRequest r, boolean first) {
    ScheduledFuture<?> old = first ? deviceMonitors.remove(r.operationKey()) : null;
    if (old != null) {
      old.cancel(false);
    }
    Optional<FencerService> f = fencer.get();
    CompletableFuture<FenceResult> check =
        f.isEmpty()
            ? CompletableFuture.failedFuture(new IllegalStateException("no fencer on " + node))
            : f.get().monitor(r.resource(), cib.current().configuration());
    long started = clock.millis();
    check
        .orTimeout(r.timeoutMs(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (result, error) -> {
              if (closed || !devices.containsKey(r.resource())) {
                return;
              }
              int rc;
              String reason;
              if (error != null) {
                rc = 1;
                reason = String.valueOf(error.getMessage());
              } else if (result.outcome() == FenceResult.Outcome.SUCCESS
                  || result.outcome() == FenceResult.Outcome.TARGET_OFF) {
                rc = 0;
                reason = "";
              } else {
                rc = 1;
                reason = result.outcome() + ": " + result.message();
              }
              OperationRecord last = last(r);
              if (first || last == null || last.rc() != rc) {
                record(
                    r,
                    rc,
                    ExecStatus.DONE,
                    reason,
                    clock.millis() - started,
                    0,
                    isFailure(r, ExecStatus.DONE, rc));
              }
              ScheduledFuture<?> next =
                  timer.schedule(
                      () -> monitorDevice(r, false), r.intervalMs(), TimeUnit.MILLISECONDS);
              deviceMonitors.put(r.operationKey(), next);
            });
  }

  // ------------------------------------------------------------------ recording

  private synchronized OperationRecord last(ActionRequest r) {
    Map<String, OperationRecord> ops = history.get(r.resource());
    return ops == null ? null : ops.get(r.task() + "_" + r.intervalMs());
  }

  private void cancelMonitors(String resource) {
    String prefix = resource + "_monitor_";
    recurring
        .entrySet()
        .removeIf(
            e -> {
              if (e.getKey().startsWith(prefix)) {
                e.getValue().cancel();
                return true;
              }
              return false;
            });
    deviceMonitors
        .entrySet()
        .removeIf(
            e -> {
              if (e.getKey().startsWith(prefix)) {
                e.getValue().cancel(false);
                return true;
              }
              return false;
            });
  }

  private void record(
      ActionRequest r,
      int rc,
      ExecStatus status,
      String exitReason,
      long execMs,
      long queueMs,
      boolean countFailure) {
    long now = clock.instant().getEpochSecond();
    String key = r.operationKey();
    OperationRecord rec =
        new OperationRecord(
            r.task(),
            r.intervalMs(),
            rc,
            status,
            calls.incrementAndGet(),
            now,
            execMs,
            null,
            key.replace(':', '-'),
            key,
            r.transitionKey(),
            status.code() + ":" + rc + ";" + r.transitionKey(),
            null,
            exitReason == null || exitReason.isEmpty() ? null : exitReason,
            node,
            now,
            queueMs,
            Map.of());
    synchronized (this) {
      history
          .computeIfAbsent(r.resource(), k -> new LinkedHashMap<>())
          .put(r.task() + "_" + r.intervalMs(), rec);
      agents.put(r.resource(), r.agent());
    }
    if (countFailure) {
      LOG.warn(
          "{}: {} failed: rc={} status={} expected rc={}{}",
          node,
          key,
          rc,
          status,
          r.expectedRc(),
          rec.exitReason() == null ? "" : " (" + rec.exitReason() + ")");
    }
    cib.propose(
            new CibChange.RecordOperation(node, r.resource(), r.agent(), rec, countFailure), false)
        .whenComplete(
            (c, e) -> {
              if (e != null && !closed) {
                LOG.warn("{}: could not record {}: {}", node, key, e.getMessage());
              }
            });
  }

  @Override
  public void close() {
    closed = true;
    recurring.values().forEach(RecurringOperation::cancel);
    recurring.clear();
    deviceMonitors.values().forEach(f -> f.cancel(false));
    deviceMonitors.clear();
  }
}
