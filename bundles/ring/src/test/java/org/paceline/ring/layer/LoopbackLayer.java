package org.paceline.ring.layer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bottom layer without a network: a packet sent down to node {@code n} comes straight up, in the
 * sending thread, at the loopback of node {@code n} (this one, or one joined by {@link #connect}).
 * Packets to an unknown node vanish.
 */
final class LoopbackLayer extends Layer {

  private final int localId;
  private Map<Integer, LoopbackLayer> network = new ConcurrentHashMap<>();

  LoopbackLayer(int localId) {
    this.localId = localId;
    network.put(localId, this);
  }

  /** Joins the loopbacks into one network where each reaches the others by node id. */
  static void connect(LoopbackLayer... nodes) {
    Map<Integer, LoopbackLayer> shared = new ConcurrentHashMap<>();
    for (LoopbackLayer n : nodes) {
      shared.put(n.localId, n);
      n.network = shared;
    }
  }

  @Override
  public void down(int[] to, byte[] packet) {
    for (int id : to) {
      LoopbackLayer dest = network.get(id);
      if (dest != null) {
        dest.up(localId, packet);
      }
    }
  }
}
