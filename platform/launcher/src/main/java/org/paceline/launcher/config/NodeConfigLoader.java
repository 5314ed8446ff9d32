package org.paceline.launcher.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.config.NodeSettings;

/** Loads a node's configuration folder: {@code corosync.conf} and {@code paceline.conf}. */
public final class NodeConfigLoader {

  /** corosync.conf's name inside a configuration folder. */
  public static final String COROSYNC_CONF = "corosync.conf";

  /** paceline.conf's name inside a configuration folder. */
  public static final String PACELINE_CONF = "paceline.conf";

  private List<String> notes = List.of();
  private AgentSettings agents = AgentSettings.defaults();
  private java.util.Map<String, String> events = java.util.Map.of();

  /** Notes about accepted keys without effect, from the last {@link #load}. */
  public List<String> notes() {
    return notes;
  }

  /** paceline.conf's {@code events { }} settings as framework properties, from the last load. */
  public java.util.Map<String, String> events() {
    return events;
  }

  /** paceline.conf's {@code agents { }} settings, from the last {@link #load}. */
  public AgentSettings agents() {
    return agents;
  }

  /**
   * Loads {@code configDir}.
   *
   * @param defaultDeployDir the deploy folder when paceline.conf names none (the dist's deploy/)
   */
  public NodeConfiguration load(Path configDir, Path defaultDeployDir) throws ConfigException {
    Path dir = configDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(dir, 0, null, "configuration folder not found");
    }
    CorosyncConfReader corosync = new CorosyncConfReader();
    Path corosyncFile = dir.resolve(COROSYNC_CONF);
    ClusterConfig cluster = corosync.read(corosyncFile, dir);
    Path pacelineFile = dir.resolve(PACELINE_CONF);
    PacelineConf paceline = new PacelineConfReader().readAll(pacelineFile, dir, defaultDeployDir);
    NodeSettings node = paceline.node();
    if (cluster.node(node.name()).isEmpty()) {
      throw new ConfigException(
          pacelineFile,
          0,
          "node.name",
          "node '"
              + node.name()
              + "' is not in the nodelist of "
              + corosyncFile
              + " (it has: "
              + String.join(", ", cluster.nodes().stream().map(n -> n.name()).toList())
              + ")");
    }
    notes = corosync.notes();
    agents = paceline.agents();
    events = paceline.eventsFrameworkProperties();
    return new NodeConfiguration(dir, cluster, node);
  }
}
