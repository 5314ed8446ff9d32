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
}
