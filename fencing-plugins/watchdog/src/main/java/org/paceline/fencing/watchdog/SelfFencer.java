package org.paceline.fencing.watchdog;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.ClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-fencing of one node, sbd's watchdog-only mode in Paceline's terms.
 *
 * <p>When this node's partition goes from quorate to inquorate, a timer of {@link
 * WatchdogTimeouts#selfFenceDelay half} the watchdog timeout starts ({@link
 * WatchdogTimeouts#forSelfFencing}: the shortest any {@code fence_watchdog} device waits). The
 * quorate side's device waits the whole timeout after it saw the node go, so the node is dead well
 * before anyone recovers its resources, as long as the two sides notice the split less than half a
 * timeout apart.
 *
 * <ul>
 *   <li>Quorum back before the timer fires: called off.
 *   <li>Timer fires and the CIB shows no resource active here ({@link ActiveResources}): the node
 *       stays up without quorum, and is checked again on every tick (a resource active again, or a
 *       CIB that cannot be read, self-fences it).
 *   <li>Timer fires with resources still active, or the CIB cannot be read: the node self-fences:
 *       it stops feeding the hardware watchdog (if any), kills every process of the node ({@link
 *       Killer}) and halts the JVM ({@link Halter}).
 * </ul>
 *
 * <p>A node that has not had quorum since it started never self-fences (it has started nothing; its
 * CIB's status may be stale). Without a {@code fence_watchdog} device or a positive {@value
 * WatchdogTimeouts#PROPERTY}, losing quorum arms nothing.
 *
 * <p>The optional hardware {@link WatchdogDevice} is fed on every tick until the node self-fences.
 * {@link #close()} disarms it (magic close), except while a countdown or a self-fence is under way:
 * then it is left armed, so that the machine resets.
 *
 * <p>Threads: one named thread does everything (quorum changes are handed to it), so the state
 * needs no lock.
 */
public final class SelfFencer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SelfFencer.class);

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  /** Where self-fencing stands. */
  public enum State {
    /** No quorum state heard yet. */
    STARTING,
    /** Inquorate since start: nothing to do. */
    NEVER_QUORATE,
    /** The partition has quorum. */
    QUORATE,
    /** Quorum lost; self-fences at the deadline unless quorum returns or resources stop. */
    COUNTING_DOWN,
    /** Quorum lost and the deadline passed with no resource active: the node stays up. */
    STAYING_UP,
    /** Quorum lost, but watchdog fencing is not configured. */
    UNARMED,
    /** The node kills its processes and halts. */
    SELF_FENCING,
    /** Closed. */
    CLOSED
  }

  /** Kills every process of this node but the JVM itself. */
  @FunctionalInterface
  public interface Killer {
    /** Kills them; may block for a bounded time. */
    void killNodeProcesses() throws Exception;
  }

  /** Stops this JVM at once ({@link Runtime#halt}). */
  @FunctionalInterface
  public interface Halter {
    /** Halts; returns only in tests. */
    void halt();
  }

  private final String node;
  private final Supplier<Cib> cib;
  private final Killer killer;
  private final Halter halter;
  private final Optional<WatchdogDevice> device;
  private final Duration tick;
  private final ScheduledThreadPoolExecutor executor;
  private final AtomicLong ticks = new AtomicLong();

  private volatile State state = State.STARTING;
  private volatile Instant deadline;
  private Instant lostAt;
  private ScheduledFuture<?> timer;
  private long generation;
  private boolean petFailed;

  /**
   * A self-fencer for node {@code node}.
   *
   * @param cib this node's replica of the CIB (may throw when it cannot be read)
   * @param killer kills the node's processes
   * @param halter halts the JVM
   * @param device the hardware watchdog, already open, if one is configured
   * @param tick how often the device is fed and a node staying up is checked again
   */
  public SelfFencer(
      String node,
      Supplier<Cib> cib,
      Killer killer,
      Halter halter,
      Optional<WatchdogDevice> device,
      Duration tick) {
    this.node = Objects.requireNonNull(node, "node");
    this.cib = Objects.requireNonNull(cib, "cib");
    this.killer = Objects.requireNonNull(killer, "killer");
    this.halter = Objects.requireNonNull(halter, "halter");
    this.device = Objects.requireNonNull(device, "device");
    this.tick = Objects.requireNonNull(tick, "tick");
    if (tick.isZero() || tick.isNegative()) {
      throw new IllegalArgumentException("tick must be positive, got " + tick);
    }
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "paceline-self-fencing-" + node);
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  /** Starts ticking (feeding the device at once). */
  public void start() {
    executor.execute(guarded(this::onTick));
    executor.scheduleWithFixedDelay(
        guarded(this::onTick), tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
    LOG.info(
        "node {}: watchdog: self-fencing ready{}",
        node,
        device.map(d -> ", feeding " + d.path() + " every " + tick.toMillis() + "ms").orElse(""));
  }

  /** Tells the self-fencer whether this node's partition has quorum now; returns at once. */
  public void quorumChanged(boolean quorate) {
    Instant at = Instant.now();
    try {
      executor.execute(guarded(() -> onQuorum(quorate, at)));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("node {}: watchdog: quorum change after close ignored", node);
    }
  }

  /** Where self-fencing stands. */
  public State state() {
    return state;
  }

  /** When the node self-fences if nothing changes, while {@link State#COUNTING_DOWN}. */
  public Optional<Instant> deadline() {
    return state == State.COUNTING_DOWN ? Optional.ofNullable(deadline) : Optional.empty();
  }

  /** How many ticks have run. */
  public long ticks() {
    return ticks.get();
  }

  private void onQuorum(boolean quorate, Instant at) {
    switch (state) {
      case STARTING -> {
        state = quorate ? State.QUORATE : State.NEVER_QUORATE;
        LOG.info(
            "node {}: watchdog: {}",
            node,
            quorate
                ? "partition is quorate"
                : "partition has no quorum yet: no self-fencing until it has had quorum");
      }
      case NEVER_QUORATE, STAYING_UP, UNARMED -> {
        if (quorate) {
          state = State.QUORATE;
          LOG.info("node {}: watchdog: quorum gained at {}", node, at);
        }
      }
      case QUORATE -> {
        if (!quorate) {
          lost(at);
        }
      }
      case COUNTING_DOWN -> {
        if (quorate) {
          timer.cancel(false);
          generation++;
          state = State.QUORATE;
          LOG.warn(
              "node {}: watchdog: quorum regained at {}, {}ms after it was lost: self-fencing"
                  + " called off",
              node,
              at,
              Duration.between(lostAt, at).toMillis());
        }
      }
      case SELF_FENCING, CLOSED -> {}
    }
  }

  private void lost(Instant at) {
    lostAt = at;
    Cib current = null;
    WatchdogTimeouts.SelfFencing plan;
    try {
      current = Objects.requireNonNull(cib.get(), "no CIB");
      plan = WatchdogTimeouts.forSelfFencing(current.configuration());
    } catch (RuntimeException e) {
      plan =
          new WatchdogTimeouts.SelfFencing(
              Optional.of(WatchdogTimeouts.DEFAULT),
              "default, the configuration cannot be read: " + e,
              List.of());
    }
    plan.problems().forEach(p -> LOG.error("node {}: watchdog: {}", node, p));
    if (!plan.armed()) {
      state = State.UNARMED;
      LOG.info(
          "node {}: watchdog: quorum lost at {}; watchdog fencing is not configured (no"
              + " stonith:{} device, no {}): no self-fencing",
          node,
          at,
          WatchdogFenceAgent.NAME,
          WatchdogTimeouts.PROPERTY);
      return;
    }
    Duration timeout = plan.timeout().orElseThrow();
    Duration delay = WatchdogTimeouts.selfFenceDelay(timeout);
    deadline = at.plus(delay);
    long gen = ++generation;
    timer =
        executor.schedule(
            guarded(() -> deadlineReached(gen)), delay.toNanos(), TimeUnit.NANOSECONDS);
    state = State.COUNTING_DOWN;
    LOG.warn(
        "node {}: watchdog: quorum lost at {}; will self-fence at {} unless quorum returns or"
            + " its resources are stopped by then (watchdog timeout {}ms from {}; the quorate side"
            + " may recover them from {} on)",
        node,
        at,
        deadline,
        timeout.toMillis(),
        plan.source(),
        at.plus(timeout));
    if (current != null && ignoresQuorum(current)) {
      LOG.warn(
          "node {}: watchdog: no-quorum-policy is ignore, so resources keep running without"
              + " quorum: this node will self-fence",
          node);
    }
  }

  private static boolean ignoresQuorum(Cib cib) {
    try {
      return cib.configuration().clusterOptions().noQuorumPolicy()
          == ClusterOptions.NoQuorumPolicy.IGNORE;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void deadlineReached(long gen) {
    if (gen != generation || state != State.COUNTING_DOWN) {
      return;
    }
    Optional<String> why = reasonToSelfFence();
    if (why.isPresent()) {
      selfFence("quorum lost at " + lostAt + " and " + why.get());
      return;
    }
    state = State.STAYING_UP;
    LOG.warn(
        "node {}: watchdog: resources stopped: no resource active on this node at {}, staying up"
            + " without quorum",
        node,
        Instant.now());
  }

  /** Why this node must self-fence now: resources active, or a CIB that cannot be read. */
  private Optional<String> reasonToSelfFence() {
    List<String> active;
    try {
      active = ActiveResources.on(Objects.requireNonNull(cib.get(), "no CIB"), node);
    } catch (RuntimeException e) {
      return Optional.of("its resources cannot be told from the CIB (" + e + ")");
    }
    return active.isEmpty()
        ? Optional.empty()
        : Optional.of("resources " + active + " are still active on it");
  }

  private void onTick() {
    ticks.incrementAndGet();
    if (state == State.STAYING_UP) {
      Optional<String> why = reasonToSelfFence();
      if (why.isPresent()) {
        selfFence("it is without quorum since " + lostAt + " and " + why.get());
        return;
      }
    }
    if (device.isPresent() && state != State.SELF_FENCING && state != State.CLOSED) {
      try {
        device.get().pet();
        if (petFailed) {
          petFailed = false;
          LOG.info("node {}: watchdog: feeding {} again", node, device.get().path());
        }
      } catch (IOException e) {
        if (!petFailed) {
          petFailed = true;
          LOG.error(
              "node {}: watchdog: {}: the machine resets when the device's timeout expires",
              node,
              e.getMessage());
        }
      }
    }
  }

  private void selfFence(String why) {
    state = State.SELF_FENCING;
    LOG.error("node {}: watchdog: self-fencing now: {}", node, why);
    device.ifPresent(
        d -> {
          d.abandon();
          LOG.error("node {}: watchdog: stopped feeding {}: the machine resets", node, d.path());
        });
    try {
      killer.killNodeProcesses();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.error("node {}: watchdog: interrupted while killing this node's processes", node);
    } catch (Exception | Error e) {
      LOG.error("node {}: watchdog: killing this node's processes failed", node, e);
    }
    LOG.error("node {}: watchdog: halting the node process now", node);
    try {
      halter.halt();
    } catch (RuntimeException | Error e) {
      LOG.error("node {}: watchdog: halting failed", node, e);
    }
  }

  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("node {}: watchdog: self-fencing step failed", node, e);
      }
    };
  }

  /**
   * Stops the self-fencer. The hardware watchdog is disarmed (magic close), unless the node is
   * counting down or self-fencing: then it is left armed, so the machine resets.
   */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "node {}: watchdog: self-fencing thread did not stop within {}", node, STOP_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    State last = state;
    state = State.CLOSED;
    if (device.isEmpty()) {
      if (last == State.COUNTING_DOWN) {
        LOG.error(
            "node {}: watchdog: stopped while counting down to self-fencing without quorum:"
                + " resources still running here may run twice",
            node);
      }
      LOG.info("node {}: watchdog: self-fencing stopped", node);
      return;
    }
    WatchdogDevice d = device.get();
    if (last == State.COUNTING_DOWN || last == State.SELF_FENCING) {
      d.abandon();
      LOG.error(
          "node {}: watchdog: stopped while {} without quorum: {} is left armed and resets the"
              + " machine",
          node,
          last == State.COUNTING_DOWN ? "counting down to self-fencing" : "self-fencing",
          d.path());
      return;
    }
    try {
      d.disarm();
      LOG.info("node {}: watchdog: self-fencing stopped, {} disarmed", node, d.path());
    } catch (IOException e) {
      LOG.error("node {}: watchdog: {}: the machine may reset", node, e.getMessage());
    }
  }
}
