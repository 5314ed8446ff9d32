package org.paceline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code paceline resource ...}: what crm_resource does to the configuration and status —
 * target-role, move/ban constraints ({@code cli-prefer-RSC}, {@code cli-ban-RSC-on-NODE}), clear,
 * cleanup — plus where a resource runs and its fail counts.
 */
@Command(
    name = "resource",
    mixinStandardHelpOptions = true,
    description = "Start, stop, move, ban, clear, clean up and locate resources.",
    subcommands = {
      ResourceCommand.Start.class,
      ResourceCommand.Stop.class,
      ResourceCommand.Move.class,
      ResourceCommand.Ban.class,
      ResourceCommand.Clear.class,
      ResourceCommand.Cleanup.class,
      ResourceCommand.Locate.class,
      ResourceCommand.Failcount.class,
      ResourceCommand.Restart.class
    })
final class ResourceCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A change of one resource. */
  abstract static class Change implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeOption node;

    @Option(names = "--force", description = "Apply even in a partition without quorum.")
    boolean force;

    @Parameters(index = "0", paramLabel = "RSC", description = "The resource.")
    String resource;

    abstract String action();

    /** The target node, if the action takes one. */
    String target() {
      return null;
    }

    String lifetime() {
      return null;
    }

    @Override
    public Integer call() {
      ObjectNode b = JsonNodeFactory.instance.objectNode();
      if (target() != null) {
        b.put("node", target());
      }
      if (lifetime() != null) {
        b.put("lifetime", lifetime());
      }
      b.put("force", force);
      JsonNode answer = node.admin().post("resources/" + resource + "/" + action(), b);
      PrintWriter out = spec.commandLine().getOut();
      if (!answer.path("changed").asBoolean(true)) {
        out.println(resource + ": nothing to " + action());
      } else {
        out.println(
            resource + ": " + action() + " done (CIB " + answer.path("versions").asText() + ")");
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Set target-role=Started.")
  static final class Start extends Change {
    @Override
    String action() {
      return "start";
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Set target-role=Stopped.")
  static final class Stop extends Change {
    @Override
    String action() {
      return "stop";
    }
  }

  @Command(
      name = "move",
      mixinStandardHelpOptions = true,
      description =
          "Prefer NODE for RSC: location constraint cli-prefer-RSC (INFINITY), optionally for a"
              + " lifetime. 'resource clear' removes it.")
  static final class Move extends Change {
    @Parameters(index = "1", paramLabel = "NODE")
    String to;

    @Option(names = "--lifetime", paramLabel = "DURATION", description = "e.g. 30m, 2h, PT1H")
    String life;

    @Override
    String action() {
      return "move";
    }

    @Override
    String target() {
      return to;
    }

    @Override
    String lifetime() {
      return life;
    }
  }

  @Command(
      name = "ban",
      mixinStandardHelpOptions = true,
      description =
          "Keep RSC off NODE: location constraint cli-ban-RSC-on-NODE (-INFINITY), optionally for"
              + " a lifetime. 'resource clear' removes it.")
  static final class Ban extends Change {
    @Parameters(index = "1", paramLabel = "NODE")
    String from;

    @Option(names = "--lifetime", paramLabel = "DURATION", description = "e.g. 30m, 2h, PT1H")
    String life;

    @Override
    String action() {
      return "ban";
    }

    @Override
    String target() {
      return from;
    }

    @Override
    String lifetime() {
      return life;
    }
  }

  @Command(
      name = "clear",
      mixinStandardHelpOptions = true,
      description = "Remove the constraints move and ban created for RSC.")
  static final class Clear extends Change {
    @Override
    String action() {
      return "clear";
    }
  }

  @Command(
      name = "cleanup",
      mixinStandardHelpOptions = true,
      description = "Forget RSC's operation history and fail counts (on NODE, or everywhere).")
  static final class Cleanup extends Change {
    @Parameters(index = "1", arity = "0..1", paramLabel = "NODE")
    String on;

    @Override
    String action() {
      return "cleanup";
    }

    @Override
    String target() {
      return on;
    }
  }

  @Command(name = "locate", mixinStandardHelpOptions = true, description = "Where RSC is active.")
  static final class Locate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeOption node;

    @Parameters(paramLabel = "RSC")
    String resource;

    @Override
    public Integer call() {
      JsonNode a = node.admin().get("resources/" + resource);
      List<String> on = new java.util.ArrayList<>();
      a.path("activeOn").forEach(n -> on.add(n.asText()));
      spec.commandLine()
          .getOut()
          .println(
              on.isEmpty()
                  ? "resource " + resource + " is NOT running"
                  : "resource " + resource + " is running on: " + String.join(" ", on));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "failcount",
      mixinStandardHelpOptions = true,
      description = "RSC's fail count on each node that has one.")
  static final class Failcount implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeOption node;

    @Parameters(index = "0", paramLabel = "RSC")
    String resource;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NODE")
    String on;

    @Override
    public Integer call() {
      JsonNode a = node.admin().get("resources/" + resource);
      PrintWriter out = spec.commandLine().getOut();
      boolean any = false;
      for (JsonNode n : a.path("nodes")) {
        if (on == null || on.equals(n.path("node").asText())) {
          out.printf(
              "scope=status name=fail-count-%s node=%s value=%d%n",
              resource, n.path("node").asText(), n.path("failCount").asInt());
          any = true;
        }
      }
      if (!any) {
        out.printf(
            "scope=status name=fail-count-%s%s value=0%n",
            resource, on == null ? "" : " node=" + on);
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "restart",
      mixinStandardHelpOptions = true,
      description =
          "Restart RSC: stop it, wait until it is stopped everywhere, start it again and wait"
              + " until it runs (as crm_resource --restart).")
  static final class Restart implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeOption node;

    @Option(names = "--force", description = "Apply even in a partition without quorum.")
    boolean force;

    @Option(
        names = "--wait",
        paramLabel = "SECONDS",
        description =
            "How long to wait for the stop and for the start (default: ${DEFAULT-VALUE}).")
    int waitSeconds = 60;

    @Parameters(index = "0", paramLabel = "RSC", description = "The resource.")
    String resource;

    @Override
    public Integer call() throws InterruptedException {
      AdminClient admin = node.admin();
      PrintWriter out = spec.commandLine().getOut();
      JsonNode before = admin.get("resources/" + resource);
      boolean wasActive = before.path("activeOn").size() > 0;
      ObjectNode b = JsonNodeFactory.instance.objectNode();
      b.put("force", force);
      admin.post("resources/" + resource + "/stop", b);
      out.printf("stopping %s ...%n", resource);
      out.flush();
      awaitActive(admin, false);
      admin.post("resources/" + resource + "/start", b);
      out.printf("starting %s ...%n", resource);
      out.flush();
      if (wasActive) {
        JsonNode after = awaitActive(admin, true);
        List<String> where = new java.util.ArrayList<>();
        after.path("activeOn").forEach(n -> where.add(n.asText()));
        out.printf("%s restarted, running on %s%n", resource, String.join(" ", where));
      } else {
        out.printf("%s was not running; it may start now%n", resource);
      }
      return ExitCodes.OK;
    }

    private JsonNode awaitActive(AdminClient admin, boolean active) throws InterruptedException {
      long deadline =
          System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(waitSeconds);
      while (true) {
        JsonNode r = admin.get("resources/" + resource);
        if ((r.path("activeOn").size() > 0) == active) {
          return r;
        }
        if (System.nanoTime() > deadline) {
          throw new CliException(
              ExitCodes.FAILED,
              resource
                  + (active ? " did not start" : " did not stop")
                  + " within "
                  + waitSeconds
                  + " s; see 'paceline status' (its target-role is now "
                  + (active ? "Started" : "Stopped")
                  + ")");
        }
        java.util.concurrent.TimeUnit.MILLISECONDS.sleep(200);
      }
    }
  }
}
