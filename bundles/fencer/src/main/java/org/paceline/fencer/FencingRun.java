package org.paceline.fencer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.fencer.FenceAttempt.Status;
import org.paceline.fencer.FencingPlan.Level;
import org.paceline.fencer.FencingPlan.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one fencing plan, one step at a time, without blocking a thread: each step continues
 * on the thread that ended the previous one (an agent thread or the timer's).
 *
 * <p>Per step: the device must be usable and able to fence the target (host check, once per device
 * and run); an {@code off} or {@code reboot} waits the device's delay first (once per device and
 * run: {@code pcmk_delay_base} plus a random part up to {@code pcmk_delay_max}); then the agent is
 * asked, and asked again after a failure up to {@code pcmk_<action>_retries} times, all within the
 * action's timeout ({@code pcmk_<action>_timeout}, else the fencing timeout), and within the
 * operation's deadline. A timed-out attempt is not retried (its timeout is spent).
 */
final class FencingRun {

  private static final Logger LOG = LoggerFactory.getLogger(FencingRun.class);

  private final String id;
  private final String localNode;
  private final FencingRequest request;
  private final FencingPlan plan;
  private final Devices devices;
  private final DeviceRegistry registry;
  private final FencingTimer timer;
  private final Clock clock;
  private final RandomGenerator random;
  private final Instant started;
  private final Instant deadline;
  private final Duration timeout;
  private final CompletableFuture<FencingOutcome> result = new CompletableFuture<>();
  private final List<FenceAttempt> attempts = new ArrayList<>();
  private final Map<String, HostCheckResult> checked = new HashMap<>();
  private final Set<String> delayed = new HashSet<>();
  private boolean finished;

  FencingRun(
      String id,
      String localNode,
      FencingRequest request,
      FencingPlan plan,
      Devices devices,
      DeviceRegistry registry,
      FencingTimer timer,
      Clock clock,
      RandomGenerator random,
      Instant started,
      Duration timeout) {
    this.id = id;
    this.localNode = localNode;
    this.request = request;
    this.plan = plan;
    this.devices = devices;
    this.registry = registry;
    this.timer = timer;
    this.clock = clock;
    this.random = random;
    this.started = started;
    this.timeout = timeout;
    this.deadline = started.plus(timeout);
  }

  /**
   * The operation's default timeout: 1.2 times the sum, over the plan's steps, of each device's
   * action timeout, its longest delay and the time its host check may take, plus the request's
   * delay.
   */
  static Duration defaultTimeout(FencingPlan plan, Devices devices, FencingRequest request) {
    Duration sum = request.delay();
    Set<String> seen = new HashSet<>();
    for (Level l : plan.levels()) {
      for (Step s : l.steps()) {
        Optional<FenceDevice> d = devices.device(s.deviceId());
        if (d.isEmpty()) {
          continue;
        }
        FenceDevice dev = d.get();
        sum = sum.plus(dev.timeout(s.action(), devices.fencingTimeout()));
        if (seen.add(dev.id())) {
          if (dev.settings() != null) {
            sum = sum.plus(dev.settings().longestDelay(plan.target()));
          }
          sum =
              sum.plus(
                  switch (dev.hostCheck()) {
                    case DYNAMIC_LIST ->
                        dev.timeout(FenceAction.LIST, devices.fencingTimeout())
                            .plus(dev.timeout(FenceAction.STATUS, devices.fencingTimeout()));
                    case STATUS -> dev.timeout(FenceAction.STATUS, devices.fencingTimeout());
                    default -> Duration.ZERO;
                  });
        }
      }
    }
    if (sum.isZero()) {
      sum = devices.fencingTimeout();
    }
    return Duration.ofMillis(Math.max(1, sum.toMillis() * 6 / 5));
  }

  CompletableFuture<FencingOutcome> result() {
    return result;
  }

  void start() {
    LOG.info(
        "node {}: fencing {} ({}, for {} on {}, timeout {}): {}",
        localNode,
        request.target(),
        id,
        request.client(),
        request.requester(),
        Durations.text(timeout),
        plan.describe().replace("\n  ", "; "));
    if (plan.isEmpty()) {
      finishFailed("no fence device can " + request.action() + " " + request.target());
      return;
    }
    if (request.delay().isZero()) {
      guard(() -> level(0));
    } else {
      timer.schedule(request.delay(), () -> guard(() -> level(0)));
    }
  }

  /** Ends the run now as failed, e.g. when the fencer stops. */
  void abort(String why) {
    finishFailed(why);
  }

  private void guard(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.error("node {}: fencing {} ({}) broke", localNode, request.target(), id, e);
      finishFailed("internal error: " + e);
    }
  }

  private void level(int li) {
    if (li >= plan.levels().size()) {
      finishFailed(failureSummary());
      return;
    }
    step(li, 0);
  }

  private void step(int li, int si) {
    if (result.isDone()) {
      return;
    }
    Level level = plan.levels().get(li);
    if (si >= level.steps().size()) {
      finishSucceeded(level);
      return;
    }
    if (expired()) {
      return;
    }
    Step step = level.steps().get(si);
    Optional<FenceDevice> found = devices.device(step.deviceId());
    String unusable = unusable(step.deviceId(), found);
    if (unusable != null) {
      Instant now = clock.instant();
      record(
          new FenceAttempt(
              level.index(),
              step.deviceId(),
              step.action(),
              0,
              Status.UNUSABLE,
              -1,
              unusable,
              now,
              now));
      stepFailed(li, si);
      return;
    }
    FenceDevice device = found.orElseThrow();
    HostCheckResult known;
    synchronized (this) {
      known = checked.get(device.id());
    }
    if (known != null) {
      afterCheck(li, si, device, known, clock.instant());
      return;
    }
    Instant checkStarted = clock.instant();
    registry
        .canFence(device, request.target(), devices.fencingTimeout(), remaining())
        .whenComplete(
            (check, e) ->
                guard(
                    () -> {
                      HostCheckResult c =
                          check != null
                              ? check
                              : new HostCheckResult(
                                  false, device.hostCheck(), null, "host check failed: " + e);
                      synchronized (this) {
                        checked.put(device.id(), c);
                      }
                      afterCheck(li, si, device, c, checkStarted);
                    }));
  }

  private static String unusable(String id, Optional<FenceDevice> found) {
    if (found.isEmpty()) {
      return "no fence device '" + id + "' is configured";
    }
    FenceDevice d = found.get();
    if (!d.enabled()) {
      return "the device is disabled (target-role=Stopped)";
    }
    if (d.problem() != null) {
      return d.problem();
    }
    if (d.agent() == null) {
      return "fence agent " + d.agentName() + " is not installed on this node";
    }
    return null;
  }

  private void afterCheck(
      int li, int si, FenceDevice device, HostCheckResult check, Instant checkStarted) {
    if (result.isDone()) {
      return;
    }
    Level level = plan.levels().get(li);
    Step step = level.steps().get(si);
    if (!check.capable()) {
      record(
          new FenceAttempt(
              level.index(),
              device.id(),
              step.action(),
              0,
              Status.NOT_CAPABLE,
              -1,
              "cannot fence " + request.target() + " (" + check.check() + "): " + check.reason(),
              checkStarted,
              clock.instant()));
      stepFailed(li, si);
      return;
    }
    if (expired()) {
      return;
    }
    Duration delay = Duration.ZERO;
    boolean fencing = step.action() == FenceAction.OFF || step.action() == FenceAction.REBOOT;
    synchronized (this) {
      if (fencing && delayed.add(device.id())) {
        delay = delay(device);
      }
    }
    Runnable go = () -> guard(() -> firstAttempt(li, si, device, check.port()));
    if (delay.isZero()) {
      go.run();
    } else {
      LOG.info(
          "node {}: fencing {} ({}): waiting {} before using device {}",
          localNode,
          request.target(),
          id,
          Durations.text(delay),
          device.id());
      timer.schedule(delay, go);
    }
  }

  /**
   * The device's delay: the base for the target, plus a random part up to {@code pcmk_delay_max}.
   */
  private Duration delay(FenceDevice device) {
    DeviceSettings s = device.settings();
    Duration base = s.delayBase(request.target());
    long spread = s.delayMax().minus(base).toMillis();
    long extra = spread > 0 ? random.nextLong(spread + 1) : 0;
    return base.plusMillis(extra);
  }

  private void firstAttempt(int li, int si, FenceDevice device, String port) {
    if (result.isDone() || expired()) {
      return;
    }
    Step step = plan.levels().get(li).steps().get(si);
    Instant now = clock.instant();
    Instant deviceDeadline = now.plus(device.timeout(step.action(), devices.fencingTimeout()));
    attempt(li, si, device, port, 1, deviceDeadline, now);
  }

  private void attempt(
      int li,
      int si,
      FenceDevice device,
      String port,
      int n,
      Instant deviceDeadline,
      Instant begin) {
    Level level = plan.levels().get(li);
    Step step = level.steps().get(si);
    Duration left =
        Durations.min(Duration.between(begin, deviceDeadline), Duration.between(begin, deadline));
    if (left.isZero() || left.isNegative()) {
      record(
          new FenceAttempt(
              level.index(),
              device.id(),
              step.action(),
              n,
              Status.TIMED_OUT,
              -1,
              "no time left for another attempt",
              begin,
              begin));
      if (!expired()) {
        stepFailed(li, si);
      }
      return;
    }
    FenceRequest fr =
        new FenceRequest(device.id(), step.action(), request.target(), port, device.params(), left);
    registry
        .execute(device, fr)
        .whenComplete(
            (r, e) ->
                guard(
                    () -> {
                      FenceResult res = r != null ? r : failed("agent call failed: " + e);
                      Status status =
                          res.succeeded()
                              ? Status.SUCCEEDED
                              : res.outcome() == FenceResult.Outcome.TIMEOUT
                                  ? Status.TIMED_OUT
                                  : Status.FAILED;
                      record(
                          new FenceAttempt(
                              level.index(),
                              device.id(),
                              step.action(),
                              n,
                              status,
                              status == Status.TIMED_OUT ? -1 : res.exitCode(),
                              DeviceRegistry.oneLine(res),
                              begin,
                              clock.instant()));
                      afterAttempt(li, si, device, port, n, deviceDeadline, res);
                    }));
  }

  private void afterAttempt(
      int li,
      int si,
      FenceDevice device,
      String port,
      int n,
      Instant deviceDeadline,
      FenceResult res) {
    if (result.isDone()) {
      return;
    }
    Step step = plan.levels().get(li).steps().get(si);
    if (res.succeeded()) {
      step(li, si + 1);
      return;
    }
    if (expired()) {
      return;
    }
    LOG.warn(
        "node {}: fencing {} ({}): device {} {} attempt {} failed: {}",
        localNode,
        request.target(),
        id,
        device.id(),
        step.action(),
        n,
        DeviceRegistry.oneLine(res));
    boolean retry =
        res.outcome() == FenceResult.Outcome.FAILED
            && n <= device.retries(step.action())
            && clock.instant().isBefore(deviceDeadline);
    if (retry) {
      attempt(li, si, device, port, n + 1, deviceDeadline, clock.instant());
    } else {
      stepFailed(li, si);
    }
  }

  private void stepFailed(int li, int si) {
    Step step = plan.levels().get(li).steps().get(si);
    if (step.required()) {
      level(li + 1);
    } else {
      step(li, si + 1);
    }
  }

  private Duration remaining() {
    Duration d = Duration.between(clock.instant(), deadline);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** Ends the run as failed if the deadline has passed. */
  private boolean expired() {
    if (clock.instant().isBefore(deadline)) {
      return false;
    }
    String summary = failureSummary();
    finishFailed(
        "fencing timeout of "
            + Durations.text(timeout)
            + " expired"
            + (summary.isEmpty() ? "" : "; " + summary));
    return true;
  }

  private synchronized void record(FenceAttempt a) {
    attempts.add(a);
  }

  private static FenceResult failed(String message) {
    return new FenceResult(FenceResult.Outcome.FAILED, 1, message, "", List.of(), Duration.ZERO);
  }

  /** The last failure of each level tried, one clause per level. */
  private synchronized String failureSummary() {
    Map<Integer, FenceAttempt> lastFailure = new java.util.LinkedHashMap<>();
    for (FenceAttempt a : attempts) {
      if (!a.succeeded()) {
        lastFailure.put(a.level(), a);
      }
    }
    List<String> parts = new ArrayList<>();
    lastFailure.values().forEach(a -> parts.add(a.describe()));
    return String.join("; ", parts);
  }

  private void finishSucceeded(Level level) {
    List<String> used = new ArrayList<>();
    for (Step s : level.steps()) {
      if (s.required() && !used.contains(s.deviceId())) {
        used.add(s.deviceId());
      }
    }
    String how =
        "fenced with "
            + String.join(", ", used)
            + (plan.kind() == FencingPlan.Kind.TOPOLOGY
                ? " (topology level " + level.index() + ")"
                : "");
    finish(true, level.index(), used, how);
  }

  private void finishFailed(String why) {
    finish(false, 0, List.of(), why);
  }

  private void finish(boolean ok, int level, List<String> used, String reason) {
    FencingOutcome outcome;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      outcome =
          new FencingOutcome(
              id,
              request.target(),
              request.action(),
              request.requester(),
              request.client(),
              localNode,
              ok,
              level,
              used,
              reason,
              started,
              clock.instant(),
              attempts,
              plan);
    }
    if (ok) {
      LOG.info("node {}: {}", localNode, outcome.describe());
    } else {
      LOG.error("node {}: {}", localNode, outcome.describe());
    }
    result.complete(outcome);
  }
}
