package org.paceline.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the configuration folders of a new cluster: {@code DIR/<node>/} with corosync.conf,
 * paceline.conf, the shared authkey and the shared admin credential.
 */
final class ClusterInit {

  /**
   * A node on the command line, {@code NAME=ADDRESS}.
   *
   * @param name node name
   * @param address ring0 address
   */
  record NodeSpec(String name, String address) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:-]+");

    static NodeSpec parse(String arg) {
      int eq = arg.indexOf('=');
      if (eq <= 0 || eq == arg.length() - 1) {
        throw new CliException(
            ExitCodes.USAGE, "bad node '" + arg + "': expected NAME=ADDRESS, e.g. n1=127.0.0.1");
      }
      String name = arg.substring(0, eq);
      String address = arg.substring(eq + 1);
      if (!NAME.matcher(name).matches()) {
        throw new CliException(
            ExitCodes.USAGE,
            "bad node name '" + name + "' in '" + arg + "': use letters, digits, '.', '_', '-'");
      }
      if (!ADDRESS.matcher(address).matches()) {
        throw new CliException(ExitCodes.USAGE, "bad address '" + address + "' in '" + arg + "'");
      }
      return new NodeSpec(name, address);
    }

    boolean loopback() {
      return address.startsWith("127.") || address.equals("::1") || address.equals("localhost");
    }
  }

  /**
   * What to write.
   *
   * @param name cluster name
   * @param dir parent folder of the node folders
   * @param nodes the nodes, node ids in this order from 1
   * @param tokenMillis totem token
   * @param ringPort UDP port of the ring
   * @param adminPort admin API port (0: any free port at start)
   * @param force replace existing files
   * @param tls give the admin API a TLS key (see {@link AdminTls})
   */
  record Spec(
      String name,
      Path dir,
      List<NodeSpec> nodes,
      int tokenMillis,
      int ringPort,
      int adminPort,
      boolean force,
      boolean tls) {

    Spec(
        String name,
        Path dir,
        List<NodeSpec> nodes,
        int tokenMillis,
        int ringPort,
        int adminPort,
        boolean force) {
      this(name, dir, nodes, tokenMillis, ringPort, adminPort, force, false);
    }
  }

  /** The files written into every node's folder. */
  private static final List<String> FILES =
      List.of("corosync.conf", "paceline.conf", "authkey", "credential");

  /** The files written into every node's folder with {@code --tls}. */
  private static final List<String> TLS_FILES =
      List.of(AdminTls.KEYSTORE, AdminTls.PASSWORD, AdminTrust.TRUST_FILE);

  private ClusterInit() {}

  /** Writes every node's folder and returns them in node order. */
  static List<Path> write(Spec spec) throws IOException {
    validate(spec);
    if (!spec.force()) {
      // refuse before writing anything, so that no node is half-replaced
      List<String> files = new ArrayList<>(FILES);
      if (spec.tls()) {
        files.addAll(TLS_FILES);
      }
      for (NodeSpec node : spec.nodes()) {
        for (String name : files) {
          Path file = spec.dir().resolve(node.name()).resolve(name);
          if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException(
                ExitCodes.USAGE,
                file + " already exists; choose another --dir or pass --force to replace it");
          }
        }
      }
    }
    byte[] authkey = Secrets.newAuthKey();
    String credential = Secrets.newCredential();
    String corosync = corosyncConf(spec);
    List<Path> written = new ArrayList<>();
    for (NodeSpec node : spec.nodes()) {
      Path nodeDir = spec.dir().resolve(node.name());
      Path corosyncFile = nodeDir.resolve("corosync.conf");
      Files.createDirectories(nodeDir);
      Files.writeString(corosyncFile, corosync, StandardCharsets.UTF_8);
      Files.writeString(
          nodeDir.resolve("paceline.conf"), pacelineConf(spec, node), StandardCharsets.UTF_8);
      Secrets.writePrivate(nodeDir.resolve("authkey"), authkey, true);
      Secrets.writePrivate(
          nodeDir.resolve("credential"),
          (credential + "\n").getBytes(StandardCharsets.UTF_8),
          true);
      written.add(nodeDir);
    }
    if (spec.tls()) {
      AdminTls.write(spec.name(), spec.nodes(), written);
    }
    return written;
  }

  private static void validate(Spec spec) {
    if (!Pattern.matches("[A-Za-z0-9][A-Za-z0-9_.-]*", spec.name())) {
      throw new CliException(
          ExitCodes.USAGE,
          "bad cluster name '" + spec.name() + "': use letters, digits, '.', '_', '-'");
    }
    if (spec.nodes().isEmpty()) {
      throw new CliException(
          ExitCodes.USAGE, "name at least one node: NAME=ADDRESS, e.g. n1=127.0.0.1 n2=127.0.0.2");
    }
    Set<String> names = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (NodeSpec n : spec.nodes()) {
      if (!names.add(n.name())) {
        throw new CliException(ExitCodes.USAGE, "node name '" + n.name() + "' is given twice");
      }
      if (!addresses.add(n.address())) {
        throw new CliException(
            ExitCodes.USAGE,
            "address " + n.address() + " is given to two nodes; each node needs its own address");
      }
    }
    if (spec.tokenMillis() < 50 || spec.tokenMillis() > 3_600_000) {
      throw new CliException(
          ExitCodes.USAGE, "--token " + spec.tokenMillis() + " is out of range [50, 3600000] ms");
    }
    if (spec.ringPort() < 1 || spec.ringPort() > 65_535) {
      throw new CliException(ExitCodes.USAGE, "--port " + spec.ringPort() + " is not a UDP port");
    }
    if (spec.adminPort() < 0 || spec.adminPort() > 65_535) {
      throw new CliException(
          ExitCodes.USAGE, "--admin-port " + spec.adminPort() + " is not a TCP port");
    }
  }

  static String corosyncConf(Spec spec) {
    StringBuilder sb = new StringBuilder();
    sb.append("# corosync.conf of cluster ")
        .append(spec.name())
        .append(", written by 'paceline cluster init'.\n");
    sb.append("# Corosync syntax; the same file on every node. See README, \"Configuration\".\n\n");
    sb.append("totem {\n");
    sb.append("    version: 2\n");
    sb.append("    cluster_name: ").append(spec.name()).append('\n');
    sb.append("    token: ").append(spec.tokenMillis()).append('\n');
    sb.append("    crypto_cipher: aes256\n");
    sb.append("    crypto_hash: sha256\n");
    sb.append("    interface {\n");
    sb.append("        linknumber: 0\n");
    sb.append("        mcastport: ").append(spec.ringPort()).append('\n');
    sb.append("    }\n");
    sb.append("}\n\n");
    sb.append("nodelist {\n");
    int id = 1;
    for (NodeSpec n : spec.nodes()) {
      sb.append("    node {\n");
      sb.append("        nodeid: ").append(id++).append('\n');
      sb.append("        name: ").append(n.name()).append('\n');
      sb.append("        ring0_addr: ").append(n.address()).append('\n');
      sb.append("    }\n");
    }
    sb.append("}\n\n");
    sb.append("quorum {\n");
    sb.append("    provider: corosync_votequorum\n");
    if (spec.nodes().size() == 2) {
      sb.append("    two_node: 1\n");
    }
    sb.append("}\n\n");
    sb.append("logging {\n");
    sb.append("    to_logfile: yes\n");
    sb.append("    logfile: paceline.log\n");
    sb.append("    to_stderr: no\n");
    sb.append("    timestamp: on\n");
    sb.append("}\n");
    return sb.toString();
  }

  static String pacelineConf(Spec spec, NodeSpec node) {
    String bind =
        node.loopback() && !node.address().equals("localhost") ? node.address() : "127.0.0.1";
    return "# paceline.conf of node "
        + node.name()
        + " in cluster "
        + spec.name()
        + ", written by 'paceline cluster init'.\n"
        + "# Relative paths are relative to this folder.\n\n"
        + "node {\n"
        + "    name: "
        + node.name()
        + "\n}\n\n"
        + "paths {\n"
        + "    state_dir: state\n"
        + "}\n\n"
        + "admin {\n"
        + "    bind: "
        + bind
        + "\n"
        + "    port: "
        + spec.adminPort()
        + "\n"
        + "    credential_file: credential\n"
        + (spec.tls()
            ? "    tls_keystore: "
                + AdminTls.KEYSTORE
                + "\n    tls_keystore_password_file: "
                + AdminTls.PASSWORD
                + "\n"
            : "")
        + "}\n";
  }
}
