package org.paceline.cli;

import java.nio.file.Path;
import org.paceline.api.config.NodeConfiguration;
import picocli.CommandLine.Option;

/**
 * The {@code --config DIR} option of every command that talks to a node, as a picocli mixin: the
 * node is found through {@code --config}, then {@code $PACELINE_CONF}, then {@code /etc/paceline}.
 */
final class NodeOption {

  @Option(names = "--config", paramLabel = "DIR", description = "The node's configuration folder.")
  Path config;

  @Option(
      names = "--cacert",
      paramLabel = "FILE",
      description =
          "PEM certificate(s) to trust when the node's admin API uses TLS (default: the node's"
              + " admin-ca.pem, else the system's trust store).")
  Path cacert;

  /** The node's configuration. */
  NodeConfiguration load() {
    return ConfigDirs.load(config, Paceline.home());
  }

  /** A client for the node's admin API. */
  AdminClient admin() {
    return new AdminClient(load(), cacert);
  }
}
