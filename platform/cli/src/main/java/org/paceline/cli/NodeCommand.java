package org.paceline.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.paceline.api.config.NodeConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code paceline node ...}. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Start, stop and manage nodes.",
    subcommands = {
      NodeCommand.Start.class,
      NodeCommand.Stop.class,
      NodeCommand.StateChange.Standby.class,
      NodeCommand.StateChange.Online.class,
      NodeCommand.StateChange.Maintenance.class,
      NodeCommand.StateChange.Ready.class,
      NodeCommand.Fence.class
    })
final class NodeCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code paceline node start}. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Start the node configured in the configuration folder.",
        "In the background (default) it waits until the node answers and prints where it logs."
      })
  static final class Start implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin NodeOption node;

    @Option(names = "--foreground", description = "Run in this terminal until stopped (Ctrl-C).")
    boolean foreground;

    @Option(
        names = "--wait",
        paramLabel = "SECONDS",
        description = "How long to wait for the node to answer (default: ${DEFAULT-VALUE}).")
    int waitSeconds = 30;

    @Option(
        names = "--print-command",
        description =
            "Print the node's java command line (one argument per line) instead of"
                + " starting it.")
    boolean printCommand;

    @Override
    public Integer call() throws Exception {
      NodeConfiguration cfg = node.load();
      NodeProcess process = new NodeProcess(cfg, Paceline.home());
      PrintWriter out = spec.commandLine().getOut();
      if (printCommand) {
        process.command().forEach(out::println);
        return ExitCodes.OK;
      }
      if (foreground) {
        out.println(
            "node "
                + cfg.node().name()
                + " starting in the foreground; log: "
                + logTarget(cfg)
                + " (Ctrl-C stops it)");
        out.flush();
        return process.runForeground();
      }
      long pid = process.startBackground(Duration.ofSeconds(waitSeconds));
      out.printf(
          "node %s of cluster %s started (pid %d)%n  log:   %s%n  admin: %s%n",
          cfg.node().name(),
          cfg.cluster().totem().clusterName(),
          pid,
          logTarget(cfg),
          new AdminClient(cfg).baseUrl());
      return ExitCodes.OK;
    }

    private static String logTarget(NodeConfiguration cfg) {
      var logging = cfg.cluster().logging();
      if (logging.toLogfile() && logging.logfile() != null) {
        return logging.logfile().toString();
      }
      return cfg.node().runDir().resolve("console.log").toString();
    }
  }

  /** {@code paceline node stop}. */
  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description =
          "Stop the node configured in the configuration folder: SIGTERM; the cluster first moves"
              + " the node's resources away (or stops them), then the node leaves.")
  static final class Stop implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin NodeOption node;

    @Option(
        names = "--wait",
        paramLabel = "SECONDS",
        description =
            "How long to wait for the clean stop before SIGKILL (default: ${DEFAULT-VALUE}; the"
                + " node itself gives its resources 45 s to move and its whole stop 60 s).")
    int waitSeconds = 90;

    @Override
    public Integer call() throws Exception {
      NodeConfiguration cfg = node.load();
      boolean stopped = new NodeProcess(cfg, Paceline.home()).stop(Duration.ofSeconds(waitSeconds));
      spec.commandLine()
          .getOut()
          .println(
              stopped
                  ? "node " + cfg.node().name() + " stopped"
                  : "node " + cfg.node().name() + " is not running");
      return ExitCodes.OK;
    }
  }

  /**
   * {@code node standby|online|maintenance|ready [NODE]}: sets or clears the node's {@code standby}
   * or {@code maintenance} attribute in the cluster configuration (default: this node), as {@code
   * crm node standby} does. The controller moves resources off a standby node and stops managing
   * them on a node in maintenance.
   */
  abstract static class StateChange implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin NodeOption node;

    @Option(names = "--force", description = "Apply even in a partition without quorum.")
    boolean force;

    @picocli.CommandLine.Parameters(
        arity = "0..1",
        paramLabel = "NODE",
        description = "The node (default: the node --config names).")
    String target;

    abstract String state();

    @Override
    public Integer call() {
      String name = target != null ? target : node.load().node().name();
      com.fasterxml.jackson.databind.node.ObjectNode b =
          com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      b.put("state", state());
      b.put("force", force);
      com.fasterxml.jackson.databind.JsonNode answer =
          node.admin().post("nodes/" + name + "/state", b);
      spec.commandLine()
          .getOut()
          .printf(
              "%s: %s%s%n",
              name,
              state(),
              answer.path("changed").asBoolean(true)
                  ? " (CIB " + answer.path("versions").asText() + ")"
                  : " already");
      return ExitCodes.OK;
    }

    @Command(
        name = "standby",
        mixinStandardHelpOptions = true,
        description = "Put NODE in standby: it runs no resources.")
    static final class Standby extends StateChange {
      @Override
      String state() {
        return "standby";
      }
    }

    @Command(
        name = "online",
        mixinStandardHelpOptions = true,
        description = "Take NODE out of standby.")
    static final class Online extends StateChange {
      @Override
      String state() {
        return "online";
      }
    }

    @Command(
        name = "maintenance",
        mixinStandardHelpOptions = true,
        description = "Put NODE in maintenance: its resources are left alone.")
    static final class Maintenance extends StateChange {
      @Override
      String state() {
        return "maintenance";
      }
    }

    @Command(
        name = "ready",
        mixinStandardHelpOptions = true,
        description = "Take NODE out of maintenance.")
    static final class Ready extends StateChange {
      @Override
      String state() {
        return "ready";
      }
    }
  }

  /**
   * {@code node fence NODE [--off]}: the node given by --config fences NODE with the configured
   * devices and records it; the cluster then recovers NODE's resources elsewhere.
   */
  @Command(
      name = "fence",
      mixinStandardHelpOptions = true,
      description =
          "Fence NODE now with the configured fencing devices (reboot, or power off with --off).")
  static final class Fence implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeOption node;

    @Option(names = "--off", description = "Power the node off instead of rebooting it.")
    boolean off;

    @Parameters(index = "0", paramLabel = "NODE", description = "The node to fence.")
    String target;

    @Override
    public Integer call() {
      com.fasterxml.jackson.databind.node.ObjectNode b =
          com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      b.put("action", off ? "off" : "reboot");
      com.fasterxml.jackson.databind.JsonNode answer =
          node.admin().post("nodes/" + target + "/fence", b, Duration.ofSeconds(180));
      PrintWriter out = spec.commandLine().getOut();
      out.println(answer.path("description").asText(target + " fenced"));
      if (answer.has("warning")) {
        out.println("warning: " + answer.path("warning").asText());
      }
      return ExitCodes.OK;
    }
  }
}
