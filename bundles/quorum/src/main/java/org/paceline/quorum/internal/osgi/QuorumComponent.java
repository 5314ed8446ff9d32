package org.paceline.quorum.internal.osgi;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.quorum.QuorumService;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.GroupChannel;
import org.paceline.api.ring.RingView;
import org.paceline.quorum.QuorumCalculator;
import org.paceline.quorum.QuorumRules;
import org.paceline.quorum.QuorumTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quorum service: a {@link QuorumTracker} fed by the ring's views, plus a timer thread that
 * ticks it while {@code last_man_standing} is on.
 */
@Component(service = QuorumService.class)
public final class QuorumComponent implements QuorumService {

  private static final Logger LOG = LoggerFactory.getLogger(QuorumComponent.class);
  private static final Duration MIN_TICK = Duration.ofMillis(10);
  private static final Duration MAX_TICK = Duration.ofSeconds(1);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final String nodeName;
  private final QuorumTracker tracker;
  private final AutoCloseable viewRegistration;
  private final ScheduledExecutorService ticker;

  @Activate
  public QuorumComponent(
      @Reference(name = "config") NodeConfiguration config,
      @Reference(name = "channel") GroupChannel channel) {
    this(config, channel, QuorumComponent::monotonicNow);
  }

  /**
   * @param clock the time passed to the calculator; only differences between its readings matter
   */
  QuorumComponent(NodeConfiguration config, GroupChannel channel, Supplier<Instant> clock) {
    this.nodeName = config.node().name();
    QuorumCalculator calculator;
    try {
      calculator = QuorumCalculator.of(config.cluster().quorum(), config.cluster().nodes());
    } catch (IllegalArgumentException e) {
      LOG.error("node {}: quorum service not started: {}", nodeName, e.getMessage(), e);
      throw e;
    }
    QuorumRules rules = calculator.rules();
    rules.notes().forEach(note -> LOG.warn("node {}: quorum: {}", nodeName, note));
    LOG.info(
        "node {}: quorum: provider {}, expected votes {}, two_node {}, wait_for_all {},"
            + " last_man_standing {}, auto_tie_breaker {}",
        nodeName,
        rules.enabled() ? QuorumRules.VOTEQUORUM : "none (always quorate)",
        rules.expectedVotes(),
        rules.twoNode(),
        rules.waitForAll(),
        rules.lastManStandingWindow().map(w -> "window " + w.toMillis() + "ms").orElse("off"),
        rules.tieBreaker().map(Object::toString).orElse("off"));

    this.tracker = new QuorumTracker(nodeName, calculator);
    tracker.onView(channel.currentView(), clock.get());
    Consumer<RingView> onView = view -> tracker.onView(view, clock.get());
    this.viewRegistration = channel.addViewListener(onView);
    this.ticker = rules.lastManStandingWindow().map(w -> startTicker(w, clock)).orElse(null);
  }

  @Override
  public QuorumState current() {
    return tracker.current();
  }

  @Override
  public AutoCloseable addListener(Consumer<QuorumState> listener) {
    return tracker.addListener(listener);
  }

  @Deactivate
  void deactivate() {
    try {
      viewRegistration.close();
    } catch (Exception e) {
      LOG.warn("node {}: quorum could not remove its ring view listener", nodeName, e);
    }
    if (ticker != null) {
      ticker.shutdownNow();
      try {
        if (!ticker.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("node {}: quorum timer thread did not stop within {}", nodeName, STOP_TIMEOUT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    LOG.info("node {}: quorum service stopped", nodeName);
  }

  /** Whether the {@code last_man_standing} timer thread runs. */
  boolean ticking() {
    return ticker != null && !ticker.isShutdown();
  }

  private ScheduledExecutorService startTicker(Duration window, Supplier<Instant> clock) {
    long period = tickPeriod(window).toMillis();
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "paceline-quorum-lms-" + nodeName);
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            tracker.tick(clock.get());
          } catch (RuntimeException e) {
            LOG.error("node {}: quorum last_man_standing tick failed", nodeName, e);
          }
        },
        period,
        period,
        TimeUnit.MILLISECONDS);
    return executor;
  }

  /** How often to check the window: a quarter of it, between 10 ms and 1 s. */
  static Duration tickPeriod(Duration window) {
    Duration quarter = window.dividedBy(4);
    if (quarter.compareTo(MIN_TICK) < 0) {
      return MIN_TICK;
    }
    return quarter.compareTo(MAX_TICK) > 0 ? MAX_TICK : quarter;
  }

  /** A reading of the monotonic clock as an instant: immune to wall-clock steps. */
  private static Instant monotonicNow() {
    return Instant.EPOCH.plusNanos(System.nanoTime());
  }
}
