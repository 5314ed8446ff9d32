package org.paceline.ring.srp;

import org.paceline.api.ring.RingView;

/**
 * What the protocol delivers, in agreed order, on its delivery thread: application chunks and view
 * changes. Every member that goes from one view to the next delivers the same chunks before the new
 * view.
 */
public interface RingListener {

  /** A chunk submitted by {@code sender}, in agreed order. */
  void deliver(int sender, byte[] chunk);

  /** A new view; chunks delivered after it belong to it. */
  void viewChanged(RingView view);

  /**
   * A new ring was installed: called on the protocol thread at once, before its view is queued for
   * the delivery thread (so even while that thread is still busy in a listener with earlier
   * deliveries). Chunks submitted from now on are sent in this ring or a later one, and are
   * delivered after {@code view} everywhere. Must return at once: never block, never call back into
   * the engine but through {@link SrpEngine#submit} from another thread. Does nothing by default.
   */
  default void ringInstalled(RingView view) {}
}
