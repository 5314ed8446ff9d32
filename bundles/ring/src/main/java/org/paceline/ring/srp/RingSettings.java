package org.paceline.ring.srp;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.TotemConfig;

/**
 * The ring protocol's timing and size settings, derived from corosync.conf's totem section.
 *
 * @param localNodeId this node's id
 * @param nodes every node id of the nodelist (ascending)
 * @param token lost-token timeout (already including token_coefficient for the nodelist size)
 * @param join how long a member of a forming ring may stay silent before it is left out; joins are
 *     resent every quarter of it
 * @param consensus how long a membership round may last before disagreeing members are left out
 * @param merge how often a ring's representative looks for nodes outside the ring
 * @param hold how long an idle node keeps the token before passing it on
 * @param tokenRetransmit how long to wait for a token's acknowledgement before resending it
 * @param maxMessages the most packets a node sends per token visit
 * @param windowSize the most packets in flight (sent, not yet received by all)
 * @param maxPacket the largest protocol packet (the budget below netmtu after encryption)
 * @param sendJoin the first join of a round waits a random time up to this (0: none), so that many
 *     nodes losing the token together do not all send at once (Corosync's send_join)
 */
public record RingSettings(
    int localNodeId,
    List<Integer> nodes,
    Duration token,
    Duration join,
    Duration consensus,
    Duration merge,
    Duration hold,
    Duration tokenRetransmit,
    int maxMessages,
    int windowSize,
    int maxPacket,
    Duration sendJoin) {

  public RingSettings {
    sendJoin = sendJoin == null ? Duration.ZERO : sendJoin;
    nodes = List.copyOf(nodes.stream().sorted().toList());
    if (!nodes.contains(localNodeId)) {
      throw new IllegalArgumentException(
          "node " + localNodeId + " is not in the nodelist " + nodes);
    }
    Objects.requireNonNull(token, "token");
    if (maxPacket < 2 * Wire.MCAST_HEADER + 64) {
      throw new IllegalArgumentException("packet budget " + maxPacket + " is too small");
    }
  }

  /**
   * Settings for node {@code localNodeId} from corosync.conf.
   *
   * @param overhead bytes the layers below add to each packet (encryption header and tag)
   */
  public static RingSettings from(ClusterConfig cluster, int localNodeId, int overhead) {
    TotemConfig t = cluster.totem();
    List<Integer> ids = cluster.nodes().stream().map(ClusterNode::nodeId).toList();
    Duration token = t.effectiveToken(ids.size());
    return new RingSettings(
        localNodeId,
        ids,
        token,
        t.join(),
        t.consensus(),
        t.merge(),
        defaultHold(token, ids.size()),
        defaultRetransmit(token),
        t.maxMessages(),
        t.windowSize(),
        t.netmtu() - 28 - overhead,
        t.sendJoin());
  }

  /**
   * An idle token makes a full rotation in about a third of the token timeout, so a lost token is
   * noticed on time, at most every 50 ms per node, which keeps an idle ring nearly free.
   */
  static Duration defaultHold(Duration token, int nodes) {
    long micros = token.toNanos() / 1000 / (3L * Math.max(1, nodes));
    return Duration.ofNanos(Math.min(micros, 50_000) * 1000);
  }

  /** Token retransmission: a twentieth of the token timeout, between 2 and 50 ms. */
  static Duration defaultRetransmit(Duration token) {
    long ms = Math.max(2, Math.min(50, token.toMillis() / 20));
    return Duration.ofMillis(ms);
  }

  /** The largest application chunk one mcast carries (room is kept to wrap it in recovery). */
  public int maxChunk() {
    return maxPacket - 2 * Wire.MCAST_HEADER - 8;
  }
}
