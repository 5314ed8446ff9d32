package org.paceline.launcher.config;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.paceline.api.config.AdminSettings;
import org.paceline.api.config.NodeSettings;

/**
 * Reads paceline.conf, the node's own settings, written in the same syntax as corosync.conf:
 *
 * <pre>
 * node {
 *     name: n1                      # this node's name in corosync.conf's nodelist (required)
 * }
 * paths {
 *     state_dir: state              # CIB, journal, run files (default: state)
 *     deploy_dir: deploy            # watched for plugin bundles (default: the dist's deploy/)
 * }
 * admin {
 *     bind: 127.0.0.1               # admin API address (default: 127.0.0.1)
 *     port: 7480                    # 0: any free port (default: 7480)
 *     credential_file: credential   # user:password, mode 0600 (default: credential)
 * }
 * </pre>
 *
 * Relative paths resolve against the configuration folder.
 */
public final class PacelineConfReader {

  /** The admin API's default TCP port. */
  public static final int DEFAULT_ADMIN_PORT = 7480;

  private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  /**
   * Reads {@code file}.
   *
   * @param configDir relative paths resolve against it
   * @param defaultDeployDir the deploy folder when the file names none
   */
  public NodeSettings read(Path file, Path configDir, Path defaultDeployDir)
      throws ConfigException {
    ConfigTree.Section root = ConfigParser.parse(file);
    SectionReader top = new SectionReader(root);
    top.allowSections("node", "paths", "admin");
    top.finish();
    for (String name : List.of("node", "paths", "admin")) {
      List<ConfigTree.Section> found = root.sections(name);
      if (found.size() > 1) {
        throw new ConfigException(
            file,
            found.get(1).line(),
            name,
            "section appears twice (first on line " + found.get(0).line() + ")");
      }
    }
    if (root.sections("node").isEmpty()) {
      throw new ConfigException(
          file, 0, "node", "required section 'node { name: ... }' is missing");
    }
    SectionReader node = new SectionReader(root.sections("node").get(0));
    String name = node.requiredString("name");
    if (!NODE_NAME.matcher(name).matches()) {
      throw node.error(node.entry("name").orElseThrow(), "'" + name + "' is not a valid node name");
    }
    node.finish();

    Path stateDir = configDir.resolve("state");
    Path deployDir = defaultDeployDir != null ? defaultDeployDir : configDir.resolve("deploy");
    if (!root.sections("paths").isEmpty()) {
      SectionReader paths = new SectionReader(root.sections("paths").get(0));
      stateDir = configDir.resolve(paths.string("state_dir", "state"));
      String deploy = paths.string("deploy_dir", null);
      if (deploy != null) {
        deployDir = configDir.resolve(deploy);
      }
      paths.finish();
    }

    String bind = "127.0.0.1";
    int port = DEFAULT_ADMIN_PORT;
    Path credential = configDir.resolve("credential");
    if (!root.sections("admin").isEmpty()) {
      SectionReader admin = new SectionReader(root.sections("admin").get(0));
      bind = admin.string("bind", bind);
      port = admin.integer("port", port, 0, 65_535);
      credential = configDir.resolve(admin.string("credential_file", "credential"));
      admin.finish();
    }
    return new NodeSettings(
        name,
        stateDir.normalize(),
        deployDir.normalize(),
        new AdminSettings(bind, port, credential.normalize()));
  }
}
