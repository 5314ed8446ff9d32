package org.paceline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.paceline.api.ra.AgentId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code paceline ra ...}: the agents a running node can use. */
@Command(
    name = "ra",
    mixinStandardHelpOptions = true,
    description = "Resource and fence agents available on a node.",
    subcommands = {RaCommand.ListAgents.class, RaCommand.Info.class, RaRunCommand.class})
final class RaCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code paceline ra list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List the agent classes and the agents the node can run, one line each with its version"
            + " and description.",
        "A '!' marks an agent with warnings (see ra info); '?' one whose meta-data the node is"
            + " still reading."
      })
  static final class ListAgents implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin NodeOption node;

    @Option(names = "--json", description = "Print the admin API's JSON answer.")
    boolean json;

    @Override
    public Integer call() {
      JsonNode body = node.admin().get("agents");
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(body.toString());
        return ExitCodes.OK;
      }
      printClasses(out, body.path("classes"));
      int width = 24;
      for (JsonNode a : body.path("agents")) {
        width = Math.max(width, a.path("id").asText().length());
      }
      String format = "%-" + width + "s %1s %-8s %s%n";
      out.printf(format, "AGENT", "", "VERSION", "DESCRIPTION");
      int warned = 0;
      int pending = 0;
      for (JsonNode a : body.path("agents")) {
        boolean isPending = a.path("pending").asBoolean();
        boolean hasWarnings = a.path("warnings").size() > 0;
        warned += hasWarnings ? 1 : 0;
        pending += isPending ? 1 : 0;
        out.printf(
            format,
            a.path("id").asText(),
            isPending ? "?" : hasWarnings ? "!" : "",
            isPending || a.path("version").asText().isEmpty() ? "-" : a.path("version").asText(),
            isPending ? "(meta-data not read yet)" : a.path("shortDescription").asText());
      }
      out.printf("%d agents", body.path("agents").size());
      if (warned > 0) {
        out.printf(", %d with warnings (!)", warned);
      }
      if (pending > 0) {
        out.printf(", %d still reading their meta-data (?)", pending);
      }
      out.println();
      return ExitCodes.OK;
    }

    private static void printClasses(PrintWriter out, JsonNode classes) {
      if (classes.size() == 0) {
        return;
      }
      out.println("Agent classes:");
      for (JsonNode c : classes) {
        out.printf(
            "  %-10s %s%n",
            c.path("class").asText(),
            c.path("available").asBoolean()
                ? "available"
                : "unavailable: " + c.path("reason").asText());
      }
      out.println();
    }
  }

  /** {@code paceline ra info}. */
  @Command(
      name = "info",
      mixinStandardHelpOptions = true,
      description = "Show an agent's meta-data: parameters and actions with their defaults.")
  static final class Info implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin NodeOption node;

    @Option(names = "--json", description = "Print the admin API's JSON answer.")
    boolean json;

    @Parameters(paramLabel = "CLASS:PROVIDER:TYPE", description = "e.g. ocf:paceline:Dummy")
    String agent;

    @Override
    public Integer call() {
      String id;
      try {
        id = AgentId.parse(agent).toString();
      } catch (IllegalArgumentException e) {
        if (agent.startsWith("stonith:") && agent.indexOf(':', 8) < 0) {
          id = agent;
        } else {
          throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
      }
      JsonNode a = node.admin().get("agents/" + id);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(a.toString());
        return ExitCodes.OK;
      }
      for (JsonNode w : a.path("warnings")) {
        out.println("WARNING: " + w.asText());
      }
      if (a.path("warnings").size() > 0) {
        out.println();
      }
      out.printf("%s (%s %s)%n", a.path("id").asText(), a.path("kind").asText(), "agent");
      out.printf(
          "version %s, from bundle %s %s%n%n",
          a.path("version").asText().isEmpty() ? "-" : a.path("version").asText(),
          a.path("bundle").asText(),
          a.path("bundleVersion").asText());
      out.println(a.path("shortDescription").asText());
      if (!a.path("longDescription").asText().isEmpty()) {
        out.println();
        out.println(a.path("longDescription").asText());
      }
      out.println();
      out.println("Parameters (*: required, []: default):");
      for (JsonNode p : a.path("parameters")) {
        out.printf(
            "  %s%s (%s%s): %s%n",
            p.path("name").asText(),
            p.path("required").asBoolean() ? "*" : "",
            p.path("type").asText(),
            p.has("default") ? ", [" + p.path("default").asText() + "]" : "",
            p.path("shortDescription").asText());
      }
      out.println();
      out.println("Operations' defaults:");
      for (JsonNode op : a.path("actions")) {
        StringBuilder line =
            new StringBuilder("  ").append(String.format("%-14s", op.path("name").asText()));
        if (op.has("timeoutMillis")) {
          line.append(" timeout=").append(seconds(op.path("timeoutMillis").asLong()));
        }
        if (op.has("intervalMillis")) {
          line.append(" interval=").append(seconds(op.path("intervalMillis").asLong()));
        }
        if (op.has("depth")) {
          line.append(" depth=").append(op.path("depth").asInt());
        }
        if (op.has("role")) {
          line.append(" role=").append(op.path("role").asText());
        }
        out.println(line.toString().stripTrailing());
      }
      return ExitCodes.OK;
    }

    private static String seconds(long millis) {
      return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
  }
}
