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
    subcommands = {RaCommand.ListAgents.class, RaCommand.Info.class})
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
      description = "List the agents the node can run, with their versions and bundles.")
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
      String format = "%-34s %-26s %s%n";
      out.printf(format, "AGENT", "VERSION", "BUNDLE");
      for (JsonNode a : body.path("agents")) {
        out.printf(
            format,
            a.path("id").asText(),
            a.path("version").asText(),
            a.path("bundle").asText() + " " + a.path("bundleVersion").asText());
      }
      return ExitCodes.OK;
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
      out.printf("%s (%s %s)%n", a.path("id").asText(), a.path("kind").asText(), "agent");
      out.printf(
          "version %s, from bundle %s %s%n%n",
          a.path("version").asText(), a.path("bundle").asText(), a.path("bundleVersion").asText());
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
