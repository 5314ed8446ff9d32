package org.paceline.ring.layer;

/**
 * One layer of the ring's stack, JGroups style: packets go {@link #down} toward the network and
 * {@link #up} toward the protocol; a layer overrides only what it handles and passes the rest on.
 * Stacks are built top to bottom with {@link #stack}: protocol, fault injection, crypto, transport.
 */
public abstract class Layer implements AutoCloseable {

  private Layer above;
  private Layer below;

  /** Links {@code topToBottom[i]} above {@code topToBottom[i + 1]}. */
  public static void stack(Layer... topToBottom) {
    for (int i = 0; i + 1 < topToBottom.length; i++) {
      topToBottom[i].below = topToBottom[i + 1];
      topToBottom[i + 1].above = topToBottom[i];
    }
  }

  /**
   * Sends {@code packet} toward the nodes {@code to} (node ids). The array and the packet must not
   * be changed by the caller afterwards.
   */
  public void down(int[] to, byte[] packet) {
    below.down(to, packet);
  }

  /** Passes a packet received from node {@code from} toward the protocol. */
  public void up(int from, byte[] packet) {
    above.up(from, packet);
  }

  /** The layer above, or null at the top. */
  protected Layer above() {
    return above;
  }

  /** The layer below, or null at the bottom. */
  protected Layer below() {
    return below;
  }

  /** Starts threads or sockets; called bottom-up before traffic flows. Default: nothing. */
  public void start() throws java.io.IOException {}

  /** Stops threads and closes sockets. Default: nothing. */
  @Override
  public void close() {}
}
