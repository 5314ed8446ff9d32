package org.paceline.ring.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.ring.RingControl;
import org.paceline.api.ring.RingStatus;
import org.paceline.ring.layer.Counters;
import org.paceline.ring.layer.CryptoLayer;
import org.paceline.ring.layer.FaultLayer;
import org.paceline.ring.layer.Layer;
import org.paceline.ring.layer.UdpTransport;
import org.paceline.ring.srp.RingListener;
import org.paceline.ring.srp.RingSettings;
import org.paceline.ring.srp.SrpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's ring, built from its configuration: UDP transport on {@code ring0_addr}, AES-256-GCM
 * under the cluster's authkey, fault injection, and the ordering and membership protocol on top.
 */
public final class RingNode implements RingControl, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RingNode.class);

  private final int nodeId;
  private final Counters counters;
  private final UdpTransport transport;
  private final CryptoLayer crypto;
  private final FaultLayer faults;
  private final SrpEngine engine;
  private volatile RingStatus.FaultSpec faultSpec = RingStatus.FaultSpec.none();

  /**
   * Builds the stack; nothing is bound or sent until {@link #start}.
   *
   * @param config the node's configuration
   * @param listener receives the ring's deliveries and views
   * @param counters where every layer counts drops, retransmissions and views
   * @throws IOException if the authkey cannot be read or an address cannot be resolved
   */
  public RingNode(NodeConfiguration config, RingListener listener, Counters counters)
      throws IOException {
    this.counters = counters;
    ClusterConfig cluster = config.cluster();
    ClusterNode self = config.self();
    this.nodeId = self.nodeId();
    byte[] key = readAuthKey(config.configDir().resolve("authkey"));
    int port = cluster.totem().port();
    Map<Integer, InetSocketAddress> peers = new HashMap<>();
    for (ClusterNode n : cluster.nodes()) {
      peers.put(n.nodeId(), new InetSocketAddress(resolve(n), port));
    }
    transport = new UdpTransport(nodeId, peers.get(nodeId), peers, counters);
    CryptoLayer.Mode mode =
        "none".equals(cluster.totem().cryptoCipher())
            ? CryptoLayer.Mode.AUTHENTICATE
            : CryptoLayer.Mode.ENCRYPT;
    crypto =
        new CryptoLayer(
            key,
            cluster.totem().clusterName(),
            nodeId,
            CryptoLayer.newEpoch(),
            mode,
            CryptoLayer.MAX_PACKET,
            counters);
    faults = new FaultLayer(nodeId, counters);
    RingSettings settings = RingSettings.from(cluster, nodeId, CryptoLayer.OVERHEAD);
    engine = new SrpEngine(settings, listener, counters);
    Layer.stack(engine, faults, crypto, transport);
    LOG.info(
        "node {}: ring on {} (token {} ms, join {} ms, consensus {} ms, hold {} ms, {})",
        nodeId,
        peers.get(nodeId),
        settings.token().toMillis(),
        settings.join().toMillis(),
        settings.consensus().toMillis(),
        settings.hold().toMillis(),
        mode == CryptoLayer.Mode.ENCRYPT ? "AES-256-GCM" : "authenticated, not encrypted");
  }

  private static InetAddress resolve(ClusterNode n) throws IOException {
    try {
      return InetAddress.getByName(n.ring0Address());
    } catch (IOException e) {
      throw new IOException(
          "cannot resolve ring0_addr '" + n.ring0Address() + "' of node " + n.name(), e);
    }
  }

  private static byte[] readAuthKey(Path file) throws IOException {
    byte[] key;
    try {
      key = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException(
          "authkey " + file + " not found: copy the cluster's authkey there (paceline keygen)", e);
    }
    if (key.length < 32) {
      throw new IOException(
          "authkey "
              + file
              + " has "
              + key.length
              + " bytes; it needs at least 32 (paceline keygen)");
    }
    return key;
  }

  /** Binds the socket and starts the protocol. */
  public void start() throws IOException {
    transport.start();
    crypto.start();
    faults.start();
    engine.start();
  }

  /** The protocol engine (for the group layer). */
  public SrpEngine engine() {
    return engine;
  }

  /** This node's id. */
  public int nodeId() {
    return nodeId;
  }

  @Override
  public RingStatus status() {
    return new RingStatus(
        nodeId, engine.state().name(), engine.currentView(), counters.snapshot(), faultSpec);
  }

  @Override
  public synchronized void setFaults(RingStatus.FaultSpec spec) {
    faults.reset();
    faults.drop(spec.drop()).duplicate(spec.duplicate());
    if (spec.reorder() > 0) {
      faults.reorder(spec.reorder(), Duration.ofMillis(10));
    }
    if (spec.delayMillis() > 0) {
      faults.delay(Duration.ofMillis(spec.delayMillis()), Duration.ofMillis(spec.delayMillis()));
    }
    Set<Integer> cut = new HashSet<>(spec.cut());
    cut.remove(nodeId);
    if (!cut.isEmpty()) {
      faults.cut(cut.stream().mapToInt(Integer::intValue).toArray());
    }
    faultSpec = spec;
    LOG.warn("node {}: ring fault injection now {}", nodeId, spec);
  }

  @Override
  public void close() {
    engine.close();
    faults.close();
    crypto.close();
    transport.close();
  }
}
