package org.paceline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code paceline ring ...}: the ring's view and counters, and fault injection for drills. */
@Command(
    name = "ring",
    mixinStandardHelpOptions = true,
    description = "The node's ring: view, counters, and fault injection for tests and drills.",
    subcommands = {RingCommand.Status.class, RingCommand.Fault.class})
final class RingCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code paceline ring status}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "The ring's id, state, members and counters (drops by reason, retransmits).")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin NodeOption node;

    @Override
    public Integer call() {
      JsonNode s = node.admin().get("status");
      PrintWriter out = spec.commandLine().getOut();
      JsonNode ring = s.path("ring");
      if (!ring.isObject()) {
        throw new CliException(
            ExitCodes.FAILED, "the ring is not running on node " + s.path("node").asText());
      }
      out.printf("ring %s  state %s%n", ring.path("id").asText(), ring.path("state").asText());
      out.printf("members: %s%n", ring.path("members"));
      if (ring.has("faults")) {
        out.printf("fault injection: %s%n", ring.path("faults"));
      }
      out.println("counters:");
      for (Map.Entry<String, JsonNode> e : ring.path("counters").properties()) {
        out.printf("  %-24s %d%n", e.getKey(), e.getValue().asLong());
      }
      return ExitCodes.OK;
    }
  }

  /** {@code paceline ring fault}. */
  @Command(
      name = "fault",
      mixinStandardHelpOptions = true,
      description = {
        "Inject faults into this node's ring traffic (replaces what was set before).",
        "To partition a cluster, cut on both sides: on n1 '--cut n2,n3', on n2 and n3 '--cut n1'.",
        "'paceline ring fault --config DIR' with no options heals everything."
      })
  static final class Fault implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin NodeOption node;

    @Option(
        names = "--cut",
        split = ",",
        paramLabel = "NODE",
        description = "Cut the links to these nodes.")
    List<String> cut = List.of();

    @Option(
        names = "--drop",
        paramLabel = "P",
        description = "Drop sent packets with probability P.")
    double drop;

    @Option(
        names = "--duplicate",
        paramLabel = "P",
        description = "Duplicate sent packets with probability P.")
    double duplicate;

    @Option(
        names = "--reorder",
        paramLabel = "P",
        description = "Reorder sent packets with probability P.")
    double reorder;

    @Option(
        names = "--delay",
        paramLabel = "MS",
        description = "Delay every sent packet by MS milliseconds.")
    long delay;

    @Override
    public Integer call() {
      ObjectNode body = new ObjectMapper().createObjectNode();
      cut.forEach(body.putArray("cut")::add);
      body.put("drop", drop);
      body.put("duplicate", duplicate);
      body.put("reorder", reorder);
      body.put("delayMillis", delay);
      JsonNode s = node.admin().post("ring/faults", body);
      JsonNode faults = s.path("ring").path("faults");
      spec.commandLine()
          .getOut()
          .println(faults.isMissingNode() ? "ring faults cleared" : "ring faults now " + faults);
      return ExitCodes.OK;
    }
  }
}
