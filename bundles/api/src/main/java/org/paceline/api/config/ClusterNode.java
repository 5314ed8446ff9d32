package org.paceline.api.config;

import java.util.Objects;

/**
 * One entry of corosync.conf's {@code nodelist}.
 *
 * @param nodeId {@code nodeid}, unique and positive
 * @param name {@code name}, the node's cluster name
 * @param ring0Address {@code ring0_addr}, the address the ring binds and peers send to
 * @param votes {@code quorum_votes} (default 1)
 */
public record ClusterNode(int nodeId, String name, String ring0Address, int votes) {

  public ClusterNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ring0Address, "ring0Address");
  }
}
