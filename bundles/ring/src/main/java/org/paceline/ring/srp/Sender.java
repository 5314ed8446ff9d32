package org.paceline.ring.srp;

import java.util.Arrays;

/**
 * Sends the protocol's packets to other nodes through the layer below. Nothing is ever sent to this
 * node itself: its own messages count as received when sent, and a ring of one passes the token to
 * itself without the network.
 */
final class Sender {

  /** Sends these bytes to these nodes: the layer below the protocol. */
  @FunctionalInterface
  interface Outbound {
    void send(int[] to, byte[] packet);
  }

  private final int me;
  private final Outbound out;

  /**
   * @param me this node
   * @param out the layer below
   */
  Sender(int me, Outbound out) {
    this.me = me;
    this.out = out;
  }

  /** Sends {@code bytes} to the nodes {@code to} (which must not include this node), if any. */
  void send(int[] to, byte[] bytes) {
    if (to.length > 0) {
      out.send(to, bytes);
    }
  }

  /** Sends {@code bytes} to every member of {@code r} but this node. */
  void broadcast(RingState r, byte[] bytes) {
    int[] to = Arrays.stream(r.members).filter(n -> n != me).toArray();
    send(to, bytes);
  }

  /** Sends {@code bytes} to {@code node}, unless it is this node. */
  void sendTo(int node, byte[] bytes) {
    if (node != me) {
      out.send(new int[] {node}, bytes);
    }
  }
}
