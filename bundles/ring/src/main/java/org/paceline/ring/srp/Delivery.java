package org.paceline.ring.srp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.paceline.api.ring.RingView;
import org.paceline.ring.layer.Counters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What goes up to the listener: application chunks in agreed order and new views. The protocol
 * thread queues them; the delivery thread hands them to the listener, so a slow listener never
 * stalls the token.
 */
final class Delivery {

  // Logged under the engine's name, as before the engine was split.
  private static final Logger LOG = LoggerFactory.getLogger(SrpEngine.class);

  private final int me;
  private final Counters counters;
  private final RingListener listener;
  private final BlockingQueue<Runnable> deliveries = new LinkedBlockingQueue<>();
  private volatile RingView currentView;

  /**
   * @param me this node
   * @param initial the view before any ring formed
   * @param counters where malformed chunk lists and view changes are counted
   * @param listener receives deliveries and views on the delivery thread
   */
  Delivery(int me, RingView initial, Counters counters, RingListener listener) {
    this.me = me;
    this.currentView = initial;
    this.counters = counters;
    this.listener = listener;
  }

  /** The last view delivered (any thread). */
  RingView currentView() {
    return currentView;
  }

  /** The delivery thread's loop: until {@code running} is false and everything is delivered. */
  void run(BooleanSupplier running) {
    while (running.getAsBoolean() || !deliveries.isEmpty()) {
      try {
        Runnable r = deliveries.poll(100, TimeUnit.MILLISECONDS);
        if (r != null) {
          r.run();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("node {}: ring listener failed", me, e);
      }
    }
  }

  /** Wakes the delivery thread (on close). */
  void wake() {
    deliveries.offer(() -> {});
  }

  /** How many deliveries wait (any thread; for status). */
  int pending() {
    return deliveries.size();
  }

  /** Delivers the chunks of a regular message. */
  void chunks(Wire.Mcast m) {
    List<byte[]> chunks;
    try {
      chunks = Wire.unpackChunks(m.payload());
    } catch (Wire.MalformedPacketException e) {
      counters.inc("malformed");
      return;
    }
    int sender = m.sender();
    deliveries.add(
        () -> {
          for (byte[] c : chunks) {
            listener.deliver(sender, c);
          }
        });
  }

  /**
   * Delivers what ring {@code old}, which recovery has just left, holds beyond its delivered point.
   */
  void oldRingRest(RingState old) {
    // Old-ring messages: every member moving with us now holds the same set; deliver the rest
    // of it in order, skipping holes no survivor can fill.
    List<Long> rest = new ArrayList<>();
    for (long s : old.buf.keySet()) {
      if (s > old.delivered) {
        rest.add(s);
      }
    }
    rest.sort(null);
    for (long s : rest) {
      Wire.Mcast m = old.buf.get(s);
      if (m.kind() == Wire.KIND_REGULAR) {
        chunks(m);
      }
    }
  }

  /**
   * Delivers the view of the newly installed ring {@code ring}: tells the listener at once (on
   * this, the protocol thread), then queues the view for the delivery thread.
   */
  void view(RingState ring, List<Integer> fromSameRing) {
    RingView previous = currentView;
    List<Integer> members = Arrays.stream(ring.members).boxed().toList();
    List<Integer> joined = members.stream().filter(n -> !previous.contains(n)).toList();
    List<Integer> left = previous.members().stream().filter(n -> !members.contains(n)).toList();
    List<Integer> same =
        previous.ringId().seq() > 0
            ? fromSameRing.stream().filter(members::contains).sorted().toList()
            : List.of();
    RingView view = new RingView(ring.id, members, joined, left, same);
    currentView = view;
    counters.inc("view_changes");
    LOG.info(
        "node {}: ring {} members {} (joined {}, left {})",
        me,
        view.ringId(),
        members,
        joined,
        left);
    try {
      listener.ringInstalled(view);
    } catch (RuntimeException e) {
      counters.inc("listener_errors");
      LOG.error(
          "node {}: ring listener failed on the installation of ring {}", me, view.ringId(), e);
    }
    deliveries.add(() -> listener.viewChanged(view));
  }
}
