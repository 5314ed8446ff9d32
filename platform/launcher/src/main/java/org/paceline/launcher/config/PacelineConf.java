package org.paceline.launcher.config;

import java.util.Objects;
import org.paceline.api.config.NodeSettings;

/**
 * Everything paceline.conf says.
 *
 * @param node the node's settings, shared with the bundles as part of the node configuration
 * @param agents where agent plugins look for scripts, given to the bundles as framework properties
 */
public record PacelineConf(NodeSettings node, AgentSettings agents) {

  public PacelineConf {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(agents, "agents");
  }
}
