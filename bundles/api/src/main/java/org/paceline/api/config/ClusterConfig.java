package org.paceline.api.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything corosync.conf says: ring settings, the nodelist, quorum and logging.
 *
 * @param totem the ring's settings
 * @param nodes the nodelist, in file order
 * @param quorum votequorum settings
 * @param logging where and how to log
 */
public record ClusterConfig(
    TotemConfig totem, List<ClusterNode> nodes, QuorumConfig quorum, LoggingConfig logging) {

  public ClusterConfig {
    Objects.requireNonNull(totem, "totem");
    Objects.requireNonNull(quorum, "quorum");
    Objects.requireNonNull(logging, "logging");
    nodes = List.copyOf(nodes);
  }

  /** The nodelist entry named {@code name}. */
  public Optional<ClusterNode> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }
}
