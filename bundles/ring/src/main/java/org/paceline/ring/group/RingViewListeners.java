package org.paceline.ring.group;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;
import org.paceline.ring.layer.Counters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ring view listeners of one node. A new listener is first called on the thread that adds it
 * with the view delivered last, then from the delivery thread with each later view; each listener
 * sees strictly increasing ring ids (a view it was already given is never repeated).
 */
final class RingViewListeners {

  private static final Logger LOG = LoggerFactory.getLogger(RingViewListeners.class);

  private final int me;
  private final Counters counters;
  private final List<Handle> handles = new CopyOnWriteArrayList<>();

  RingViewListeners(int me, Counters counters) {
    this.me = me;
    this.counters = counters;
  }

  /** Adds {@code listener} and calls it with {@code current} (the view delivered last). */
  AutoCloseable add(Consumer<RingView> listener, Supplier<RingView> current) {
    Handle h = new Handle(Objects.requireNonNull(listener, "listener"));
    handles.add(h);
    // Read after adding: a view published meanwhile reaches the handle either way, once.
    h.offer(current.get());
    return h;
  }

  /** Gives {@code view} to every listener (on the delivery thread). */
  void publish(RingView view) {
    for (Handle h : handles) {
      h.offer(view);
    }
  }

  private final class Handle implements AutoCloseable {
    private final Consumer<RingView> listener;
    private RingId last;
    private volatile boolean closed;

    Handle(Consumer<RingView> listener) {
      this.listener = listener;
    }

    synchronized void offer(RingView view) {
      if (closed || (last != null && view.ringId().compareTo(last) <= 0)) {
        return;
      }
      last = view.ringId();
      try {
        listener.accept(view);
      } catch (RuntimeException e) {
        counters.inc(LocalGroup.LISTENER_ERRORS);
        LOG.error("node {}: ring view listener failed on ring {}", me, view.ringId(), e);
      }
    }

    @Override
    public void close() {
      closed = true;
      handles.remove(this);
    }
  }
}
