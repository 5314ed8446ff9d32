package org.paceline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.OcfResultCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code paceline ra run AGENT ACTION --resource ID ...}: runs one operation of an agent on the
 * node, outside the cluster's control, to try an agent out (Pacemaker's {@code crm_resource
 * --force-start}, {@code --force-check}, {@code --validate}).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run one operation of a resource agent on the node, outside the cluster's control (like"
          + " crm_resource --force-start / --force-check / --validate). Nothing is recorded in the"
          + " configuration; the cluster does not know what such a run started.",
      "Prints e.g. 'ocf:heartbeat:Dummy start web: rc=0 (ok) in 35 ms'.",
      "Exit status: 0 when the agent answered, whatever its code (7 from a monitor simply means"
          + " stopped), unless --expect names another code; 1 when it did not answer (timeout,"
          + " error, not installed) or answered other than --expect; 2 for bad usage."
    })
final class RaRunCommand implements Callable<Integer> {

  private static final Pattern DURATION =
      Pattern.compile("(\\d{1,9})\\s*(ms|s|sec|m|min|h)?", Pattern.CASE_INSENSITIVE);

  /** How much longer than the operation's timeout the CLI waits for the node's answer. */
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(45);

  @Spec CommandSpec spec;

  @Mixin NodeOption node;

  @Parameters(index = "0", paramLabel = "AGENT", description = "e.g. ocf:heartbeat:Dummy")
  String agent;

  @Parameters(
      index = "1",
      paramLabel = "ACTION",
      description =
          "start, stop, monitor, promote, demote, validate-all, ...; probe is a monitor with no"
              + " interval.")
  String action;

  @Option(
      names = {"-r", "--resource"},
      required = true,
      paramLabel = "ID",
      description = "The resource id the agent runs for (OCF_RESOURCE_INSTANCE).")
  String resource;

  @Option(
      names = {"-p", "--param"},
      paramLabel = "NAME=VALUE",
      description = "An instance parameter (OCF_RESKEY_NAME); repeat for more.")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(
      names = "--meta",
      paramLabel = "NAME=VALUE",
      description = "A meta attribute (OCF_RESKEY_CRM_meta_NAME), e.g. clone-max=2; repeatable.")
  Map<String, String> meta = new LinkedHashMap<>();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "How long the agent may take (default 20s; 500ms, 20s, 2m; a number is s).")
  String timeout;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      description = "For monitor: run it as the recurring monitor with this interval would (once).")
  String interval;

  @Option(
      names = "--expect",
      paramLabel = "RC",
      description =
          "The code that counts as success, as a number or name (e.g. 7, OCF_NOT_RUNNING).")
  String expect;

  @Option(names = "--json", description = "Print the admin API's JSON answer.")
  boolean json;

  @Option(
      names = {"-v", "--verbose"},
      description = "Also print what the agent wrote.")
  boolean verbose;

  @Override
  public Integer call() {
    String id;
    try {
      id = AgentId.parse(agent).toString();
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
    }
    Optional<OcfResultCode> expected = expected();
    String act = action;
    if (action.equals("probe")) {
      if (interval != null) {
        throw new CliException(
            ExitCodes.USAGE, "a probe has no interval: use 'monitor --interval' instead");
      }
      act = "monitor";
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("action", act);
    body.put("resource", resource);
    ObjectNode p = body.putObject("params");
    params.forEach(p::put);
    ObjectNode m = body.putObject("meta");
    meta.forEach(m::put);
    if (timeout != null) {
      body.put("timeout", timeout);
    }
    if (interval != null) {
      body.put("interval", interval);
    }
    JsonNode r = node.admin().post("agents/" + id + "/run", body, answerWait());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(r.toString());
    } else {
      print(out, r);
    }
    String status = r.path("status").asText();
    if (!status.equals("DONE")) {
      spec.commandLine()
          .getErr()
          .printf(
              "paceline: error: %s %s %s did not complete: %s%n",
              r.path("agent").asText(),
              r.path("action").asText(),
              r.path("resource").asText(),
              status);
      return ExitCodes.FAILED;
    }
    if (expected.isPresent() && expected.get().code() != r.path("rc").asInt()) {
      spec.commandLine()
          .getErr()
          .printf(
              "paceline: error: expected rc=%d (%s), got rc=%d (%s)%n",
              expected.get().code(),
              expected.get().description(),
              r.path("rc").asInt(),
              r.path("rcText").asText());
      return ExitCodes.FAILED;
    }
    return ExitCodes.OK;
  }

  private void print(PrintWriter out, JsonNode r) {
    String head =
        r.path("agent").asText()
            + " "
            + r.path("action").asText()
            + (r.path("intervalMillis").asLong() > 0
                ? " (interval " + interval(r.path("intervalMillis").asLong()) + ")"
                : "")
            + " "
            + r.path("resource").asText()
            + ": ";
    String rc = "rc=" + r.path("rc").asInt() + " (" + r.path("rcText").asText() + ")";
    String status = r.path("status").asText();
    if (status.equals("DONE")) {
      out.println(head + rc + " in " + millis(r.path("runTimeMillis").asLong()));
    } else {
      out.println(head + status + " after " + millis(r.path("runTimeMillis").asLong()) + ", " + rc);
    }
    if (!r.path("exitReason").asText().isEmpty()) {
      out.println("  reason: " + r.path("exitReason").asText());
    }
    if (verbose && !r.path("output").asText().isEmpty()) {
      out.println("  output:");
      r.path("output").asText().lines().forEach(l -> out.println("    " + l));
    }
  }

  private static String millis(long ms) {
    return ms + " ms";
  }

  private static String interval(long ms) {
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  private Optional<OcfResultCode> expected() {
    if (expect == null) {
      return Optional.empty();
    }
    String e = expect.trim();
    Optional<OcfResultCode> c = Optional.empty();
    if (e.matches("\\d{1,3}")) {
      c = OcfResultCode.fromCode(Integer.parseInt(e));
    } else {
      for (OcfResultCode rc : OcfResultCode.values()) {
        if (rc.ocfName().equalsIgnoreCase(e) || rc.name().equalsIgnoreCase(e)) {
          c = Optional.of(rc);
        }
      }
    }
    if (c.isEmpty()) {
      throw new CliException(
          ExitCodes.USAGE,
          "--expect: '" + expect + "' is not an OCF return code (0-9, 190, 191 or OCF_... names)");
    }
    return c;
  }

  /** The operation's timeout plus a margin; the node answers by then. */
  private Duration answerWait() {
    Duration op = Duration.ofSeconds(20);
    if (timeout != null) {
      Matcher mt = DURATION.matcher(timeout.trim());
      if (mt.matches()) {
        long n = Long.parseLong(mt.group(1));
        String unit = mt.group(2) == null ? "s" : mt.group(2).toLowerCase(Locale.ROOT);
        op =
            switch (unit) {
              case "ms" -> Duration.ofMillis(n);
              case "s", "sec" -> Duration.ofSeconds(n);
              case "m", "min" -> Duration.ofMinutes(n);
              default -> Duration.ofHours(n);
            };
      }
    }
    return op.plus(ANSWER_MARGIN);
  }
}
