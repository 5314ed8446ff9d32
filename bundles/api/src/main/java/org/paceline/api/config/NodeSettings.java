package org.paceline.api.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What paceline.conf says about this node.
 *
 * @param name this node's name in the nodelist
 * @param stateDir where the node keeps its CIB, journal, run files and agent state
 * @param deployDir the folder watched for hot-deployed plugin bundles
 * @param admin the admin API's settings
 */
public record NodeSettings(String name, Path stateDir, Path deployDir, AdminSettings admin) {

  public NodeSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(deployDir, "deployDir");
    Objects.requireNonNull(admin, "admin");
  }

  /** {@code <state_dir>/run}: pid file and the admin URL of a running node. */
  public Path runDir() {
    return stateDir.resolve("run");
  }

  /** The pid file of a running node. */
  public Path pidFile() {
    return runDir().resolve("paceline.pid");
  }

  /** The file where a running node writes its admin API's base URL. */
  public Path adminUrlFile() {
    return runDir().resolve("admin.url");
  }

  /** Where agents keep state across restarts of their bundles. */
  public Path agentStateDir() {
    return stateDir.resolve("agents");
  }
}
