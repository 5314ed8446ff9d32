package org.paceline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code paceline status}: the cluster as the asked node sees it, crm_mon style. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Cluster status as the node sees it: ring, quorum, nodes, resources.")
final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin NodeOption node;

  @Option(names = "--json", description = "Print the status as JSON (for scripts).")
  boolean json;

  @Option(names = "--watch", description = "Refresh in place every --interval seconds (Ctrl-C).")
  boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      description = "Refresh interval for --watch (default: ${DEFAULT-VALUE}).")
  double interval = 2;

  @Override
  public Integer call() throws Exception {
    AdminClient admin = node.admin();
    PrintWriter out = spec.commandLine().getOut();
    if (!watch) {
      print(admin.get("status"), out);
      return ExitCodes.OK;
    }
    long sleepMillis = Math.max(200, (long) (interval * 1000));
    while (!Thread.currentThread().isInterrupted()) {
      String text;
      try {
        JsonNode status = admin.get("status");
        java.io.StringWriter buf = new java.io.StringWriter();
        print(status, new PrintWriter(buf));
        text = buf.toString();
      } catch (CliException e) {
        text = "paceline: " + e.getMessage() + System.lineSeparator();
      }
      out.print("\u001b[H\u001b[2J");
      out.print(text);
      out.flush();
      java.util.concurrent.TimeUnit.MILLISECONDS.sleep(sleepMillis);
    }
    return ExitCodes.OK;
  }

  private void print(JsonNode s, PrintWriter out) {
    if (json) {
      out.println(s.toString());
      out.flush();
      return;
    }
    out.println("Cluster Summary:");
    out.printf(
        "  * Cluster: %s (as seen by node %s)%n",
        s.path("cluster").asText(), s.path("node").asText());
    JsonNode ring = s.path("ring");
    if (ring.isObject()) {
      out.printf(
          "  * Ring: %s, %s, %d member(s)%n",
          ring.path("id").asText(), ring.path("state").asText(), ring.path("members").size());
      if (ring.has("faults")) {
        out.printf("  * Ring fault injection ACTIVE: %s%n", ring.path("faults"));
      }
    } else {
      out.println("  * Ring: not running");
    }
    JsonNode q = s.path("quorum");
    if (q.isObject()) {
      out.printf(
          "  * Quorum: partition %s quorum (%d of %d expected votes, %d needed)%s%n",
          q.path("quorate").asBoolean() ? "WITH" : "WITHOUT",
          q.path("votes").asInt(),
          q.path("expectedVotes").asInt(),
          q.path("quorum").asInt(),
          q.path("reason").asText().isEmpty() ? "" : ": " + q.path("reason").asText());
    } else {
      out.println("  * Quorum: unknown (quorum service not running)");
    }
    out.printf("  * Current DC: %s%n", s.path("dc").isNull() ? "NONE" : s.path("dc").asText());
    out.println();
    out.println("Node List:");
    List<String> online = new ArrayList<>();
    List<String> offline = new ArrayList<>();
    for (JsonNode n : s.path("nodes")) {
      (n.path("state").asText().equals("online") ? online : offline).add(n.path("name").asText());
    }
    if (!online.isEmpty()) {
      out.printf("  * Online: [ %s ]%n", String.join(" ", online));
    }
    if (!offline.isEmpty()) {
      out.printf("  * OFFLINE: [ %s ]%n", String.join(" ", offline));
    }
    out.println();
    out.println("Full List of Resources:");
    if (s.path("resources").isEmpty()) {
      out.println("  * No resources");
    }
    out.flush();
  }
}
