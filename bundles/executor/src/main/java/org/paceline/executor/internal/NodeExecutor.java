package org.paceline.executor.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.executor.AgentDirectory;
import org.paceline.executor.ExecutedOperation;
import org.paceline.executor.Executor;
import org.paceline.executor.ExecutorStatus;
import org.paceline.executor.OperationKey;
import org.paceline.executor.OperationListener;
import org.paceline.executor.PendingOperation;
import org.paceline.executor.RecurringOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Executor}: one FIFO queue per resource, a node-wide limit of operations running at
 * once, a timer thread for timeouts and recurring slots, and one notification thread that completes
 * futures and calls listeners, so that callers' code never runs on an agent's thread.
 *
 * <p>All queue state is guarded by one lock; agents are called without it.
 */
public final class NodeExecutor implements Executor, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeExecutor.class);

  private static final long KEEP_ALIVE_SECONDS = 30;

  private static final Comparator<OperationKey> KEY_ORDER =
      Comparator.comparing(OperationKey::resourceId)
          .thenComparing(OperationKey::action)
          .thenComparing(OperationKey::interval);

  /** The operations of one resource: at most one running, the rest waiting in order. */
  private static final class ResourceQueue {
    final String resourceId;
    final ArrayDeque<Job> pending = new ArrayDeque<>();
    Job running;
    boolean ready;

    ResourceQueue(String resourceId) {
      this.resourceId = resourceId;
    }
  }

  private final AgentDirectory agents;
  private final NamedThreadFactory workerThreads;
  private final NamedThreadFactory timerThreads;
  private final NamedThreadFactory notifyThreads;
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor timer;
  private final ThreadPoolExecutor notifier;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  // written under lock
  private volatile ExecutorSettings settings;

  // guarded by lock
  private long lastCallId;
  private final Map<String, ResourceQueue> queues = new HashMap<>();
  private final ArrayDeque<ResourceQueue> ready = new ArrayDeque<>();
  private final Set<Job> running = new LinkedHashSet<>();
  private final Map<OperationKey, RecurringMonitor> recurring = new HashMap<>();
  private int abandoned;
  private boolean closed;
  private boolean interruptingAll;

  /** An executor that runs the agents {@code agents} finds, as {@code settings} say. */
  public NodeExecutor(ExecutorSettings settings, AgentDirectory agents) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.agents = Objects.requireNonNull(agents, "agents");
    String name = settings.name();
    workerThreads = new NamedThreadFactory(name + "-worker");
    timerThreads = new NamedThreadFactory(name + "-timer");
    notifyThreads = new NamedThreadFactory(name + "-notify");
    int limit = settings.actionLimit();
    workers =
        new ThreadPoolExecutor(
            limit,
            maxThreads(limit),
            KEEP_ALIVE_SECONDS,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            workerThreads);
    workers.allowCoreThreadTimeOut(true);
    timer = new ScheduledThreadPoolExecutor(1, timerThreads);
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    notifier =
        new ThreadPoolExecutor(
            1, 1, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), notifyThreads);
    notifier.allowCoreThreadTimeOut(true);
    LOG.info(
        "node {}: executor ready: at most {} operations at once, timeout grace {}",
        settings.nodeName(),
        limit,
        DurationText.format(settings.timeoutGrace()));
  }

  /**
   * Threads the worker pool may hold: the running operations, threads on their way back to the
   * pool, and agents that were given up on but still hold theirs.
   */
  private static int maxThreads(int limit) {
    return 4 * limit + 4;
  }

  /** The settings in force. */
  public ExecutorSettings settings() {
    return settings;
  }

  /**
   * Changes the action limit and timeout grace of a running executor (the thread name, node name
   * and state directory stay as they are).
   */
  public void reconfigure(int actionLimit, Duration timeoutGrace, Duration closeTimeout) {
    lock.lock();
    try {
      ExecutorSettings old = settings;
      ExecutorSettings s =
          old.withActionLimit(actionLimit)
              .withTimeoutGrace(timeoutGrace)
              .withCloseTimeout(closeTimeout);
      settings = s;
      if (actionLimit > old.actionLimit()) {
        workers.setMaximumPoolSize(maxThreads(actionLimit));
        workers.setCorePoolSize(actionLimit);
      } else {
        workers.setCorePoolSize(actionLimit);
        workers.setMaximumPoolSize(maxThreads(actionLimit));
      }
      LOG.info(
          "node {}: executor reconfigured: at most {} operations at once, timeout grace {}",
          s.nodeName(),
          actionLimit,
          DurationText.format(timeoutGrace));
      pump();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- API

  @Override
  public CompletableFuture<ExecutedOperation> execute(AgentId agent, OperationRequest request) {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(request, "request");
    CompletableFuture<ExecutedOperation> future = new CompletableFuture<>();
    Job.Completion completion =
        new Job.Completion() {
          @Override
          public void finished(Job job, ExecutedOperation result) {
            post(() -> future.complete(result));
          }

          @Override
          public boolean withdrawn() {
            return future.isDone();
          }
        };
    lock.lock();
    try {
      Job job = new Job(++lastCallId, agent, request, completion, null);
      if (closed) {
        finish(
            job,
            Outcomes.cancelled(job, "the executor is shut down"),
            Duration.ZERO,
            Job.State.FINISHED);
      } else {
        enqueue(job);
      }
    } finally {
      lock.unlock();
    }
    return future;
  }

  @Override
  public RecurringOperation startRecurring(
      AgentId agent, OperationRequest request, OperationListener listener) {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    OperationKey key = OperationKey.of(request);
    if (request.interval().isZero()) {
      throw new IllegalArgumentException(
          "a recurring operation needs an interval greater than zero: " + key);
    }
    lock.lock();
    try {
      RecurringMonitor monitor = new RecurringMonitor(this, agent, request, listener);
      if (closed) {
        monitor.cancel();
        return monitor;
      }
      RecurringMonitor old = recurring.put(key, monitor);
      if (old != null) {
        LOG.info("node {}: recurring {} replaced", settings.nodeName(), key);
        old.cancel();
      }
      monitor.start();
      LOG.debug("node {}: recurring {} started ({})", settings.nodeName(), key, agent);
      return monitor;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int cancel(String resourceId, AgentAction action, Duration interval) {
    OperationKey key = new OperationKey(resourceId, action, interval);
    lock.lock();
    try {
      int n = 0;
      RecurringMonitor monitor = recurring.get(key);
      if (monitor != null) {
        monitor.cancel();
        n++;
      }
      ResourceQueue q = queues.get(resourceId);
      if (q != null) {
        for (Job job : List.copyOf(q.pending)) {
          if (job.monitor == null
              && OperationKey.of(job.request).equals(key)
              && drop(job, job.request.action() + " cancelled before it ran")) {
            n++;
          }
        }
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int cancelAll(String resourceId) {
    Objects.requireNonNull(resourceId, "resourceId");
    lock.lock();
    try {
      int n = 0;
      for (RecurringMonitor monitor : List.copyOf(recurring.values())) {
        if (monitor.request().resourceId().equals(resourceId)) {
          monitor.cancel();
          n++;
        }
      }
      ResourceQueue q = queues.get(resourceId);
      if (q != null) {
        for (Job job : List.copyOf(q.pending)) {
          if (job.monitor == null && drop(job, job.request.action() + " cancelled before it ran")) {
            n++;
          }
        }
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<RecurringOperation> recurring() {
    lock.lock();
    try {
      List<RecurringOperation> list = new ArrayList<>(recurring.values());
      list.sort(Comparator.comparing(RecurringOperation::key, KEY_ORDER));
      return List.copyOf(list);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ExecutorStatus status() {
    lock.lock();
    try {
      Comparator<PendingOperation> byCall = Comparator.comparingLong(PendingOperation::callId);
      List<PendingOperation> run = running.stream().map(Job::pending).sorted(byCall).toList();
      List<PendingOperation> waiting =
          queues.values().stream()
              .flatMap(q -> q.pending.stream())
              .map(Job::pending)
              .sorted(byCall)
              .toList();
      return new ExecutorStatus(settings.actionLimit(), run, waiting, recurring.size(), abandoned);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public AgentDirectory agents() {
    return agents;
  }

  // ---------------------------------------------------------------- queueing (lock held)

  private void enqueue(Job job) {
    ResourceQueue q = queues.computeIfAbsent(job.request.resourceId(), ResourceQueue::new);
    q.pending.add(job);
    markReady(q);
    pump();
  }

  private void markReady(ResourceQueue q) {
    if (q.running == null && !q.ready && !q.pending.isEmpty()) {
      q.ready = true;
      ready.add(q);
    }
  }

  private void forgetIfIdle(ResourceQueue q) {
    if (q.running == null && q.pending.isEmpty()) {
      if (q.ready) {
        ready.remove(q);
        q.ready = false;
      }
      queues.remove(q.resourceId, q);
    }
  }

  /** Starts queued operations while there are free slots, resources in turn. */
  private void pump() {
    while (running.size() < settings.actionLimit() && !ready.isEmpty()) {
      ResourceQueue q = ready.poll();
      q.ready = false;
      Job job = q.pending.poll();
      if (job == null) {
        forgetIfIdle(q);
        continue;
      }
      if (job.completion.withdrawn()) {
        job.state = Job.State.FINISHED;
        markReady(q);
        forgetIfIdle(q);
        continue;
      }
      job.markStarted();
      q.running = job;
      running.add(job);
      try {
        workers.execute(() -> call(job));
      } catch (RejectedExecutionException e) {
        OperationResult result =
            closed
                ? Outcomes.cancelled(job, "the executor is shut down")
                : Outcomes.error(
                    job,
                    "no executor thread is free ("
                        + abandoned
                        + " agent calls did not return after their timeout)");
        LOG.error("node {}: cannot run {}: {}", settings.nodeName(), job.describe(), e.toString());
        finish(job, result, Duration.ZERO, Job.State.FINISHED);
      }
    }
  }

  /**
   * Ends a job: frees its resource's queue and slot and hands the result on. Does not start
   * anything; callers {@link #pump()} after.
   */
  private void finish(Job job, OperationResult result, Duration runTime, Job.State end) {
    cancelTimers(job);
    boolean wasRunning = job.state == Job.State.RUNNING;
    job.state = end;
    if (wasRunning) {
      running.remove(job);
      ResourceQueue q = queues.get(job.request.resourceId());
      if (q != null && q.running == job) {
        q.running = null;
        markReady(q);
        forgetIfIdle(q);
      }
    }
    ExecutedOperation op =
        new ExecutedOperation(
            job.callId, job.agent, job.request, result, job.queued, job.queueTime(), runTime);
    LOG.debug(
        "node {}: {} -> {} {} {}",
        settings.nodeName(),
        job.describe(),
        result.status(),
        result.rc(),
        result.exitReason());
    try {
      job.completion.finished(job, op);
    } catch (RuntimeException e) {
      LOG.error("node {}: handing on the result of {} failed", settings.nodeName(), job, e);
    }
    changed.signalAll();
  }

  private static void cancelTimers(Job job) {
    if (job.deadlineTask != null) {
      job.deadlineTask.cancel(false);
      job.deadlineTask = null;
    }
    if (job.graceTask != null) {
      job.graceTask.cancel(false);
      job.graceTask = null;
    }
  }

  /** Drops a queued job with a CANCELLED result; false if it is no longer queued. */
  boolean drop(Job job, String reason) {
    if (job.state != Job.State.QUEUED) {
      return false;
    }
    ResourceQueue q = queues.get(job.request.resourceId());
    if (q != null) {
      q.pending.remove(job);
      forgetIfIdle(q);
    }
    finish(job, Outcomes.cancelled(job, reason), Duration.ZERO, Job.State.FINISHED);
    return true;
  }

  // ---------------------------------------------------------------- running (no lock held)

  /** Calls the agent on a worker thread. */
  private void call(Job job) {
    ExecutorSettings s = settings;
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    Optional<ResourceAgent> found;
    try {
      found = agents.find(job.agent);
    } catch (RuntimeException e) {
      LOG.error("node {}: looking up agent {} failed", s.nodeName(), job.agent, e);
      complete(job, Outcomes.error(job, "cannot look up agent " + job.agent + ": " + e), t0);
      return;
    }
    if (found.isEmpty()) {
      complete(job, Outcomes.notInstalled(job.agent, s.nodeName(), start), t0);
      return;
    }
    ResourceAgent agent = found.get();
    Duration timeout = job.request.timeout();
    OperationContext context =
        new OperationContext(s.nodeName(), s.stateDir(), start.plus(timeout));
    job.attach(Thread.currentThread());
    lock.lock();
    try {
      if (job.state == Job.State.RUNNING) {
        job.deadlineTask = schedule(() -> onDeadline(job), timeout.toNanos());
      }
      if (interruptingAll) {
        job.interrupt(Job.Interrupt.SHUTDOWN);
      }
    } finally {
      lock.unlock();
    }
    OperationResult answer = null;
    Throwable failure = null;
    boolean interrupted = false;
    try {
      answer = agent.execute(job.request, context);
    } catch (InterruptedException e) {
      interrupted = true;
    } catch (Exception | Error e) {
      failure = e;
    }
    Job.Interrupt why = job.detach();
    Duration ran = Duration.ofNanos(System.nanoTime() - t0);
    Outcomes.Call outcome = new Outcomes.Call(answer, failure, interrupted, why, start, ran);
    complete(job, Outcomes.judge(s.nodeName(), job, outcome), t0);
  }

  /** Takes an agent's answer on the worker thread. */
  private void complete(Job job, OperationResult result, long t0) {
    Duration ran = Duration.ofNanos(System.nanoTime() - t0);
    lock.lock();
    try {
      if (job.state == Job.State.ABANDONED) {
        abandoned--;
        LOG.warn(
            "node {}: {} returned after {}, after it was given up on; its result {} {} is"
                + " ignored",
            settings.nodeName(),
            job.describe(),
            DurationText.format(ran),
            result.status(),
            result.rc());
        return;
      }
      if (job.state != Job.State.RUNNING) {
        return;
      }
      finish(job, result, ran, Job.State.FINISHED);
      pump();
    } finally {
      lock.unlock();
    }
  }

  /** At the timeout: interrupt the agent, and give it the grace period to return. */
  private void onDeadline(Job job) {
    lock.lock();
    try {
      if (job.state != Job.State.RUNNING) {
        return;
      }
      job.deadlineTask = null;
    } finally {
      lock.unlock();
    }
    if (job.interrupt(Job.Interrupt.TIMEOUT)) {
      LOG.info(
          "node {}: {} reached its timeout of {}; interrupting the agent",
          settings.nodeName(),
          job.describe(),
          DurationText.format(job.request.timeout()));
    }
    lock.lock();
    try {
      if (job.state == Job.State.RUNNING) {
        job.graceTask = schedule(() -> onGrace(job), settings.timeoutGrace().toNanos());
      }
    } finally {
      lock.unlock();
    }
  }

  /** The agent ignored the interrupt: report the timeout and free the resource's queue. */
  private void onGrace(Job job) {
    lock.lock();
    try {
      if (job.state != Job.State.RUNNING) {
        return;
      }
      job.graceTask = null;
      abandoned++;
      Thread t = job.thread();
      LOG.warn(
          "node {}: {} timed out after {} and its agent did not return within {} of being"
              + " interrupted; reporting the timeout and leaving thread {} to the agent",
          settings.nodeName(),
          job.describe(),
          DurationText.format(job.request.timeout()),
          DurationText.format(settings.timeoutGrace()),
          t == null ? "?" : t.getName());
      Duration ran = Duration.ofNanos(System.nanoTime() - job.startedNanos);
      finish(job, Outcomes.timeout(job, "", job.started, ran), ran, Job.State.ABANDONED);
      pump();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- for RecurringMonitor

  ReentrantLock lock() {
    return lock;
  }

  /** Queues one run of {@code monitor} (lock held). */
  Job submitRun(RecurringMonitor monitor) {
    Job job = new Job(++lastCallId, monitor.agent(), monitor.request(), monitor, monitor);
    enqueue(job);
    return job;
  }

  /** A CANCELLED result for a recurring operation that has no run to attach it to (lock held). */
  ExecutedOperation cancelledRun(RecurringMonitor monitor, String reason) {
    Job job = new Job(++lastCallId, monitor.agent(), monitor.request(), monitor, monitor);
    return new ExecutedOperation(
        job.callId,
        job.agent,
        job.request,
        Outcomes.cancelled(job, reason),
        job.queued,
        Duration.ZERO,
        Duration.ZERO);
  }

  /** Forgets a cancelled recurring operation (lock held). */
  void forget(RecurringMonitor monitor) {
    recurring.remove(monitor.key(), monitor);
  }

  String nodeName() {
    return settings.nodeName();
  }

  /** Runs {@code task} on the timer thread after {@code delayNanos}; null once shut down. */
  ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    try {
      return timer.schedule(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.error("node {}: executor timer task failed", settings.nodeName(), e);
            }
          },
          delayNanos,
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  /** Runs {@code task} on the notification thread (or here, once that is shut down). */
  void post(Runnable task) {
    Runnable safe =
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.warn("node {}: an executor listener failed", settings.nodeName(), e);
          }
        };
    try {
      notifier.execute(safe);
    } catch (RejectedExecutionException e) {
      safe.run();
    }
  }

  // ---------------------------------------------------------------- close

  /**
   * Cancels every recurring operation and drops queued operations (both CANCELLED), waits up to the
   * close timeout for running ones, then interrupts them and waits up to the timeout grace, and
   * shuts the threads down. Agents that still have not returned are left to themselves (and
   * logged). Safe to call more than once.
   */
  @Override
  public void close() {
    List<RecurringMonitor> monitors;
    ExecutorSettings s = settings;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      monitors = List.copyOf(recurring.values());
      LOG.info(
          "node {}: executor closing: {} recurring, {} running, {} queued operations",
          s.nodeName(),
          monitors.size(),
          running.size(),
          queues.values().stream().mapToInt(q -> q.pending.size()).sum());
    } finally {
      lock.unlock();
    }
    monitors.forEach(RecurringMonitor::cancel);
    boolean interrupted = false;
    lock.lock();
    try {
      for (ResourceQueue q : List.copyOf(queues.values())) {
        for (Job job : List.copyOf(q.pending)) {
          drop(job, "the executor is shutting down");
        }
      }
      interrupted = awaitIdle(s.closeTimeout());
      if (!running.isEmpty()) {
        LOG.warn(
            "node {}: interrupting {} operations still running after {}",
            s.nodeName(),
            running.size(),
            DurationText.format(s.closeTimeout()));
        interruptingAll = true;
        for (Job job : running) {
          job.interrupt(Job.Interrupt.SHUTDOWN);
        }
        interrupted |= awaitIdle(s.timeoutGrace());
      }
      for (Job job : List.copyOf(running)) {
        abandoned++;
        LOG.warn("node {}: giving up on {} at shutdown", s.nodeName(), job.describe());
        finish(
            job,
            Outcomes.cancelled(job, job.request.action() + " abandoned: the executor shut down"),
            Duration.ofNanos(System.nanoTime() - job.startedNanos),
            Job.State.ABANDONED);
      }
    } finally {
      lock.unlock();
    }
    timer.shutdownNow();
    workers.shutdown();
    notifier.shutdown();
    long deadline = System.nanoTime() + s.timeoutGrace().toNanos();
    interrupted |= awaitTermination(notifier, deadline);
    interrupted |= awaitTermination(workers, deadline);
    interrupted |= awaitTermination(timer, deadline);
    workers.shutdownNow();
    interrupted |= joinThreads(deadline);
    List<String> left =
        threads().stream().filter(t -> t != Thread.currentThread()).map(Thread::getName).toList();
    if (left.isEmpty()) {
      LOG.info("node {}: executor closed", s.nodeName());
    } else {
      LOG.warn("node {}: executor closed; threads still held by agents: {}", s.nodeName(), left);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits (lock held) until nothing runs or {@code max} has passed; true if interrupted. */
  private boolean awaitIdle(Duration max) {
    long remaining = max.toNanos();
    while (!running.isEmpty() && remaining > 0) {
      try {
        remaining = changed.awaitNanos(remaining);
      } catch (InterruptedException e) {
        return true;
      }
    }
    return false;
  }

  private static boolean awaitTermination(
      java.util.concurrent.ExecutorService pool, long deadline) {
    try {
      pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return false;
    } catch (InterruptedException e) {
      return true;
    }
  }

  private boolean joinThreads(long deadline) {
    for (Thread t : threads()) {
      if (t == Thread.currentThread()) {
        continue;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        return true;
      }
    }
    return false;
  }

  /** The executor's threads that are still alive. */
  List<Thread> threads() {
    List<Thread> all = new ArrayList<>(workerThreads.alive());
    all.addAll(timerThreads.alive());
    all.addAll(notifyThreads.alive());
    return all;
  }
}
