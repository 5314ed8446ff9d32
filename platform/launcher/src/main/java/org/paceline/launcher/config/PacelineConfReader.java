package org.paceline.launcher.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * agents {
 *     ocf_root: /usr/lib/ocf        # OCF roots, searched in order, ':'-separated
 *     lsb_initdir: /etc/init.d      # LSB init scripts
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
    return readAll(file, configDir, defaultDeployDir).node();
  }

  /**
   * Reads {@code file}, with the settings only the launcher uses.
   *
   * @param configDir relative paths resolve against it
   * @param defaultDeployDir the deploy folder when the file names none
   */
  public PacelineConf readAll(Path file, Path configDir, Path defaultDeployDir)
      throws ConfigException {
    ConfigTree.Section root = ConfigParser.parse(file);
    SectionReader top = new SectionReader(root);
    top.allowSections("node", "paths", "admin", "agents", "events", "fencing");
    top.finish();
    for (String name : List.of("node", "paths", "admin", "agents", "events", "fencing")) {
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
    Path keystore = null;
    Path keystorePassword = null;
    if (!root.sections("admin").isEmpty()) {
      SectionReader admin = new SectionReader(root.sections("admin").get(0));
      bind = admin.string("bind", bind);
      port = admin.integer("port", port, 0, 65_535);
      credential = configDir.resolve(admin.string("credential_file", "credential"));
      String ks = admin.string("tls_keystore", null);
      String ksPassword = admin.string("tls_keystore_password_file", null);
      if ((ks == null) != (ksPassword == null)) {
        ConfigTree.Entry given =
            admin.entry(ks != null ? "tls_keystore" : "tls_keystore_password_file").orElseThrow();
        throw admin.error(
            given, "TLS needs both tls_keystore (a PKCS#12 file) and tls_keystore_password_file");
      }
      if (ks != null) {
        keystore = configDir.resolve(ks).normalize();
        keystorePassword = configDir.resolve(ksPassword).normalize();
        for (String key : List.of("tls_keystore", "tls_keystore_password_file")) {
          Path p = key.equals("tls_keystore") ? keystore : keystorePassword;
          if (!java.nio.file.Files.isReadable(p)) {
            throw admin.error(admin.entry(key).orElseThrow(), "cannot read " + p);
          }
        }
      }
      admin.finish();
    }
    NodeSettings settings =
        new NodeSettings(
            name,
            stateDir.normalize(),
            deployDir.normalize(),
            new AdminSettings(bind, port, credential.normalize(), keystore, keystorePassword));
    AgentSettings agents = AgentSettings.defaults();
    if (!root.sections("agents").isEmpty()) {
      agents = agents(new SectionReader(root.sections("agents").get(0)), configDir);
    }
    Map<String, String> events = new java.util.TreeMap<>();
    if (!root.sections("events").isEmpty()) {
      ConfigTree.Section ev = root.sections("events").get(0);
      for (ConfigTree.Entry e : ev.entries()) {
        put(file, events, e.key(), e);
      }
      for (ConfigTree.Section sub : ev.sections()) {
        if (!sub.name().equals("kafka")) {
          throw new ConfigException(
              file,
              sub.line(),
              sub.path(),
              "unknown section '" + sub.name() + "' in 'events' (allowed: kafka)");
        }
        if (!sub.sections().isEmpty()) {
          throw new ConfigException(
              file, sub.sections().get(0).line(), sub.path(), "'kafka' takes no sub-sections");
        }
        for (ConfigTree.Entry e : sub.entries()) {
          put(file, events, "kafka." + e.key(), e);
        }
      }
    }
    Optional<Path> watchdog = Optional.empty();
    if (!root.sections("fencing").isEmpty()) {
      SectionReader fencing = new SectionReader(root.sections("fencing").get(0));
      String device = fencing.string("watchdog_device", null);
      if (device != null) {
        watchdog = Optional.of(configDir.resolve(device).normalize());
      }
      fencing.finish();
    }
    return new PacelineConf(settings, agents, events, watchdog);
  }

  private static void put(Path file, Map<String, String> events, String key, ConfigTree.Entry e)
      throws ConfigException {
    if (events.putIfAbsent(key, e.value()) != null) {
      throw new ConfigException(file, e.line(), "events." + key, "set twice");
    }
  }

  private static AgentSettings agents(SectionReader section, Path configDir)
      throws ConfigException {
    List<Path> ocfRoots = new ArrayList<>();
    Optional<ConfigTree.Entry> ocf = section.entry("ocf_root");
    if (ocf.isPresent()) {
      for (String part : ocf.get().value().split(":", -1)) {
        if (part.isBlank()) {
          throw section.error(
              ocf.get(), "empty path in '" + ocf.get().value() + "' (separate roots with ':')");
        }
        ocfRoots.add(path(section, ocf.get(), part.strip(), configDir));
      }
    }
    Optional<Path> lsb = Optional.empty();
    Optional<ConfigTree.Entry> init = section.entry("lsb_initdir");
    if (init.isPresent()) {
      if (init.get().value().isEmpty()) {
        throw section.error(init.get(), "needs a value");
      }
      lsb = Optional.of(path(section, init.get(), init.get().value(), configDir));
    }
    section.finish();
    return new AgentSettings(ocfRoots, lsb);
  }

  private static Path path(
      SectionReader section, ConfigTree.Entry entry, String text, Path configDir)
      throws ConfigException {
    if (text.contains(",")) {
      throw section.error(entry, "'" + text + "': a path here cannot contain ','");
    }
    return configDir.resolve(text).toAbsolutePath().normalize();
  }
}
