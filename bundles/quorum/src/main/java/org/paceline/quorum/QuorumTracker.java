package org.paceline.quorum;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.RingView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link QuorumCalculator} for the ring's views and the {@code last_man_standing} ticks,
 * logs each change, and hands every new state to its listeners in order.
 *
 * <p>Thread-safe: views come from the ring's delivery thread, ticks from a timer thread and
 * listeners come and go from anywhere. One lock orders all of it, so a listener sees the state that
 * was current when it was added and then every later state, each once and in order. Listeners are
 * called with that lock held and must not block; one that throws is logged and keeps its place.
 */
public final class QuorumTracker {

  private static final Logger LOG = LoggerFactory.getLogger(QuorumTracker.class);

  private final String localNode;
  private final QuorumCalculator calculator;
  private final Object lock = new Object();
  private final List<Consumer<QuorumState>> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param localNode this node's name, for log lines
   * @param calculator the calculator to run; the tracker becomes its only user
   */
  public QuorumTracker(String localNode, QuorumCalculator calculator) {
    this.localNode = Objects.requireNonNull(localNode, "localNode");
    this.calculator = Objects.requireNonNull(calculator, "calculator");
  }

  /** The state for the last view. */
  public QuorumState current() {
    synchronized (lock) {
      return calculator.current();
    }
  }

  /** Applies the ring's next view and tells the listeners; older or repeated views are ignored. */
  public void onView(RingView view, Instant now) {
    synchronized (lock) {
      if (!calculator.isNew(view)) {
        LOG.debug(
            "node {}: quorum ignores ring view {}, not newer than {}",
            localNode,
            view.ringId(),
            calculator.current().ringId());
        return;
      }
      QuorumState before = calculator.current();
      QuorumState after = calculator.onView(view, now);
      logChange(before, after);
      publish(after);
    }
  }

  /** Lets {@code last_man_standing} act; tells the listeners if the state changed. */
  public void tick(Instant now) {
    synchronized (lock) {
      QuorumState before = calculator.current();
      Optional<QuorumState> after = calculator.tick(now);
      if (after.isPresent()) {
        LOG.info(
            "node {}: quorum: last_man_standing lowered expected votes from {} to {} in ring {}: {}",
            localNode,
            before.expectedVotes(),
            after.get().expectedVotes(),
            after.get().ringId(),
            after.get().reason());
        publish(after.get());
      }
    }
  }

  /**
   * Adds {@code listener}: it is called at once with the current state, then with every new state.
   *
   * @return a handle that removes the listener when closed (closing twice is harmless)
   */
  public AutoCloseable addListener(Consumer<QuorumState> listener) {
    Objects.requireNonNull(listener, "listener");
    Consumer<QuorumState> entry = listener::accept; // a distinct object per registration
    synchronized (lock) {
      listeners.add(entry);
      deliver(entry, calculator.current());
    }
    return () -> listeners.remove(entry);
  }

  /** How many listeners are registered. */
  public int listenerCount() {
    return listeners.size();
  }

  private void publish(QuorumState state) {
    for (Consumer<QuorumState> listener : listeners) {
      deliver(listener, state);
    }
  }

  private void deliver(Consumer<QuorumState> listener, QuorumState state) {
    try {
      listener.accept(state);
    } catch (RuntimeException e) {
      LOG.warn(
          "node {}: quorum listener failed on the state of ring {}", localNode, state.ringId(), e);
    }
  }

  private void logChange(QuorumState before, QuorumState after) {
    if (before.quorate() != after.quorate()) {
      LOG.info(
          "node {}: quorum {} in ring {} with members {}: {}",
          localNode,
          after.quorate() ? "gained" : "lost",
          after.ringId(),
          after.members(),
          after.reason());
    } else if (before.expectedVotes() != after.expectedVotes()
        || before.quorum() != after.quorum()) {
      LOG.info(
          "node {}: quorum {} in ring {} with members {}, expected votes {} -> {}: {}",
          localNode,
          after.quorate() ? "kept" : "still missing",
          after.ringId(),
          after.members(),
          before.expectedVotes(),
          after.expectedVotes(),
          after.reason());
    } else {
      LOG.debug(
          "node {}: quorum {} in ring {} with members {}: {}",
          localNode,
          after.quorate() ? "kept" : "still missing",
          after.ringId(),
          after.members(),
          after.reason());
    }
  }
}
