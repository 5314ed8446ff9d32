package org.paceline.ring.layer;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bottom layer: one UDP socket bound to the local node's ring address, sending each packet to
 * the listed peers and passing every datagram from a known peer up from a named receiver thread.
 *
 * <p>Packets to the local node itself go through the socket too (to its own bound address), so
 * {@link #up} is always called from the receiver thread {@code ring-rx-<nodeId>}, whoever the
 * sender was. Datagrams from an address that is not a peer are dropped and counted as {@code
 * unknown_sender}. Send failures are counted ({@code send_error}, {@code unknown_destination}) and
 * never thrown. An exception thrown by the layers above is counted ({@code rx_error}) and logged;
 * the receiver keeps running.
 *
 * <p>Bind to a concrete address (e.g. {@code 127.0.0.2:5405}), not a wildcard: peers recognise the
 * node by the source address of its datagrams. Port 0 picks a free port; {@link #localAddress()}
 * then tells which, and {@link #setPeers} can be called once all nodes are bound.
 */
public final class UdpTransport extends Layer {

  /** Largest datagram received; anything longer is truncated by the kernel. */
  public static final int RECEIVE_BUFFER = 65535;

  /** Requested SO_RCVBUF and SO_SNDBUF; the kernel may grant less (net.core.rmem_max). */
  public static final int SOCKET_BUFFER = 4 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(UdpTransport.class);

  private final int localId;
  private final InetSocketAddress bindAddress;
  private final Counters counters;
  private volatile Peers peers;
  private volatile DatagramChannel channel;
  private volatile InetSocketAddress boundAddress;
  private volatile Thread receiver;
  private volatile boolean running;

  /** Addresses of the peers by node id, and the reverse map for received datagrams. */
  private record Peers(
      Map<Integer, InetSocketAddress> byId, Map<InetSocketAddress, Integer> byAddr) {
    static Peers of(Map<Integer, InetSocketAddress> byId) {
      Map<InetSocketAddress, Integer> byAddr = new HashMap<>();
      byId.forEach(
          (id, addr) -> {
            Integer other = byAddr.put(addr, id);
            if (other != null) {
              throw new IllegalArgumentException(
                  "nodes " + other + " and " + id + " share the ring address " + addr);
            }
          });
      return new Peers(Map.copyOf(byId), Map.copyOf(byAddr));
    }
  }

  /**
   * @param localId this node's id
   * @param bindAddress this node's ring address (ring0_addr and port; port 0 for any free port)
   * @param peers the other nodes' addresses by id (the local node may be listed too; its entry is
   *     replaced by the bound address)
   * @param counters where drops and errors are counted
   */
  public UdpTransport(
      int localId,
      InetSocketAddress bindAddress,
      Map<Integer, InetSocketAddress> peers,
      Counters counters) {
    if (bindAddress.isUnresolved() || bindAddress.getAddress().isAnyLocalAddress()) {
      throw new IllegalArgumentException(
          "node " + localId + ": the ring address must be a concrete address: " + bindAddress);
    }
    this.localId = localId;
    this.bindAddress = bindAddress;
    this.counters = Objects.requireNonNull(counters, "counters");
    this.peers = Peers.of(withSelf(peers, bindAddress));
  }

  /** Binds the socket and starts the receiver thread. */
  @Override
  public synchronized void start() throws IOException {
    if (channel != null) {
      throw new IllegalStateException("node " + localId + ": transport already started");
    }
    ProtocolFamily family =
        bindAddress.getAddress() instanceof Inet6Address
            ? StandardProtocolFamily.INET6
            : StandardProtocolFamily.INET;
    DatagramChannel ch = DatagramChannel.open(family);
    try {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
      ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
      ch.bind(bindAddress);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    channel = ch;
    InetSocketAddress bound = (InetSocketAddress) ch.getLocalAddress();
    boundAddress = bound;
    peers = Peers.of(withSelf(peers.byId(), bound));
    LOG.info(
        "[node {}] ring transport bound to {} (SO_RCVBUF {}, SO_SNDBUF {})",
        localId,
        bound,
        ch.getOption(StandardSocketOptions.SO_RCVBUF),
        ch.getOption(StandardSocketOptions.SO_SNDBUF));
    running = true;
    Thread t = new Thread(this::receiveLoop, "ring-rx-" + localId);
    t.setDaemon(true);
    receiver = t;
    t.start();
  }

  /** The bound address (with the real port when bound to port 0); null before {@link #start}. */
  public InetSocketAddress localAddress() {
    return boundAddress;
  }

  /** This node's id. */
  public int localId() {
    return localId;
  }

  /**
   * Replaces the peer table (e.g. once every test node knows its port). The local node's entry is
   * always its bound address.
   */
  public synchronized void setPeers(Map<Integer, InetSocketAddress> newPeers) {
    InetSocketAddress self = boundAddress == null ? bindAddress : boundAddress;
    peers = Peers.of(withSelf(newPeers, self));
  }

  /** Sends {@code packet} to each node in {@code to}; errors are counted, never thrown. */
  @Override
  public void down(int[] to, byte[] packet) {
    DatagramChannel ch = channel;
    if (ch == null || !running) {
      counters.add("send_error", to.length);
      return;
    }
    Map<Integer, InetSocketAddress> byId = peers.byId();
    for (int id : to) {
      InetSocketAddress addr = byId.get(id);
      if (addr == null) {
        counters.inc("unknown_destination");
        continue;
      }
      try {
        ch.send(ByteBuffer.wrap(packet), addr);
      } catch (IOException | RuntimeException e) {
        // RuntimeException: e.g. an UnresolvedAddressException or a SecurityException
        counters.inc("send_error");
        if (running) {
          LOG.debug("[node {}] send of {} bytes to node {} failed", localId, packet.length, id, e);
        }
      }
    }
  }

  /** The receiver thread: one datagram at a time, until {@link #close}. */
  private void receiveLoop() {
    ByteBuffer buf = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
    DatagramChannel ch = channel;
    while (running) {
      SocketAddress src;
      try {
        buf.clear();
        src = ch.receive(buf);
      } catch (ClosedChannelException e) {
        break; // close(), including AsynchronousCloseException
      } catch (IOException e) {
        counters.inc("receive_error");
        LOG.warn("[node {}] ring receive failed", localId, e);
        continue;
      }
      buf.flip();
      byte[] data = new byte[buf.remaining()];
      buf.get(data);
      received(src, data);
    }
    if (running) {
      LOG.error("[node {}] ring receiver stopped before close(): the node hears nothing", localId);
    } else {
      LOG.debug("[node {}] ring receiver stopped", localId);
    }
  }

  /**
   * Handles one received datagram as the receiver thread does: maps the source to a node id (or
   * drops it as {@code unknown_sender}) and passes it up. Package-private for tests.
   */
  void received(SocketAddress src, byte[] data) {
    Integer from = src instanceof InetSocketAddress isa ? peers.byAddr().get(isa) : null;
    if (from == null) {
      counters.inc("unknown_sender");
      return;
    }
    try {
      up(from, data);
    } catch (RuntimeException e) {
      counters.inc("rx_error");
      LOG.error("[node {}] layer above failed on a packet from node {}", localId, from, e);
    }
    if (Thread.currentThread() == receiver && Thread.interrupted()) {
      // an interrupt would close the channel on the next receive and leave the node deaf
      LOG.warn("[node {}] layer above left the ring receiver interrupted; cleared", localId);
    }
  }

  /** True while the receiver thread runs. */
  public boolean isReceiving() {
    Thread t = receiver;
    return t != null && t.isAlive();
  }

  /** Closes the socket and waits (at most a second) for the receiver thread to end. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = receiver;
      DatagramChannel ch = channel;
      if (ch != null) {
        try {
          ch.close(); // wakes the receiver with an AsynchronousCloseException
        } catch (IOException e) {
          LOG.warn("[node {}] closing the ring socket failed", localId, e);
        }
      }
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        LOG.warn("[node {}] ring receiver thread did not stop within 1 s", localId);
      }
    }
  }

  private Map<Integer, InetSocketAddress> withSelf(
      Map<Integer, InetSocketAddress> given, InetSocketAddress self) {
    Map<Integer, InetSocketAddress> m = new HashMap<>(given);
    m.put(localId, self);
    return m;
  }
}
