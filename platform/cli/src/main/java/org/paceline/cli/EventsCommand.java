package org.paceline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code paceline events}: the cluster's event log as the node's journal holds it (the same events,
 * numbers and JSON the Kafka topic gets), read through {@code GET /api/v1/events}; {@code -f}
 * follows it with long polls.
 */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = {
      "Read the cluster's event log from the node's journal, oldest first.",
      "Default: one readable line per event (seq, time, node, type, subject, summary)."
    },
    footer = {
      "",
      "Types: node.joined node.left node.lost quorum.changed dc.changed cib.changed",
      "  transition.started transition.completed resource.op.completed resource.failed",
      "  resource.moved fencing.requested fencing.completed operator.action;",
      "  a family such as 'resource' or 'node.*' takes all its types.",
      "The journal keeps the recent events (its size is configurable); with Kafka configured the",
      "topic keeps them all."
    })
final class EventsCommand implements Callable<Integer> {

  /** Events per request. */
  static final int PAGE = 500;

  /** How long one follow request waits on the node. */
  static final Duration POLL_WAIT = Duration.ofSeconds(10);

  /** Events shown before following when no --from is given, as tail -f does. */
  static final int FOLLOW_BACKLOG = 10;

  @Spec CommandSpec spec;

  @Mixin NodeOption node;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep reading: print new events as they happen (Ctrl-C stops).")
  boolean follow;

  @Option(
      names = "--from",
      paramLabel = "SEQ",
      description =
          "Start at sequence number SEQ (default: the oldest event held; with -f, the last "
              + FOLLOW_BACKLOG
              + ").")
  Long from;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      split = ",",
      description = "Only events of these types or families (repeat or separate with ',').")
  List<String> types = new ArrayList<>();

  @Option(
      names = "--json",
      description = "Print each event as the JSON the Kafka topic holds, one per line.")
  boolean json;

  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Integer call() {
    if (from != null && from < 1) {
      throw new CliException(ExitCodes.USAGE, "--from " + from + ": sequence numbers start at 1");
    }
    AdminClient admin = node.admin();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long next;
    if (from != null) {
      next = from;
    } else if (follow) {
      JsonNode head = admin.get("events", query(0, 0, Duration.ZERO), AdminClient.REQUEST_TIMEOUT);
      next = Math.max(1, head.path("lastSeq").asLong() - FOLLOW_BACKLOG + 1);
    } else {
      next = 0;
    }
    // what the journal holds now, page by page
    boolean first = true;
    while (true) {
      JsonNode page =
          admin.get("events", query(next, PAGE, Duration.ZERO), AdminClient.REQUEST_TIMEOUT);
      if (first) {
        warnIfTrimmed(page, from, admin.nodeName(), err);
        first = false;
      }
      print(page, out);
      long after = page.path("next").asLong(next);
      boolean end = after > page.path("lastSeq").asLong() || after <= next;
      next = after;
      if (end) {
        break;
      }
    }
    if (!follow) {
      return ExitCodes.OK;
    }
    Duration timeout = POLL_WAIT.plus(AdminClient.REQUEST_TIMEOUT);
    while (!Thread.currentThread().isInterrupted()) {
      JsonNode page;
      try {
        page = admin.get("events", query(next, PAGE, POLL_WAIT), timeout);
      } catch (CliException e) {
        throw new CliException(
            e.exitCode(), "stopped following node " + admin.nodeName() + ": " + e.getMessage(), e);
      }
      print(page, out);
      next = Math.max(next, page.path("next").asLong(next));
    }
    return ExitCodes.OK;
  }

  /** Says so on stderr when the journal no longer holds the events asked for. */
  private static void warnIfTrimmed(JsonNode page, Long from, String nodeName, PrintWriter err) {
    long firstHeld = page.path("firstSeq").asLong();
    if (from == null || firstHeld <= from) {
      return;
    }
    String kafka = page.path("kafka").isTextual() ? page.path("kafka").asText() : null;
    err.println(
        "paceline: note: events "
            + from
            + ".."
            + (firstHeld - 1)
            + " are no longer in node "
            + nodeName
            + "'s journal (it holds "
            + firstHeld
            + ".."
            + page.path("lastSeq").asLong()
            + ")"
            + (kafka == null ? "" : "; Kafka topic " + kafka + " has them"));
    err.flush();
  }

  private void print(JsonNode page, PrintWriter out) {
    for (JsonNode e : page.path("events")) {
      if (json) {
        try {
          out.println(mapper.writeValueAsString(e));
        } catch (JsonProcessingException ex) {
          throw new CliException(ExitCodes.FAILED, "cannot write event " + e.path("seq"), ex);
        }
      } else {
        out.println(EventFormat.line(e));
      }
    }
    out.flush();
  }

  private String query(long fromSeq, int max, Duration wait) {
    StringBuilder q = new StringBuilder();
    q.append("from=").append(fromSeq).append("&max=").append(max);
    for (String t : types) {
      q.append("&type=").append(URLEncoder.encode(t.strip(), StandardCharsets.UTF_8));
    }
    if (!wait.isZero()) {
      q.append("&wait=").append(wait.toMillis()).append("ms");
    }
    return q.toString();
  }
}
