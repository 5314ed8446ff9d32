package org.paceline.api.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A node's whole configuration: its folder, what corosync.conf says about the cluster, and what
 * paceline.conf says about this node. The launcher registers it as an OSGi service.
 *
 * @param configDir the node's configuration folder
 * @param cluster corosync.conf
 * @param node paceline.conf
 */
public record NodeConfiguration(Path configDir, ClusterConfig cluster, NodeSettings node) {

  public NodeConfiguration {
    Objects.requireNonNull(configDir, "configDir");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(node, "node");
    if (cluster.node(node.name()).isEmpty()) {
      throw new IllegalArgumentException(
          "node '" + node.name() + "' is not in the nodelist of corosync.conf");
    }
  }

  /** This node's nodelist entry. */
  public ClusterNode self() {
    return cluster.node(node.name()).orElseThrow();
  }
}
