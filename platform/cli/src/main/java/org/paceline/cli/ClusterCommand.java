package org.paceline.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.paceline.launcher.config.CorosyncConfReader;
import org.paceline.launcher.config.PacelineConfReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code paceline cluster ...}. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Create a cluster's configuration.",
    subcommands = {ClusterCommand.Init.class})
final class ClusterCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code paceline cluster init}. */
  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = {
        "Write DIR/<node>/ for every node: corosync.conf, paceline.conf, the shared authkey and",
        "the admin credential (mode 0600). Node ids follow the order of the NAME=ADDRESS list."
      })
  static final class Init implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Cluster name.")
    String name;

    @Option(
        names = "--dir",
        required = true,
        paramLabel = "DIR",
        description = "Parent folder of the node folders.")
    Path dir;

    @Option(
        names = "--token",
        paramLabel = "MS",
        description = "Totem token timeout in milliseconds (default: ${DEFAULT-VALUE}).")
    int token = (int) CorosyncConfReader.DEFAULT_TOKEN.toMillis();

    @Option(
        names = "--port",
        paramLabel = "PORT",
        description = "UDP port of the ring on every node (default: ${DEFAULT-VALUE}).")
    int port = CorosyncConfReader.DEFAULT_PORT;

    @Option(
        names = "--admin-port",
        paramLabel = "PORT",
        description =
            "TCP port of each node's admin API; 0 picks a free port at start (default:"
                + " ${DEFAULT-VALUE}).")
    int adminPort = PacelineConfReader.DEFAULT_ADMIN_PORT;

    @Option(
        names = "--fencing",
        paramLabel = "DEVICE",
        description = "Fence device to configure: process or none (default: ${DEFAULT-VALUE}).")
    String fencing = "none";

    @Option(names = "--force", description = "Replace existing files in DIR.")
    boolean force;

    @Option(
        names = "--tls",
        description = {
          "Serve the admin API over HTTPS: writes a self-signed key for the cluster",
          "(admin-tls.p12, admin-tls.pass) and its certificate admin-ca.pem, which the CLI",
          "trusts, into every node folder."
        })
    boolean tls;

    @Parameters(
        arity = "1..*",
        paramLabel = "NAME=ADDRESS",
        description = "The nodes and their ring addresses, e.g. n1=127.0.0.1 n2=127.0.0.2.")
    List<String> nodes;

    @Override
    public Integer call() throws Exception {
      switch (fencing) {
        case "none", "process" -> {}
        default ->
            throw new CliException(
                ExitCodes.USAGE, "--fencing '" + fencing + "' is not one of: process, none");
      }
      List<ClusterInit.NodeSpec> specs = nodes.stream().map(ClusterInit.NodeSpec::parse).toList();
      Path abs = dir.toAbsolutePath().normalize();
      List<Path> written =
          ClusterInit.write(
              new ClusterInit.Spec(name, abs, specs, token, port, adminPort, force, tls));
      PrintWriter out = spec.commandLine().getOut();
      if (fencing.equals("process")) {
        String device = InitialCib.writeProcessFencing(abs, specs, written);
        out.printf("fencing: device %s (kills a node's process tree on this host)%n", device);
      }
      out.printf("cluster %s: %d node(s) written under %s%n", name, written.size(), abs);
      for (int i = 0; i < written.size(); i++) {
        out.printf(
            "  %-10s %-16s %s%n", specs.get(i).name(), specs.get(i).address(), written.get(i));
      }
      out.println("admin credential (user admin): " + written.get(0).resolve("credential"));
      if (tls) {
        out.println(
            "admin API over HTTPS; its certificate: "
                + written.get(0).resolve(AdminTrust.TRUST_FILE));
      }
      out.println("start a node:  paceline node start --config " + written.get(0));
      return ExitCodes.OK;
    }
  }
}
