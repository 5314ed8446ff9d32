package org.paceline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.print(SHOW_CURSOR);
                  out.flush();
                },
                "paceline-status-watch-exit"));
    boolean first = true;
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
      text +=
          System.lineSeparator()
              + "Every "
              + interval
              + " s, "
              + java.time.LocalTime.now().withNano(0)
              + " (Ctrl-C to stop)"
              + System.lineSeparator();
      out.print(frame(text, first));
      out.flush();
      first = false;
      java.util.concurrent.TimeUnit.MILLISECONDS.sleep(sleepMillis);
    }
    return ExitCodes.OK;
  }

  private static final String ESC = "\u001b[";
  static final String HIDE_CURSOR = ESC + "?25l";
  static final String SHOW_CURSOR = ESC + "?25h";

  /**
   * One refresh of {@code --watch}: the cursor goes home and every line overwrites the one below
   * it, its rest erased ({@code ESC[K}), then the rest of the screen is erased ({@code ESC[J}). The
   * screen is cleared once, on the first frame; later frames never clear it, so nothing scrolls
   * into the terminal's scrollback and nothing flickers.
   */
  static String frame(String text, boolean first) {
    StringBuilder sb = new StringBuilder();
    if (first) {
      sb.append(HIDE_CURSOR).append(ESC).append("2J");
    }
    sb.append(ESC).append('H');
    text.lines().forEach(l -> sb.append(l).append(ESC).append('K').append('\n'));
    sb.append(ESC).append('J');
    return sb.toString();
  }

  /**
   * The event log's line of the summary when Kafka is configured (or the event log reports an
   * error): the journal's range, the publisher's state and its lag.
   */
  static java.util.Optional<String> eventLog(JsonNode log) {
    if (!log.isObject()) {
      return java.util.Optional.empty();
    }
    String error = log.path("lastError").isTextual() ? log.path("lastError").asText() : null;
    if (!log.path("kafka").isTextual() && error == null) {
      return java.util.Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    long first = log.path("firstSeq").asLong();
    long last = log.path("lastSeq").asLong();
    sb.append(last == 0 ? "journal empty" : "journal " + first + ".." + last);
    if (log.path("kafka").isTextual()) {
      sb.append(", Kafka topic ").append(log.path("kafka").asText()).append(": ");
      if (log.path("publisher").isTextual()) {
        String state = log.path("publisher").asText();
        long lag = log.path("lag").asLong();
        sb.append(state.toLowerCase(java.util.Locale.ROOT))
            .append(", lag ")
            .append(lag)
            .append(lag == 1 ? " event" : " events");
        if (log.path("lastCommittedSeq").asLong(-1) >= 0) {
          sb.append(" (committed up to ").append(log.path("lastCommittedSeq").asLong()).append(')');
        }
      } else {
        sb.append("published by the DC (see its status for the lag)");
      }
    }
    if (error != null) {
      sb.append("; last error: ").append(error);
    }
    return java.util.Optional.of(sb.toString());
  }

  /** The resources in crm_mon's layout: groups and clones nested, clone instances by role. */
  static void printResources(JsonNode resources, PrintWriter out) {
    Map<String, List<JsonNode>> byParent = new LinkedHashMap<>();
    List<Object> order = new ArrayList<>();
    for (JsonNode r : resources) {
      String parent = r.path("parent").isNull() ? null : r.path("parent").asText();
      if (parent == null) {
        order.add(r);
      } else {
        if (!byParent.containsKey(parent)) {
          order.add(parent);
        }
        byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(r);
      }
    }
    for (Object o : order) {
      if (o instanceof JsonNode r) {
        out.printf("  * %s%n", line(r));
        continue;
      }
      String parent = (String) o;
      List<JsonNode> members = byParent.get(parent);
      String type = members.get(0).path("parentType").asText("group");
      if (type.equals("group")) {
        out.printf("  * Resource Group: %s:%n", parent);
        for (JsonNode r : members) {
          out.printf("    * %s%n", line(r));
        }
      } else {
        String child = primitiveOf(members.get(0).path("id").asText());
        out.printf(
            "  * Clone Set: %s [%s]%s:%n",
            parent, child, type.equals("promotable") ? " (promotable)" : "");
        Map<String, List<String>> byRole = new LinkedHashMap<>();
        for (String role : List.of("Promoted", "Unpromoted", "Started", "Failed", "Stopped")) {
          byRole.put(role, new ArrayList<>());
        }
        for (JsonNode r : members) {
          String role = r.path("role").asText();
          byRole
              .computeIfAbsent(role, k -> new ArrayList<>())
              .add(r.path("node").isNull() ? "" : r.path("node").asText());
        }
        for (Map.Entry<String, List<String>> e : byRole.entrySet()) {
          List<String> nodes = e.getValue().stream().filter(n -> !n.isEmpty()).toList();
          if (!nodes.isEmpty()) {
            out.printf("    * %s: [ %s ]%n", e.getKey(), String.join(" ", nodes));
          } else if (e.getKey().equals("Stopped") && !e.getValue().isEmpty()) {
            out.printf("    * Stopped: [ %s ]%n", child);
          }
        }
      }
    }
  }

  /** Epoch seconds or milliseconds as an instant; anything else as it is. */
  static String time(String value) {
    try {
      long v = Long.parseLong(value.trim());
      return (v > 100_000_000_000L
              ? java.time.Instant.ofEpochMilli(v)
              : java.time.Instant.ofEpochSecond(v))
          .toString();
    } catch (NumberFormatException e) {
      return value;
    }
  }

  /** Pacemaker's words for an OCF result code, as crm_mon prints them. */
  static String ocfName(int rc) {
    return switch (rc) {
      case 0 -> "ok";
      case 1 -> "error";
      case 2 -> "invalid parameter";
      case 3 -> "unimplemented feature";
      case 4 -> "insufficient privileges";
      case 5 -> "not installed";
      case 6 -> "not configured";
      case 7 -> "not running";
      case 8 -> "promoted";
      case 9 -> "promoted (failed)";
      case 190 -> "degraded";
      case 191 -> "degraded (promoted)";
      default -> "unknown";
    };
  }

  /** {@code db:2} is instance 2 of {@code db} (the CIB model's rule). */
  static String primitiveOf(String id) {
    return org.paceline.cib.model.NodeStatus.primitiveOf(id);
  }

  private static String line(JsonNode r) {
    String role = r.path("role").asText();
    String where = r.path("node").isNull() ? "" : " " + r.path("node").asText();
    String unmanaged = r.path("managed").asBoolean(true) ? "" : " (unmanaged)";
    return r.path("id").asText()
        + "\t("
        + r.path("agent").asText()
        + "):\t "
        + role
        + where
        + unmanaged;
  }

  private void print(JsonNode s, PrintWriter out) {
    if (json) {
      out.println(s.toString());
      out.flush();
      return;
    }
    printText(s, out);
  }

  /** The status document as {@code paceline status} prints it (crm_mon's layout). */
  static void printText(JsonNode s, PrintWriter out) {
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
    eventLog(s.path("eventLog")).ifPresent(line -> out.printf("  * Event log: %s%n", line));
    out.println();
    out.println("Node List:");
    Map<String, List<String>> byState = new LinkedHashMap<>();
    for (JsonNode n : s.path("nodes")) {
      byState
          .computeIfAbsent(n.path("state").asText(), k -> new ArrayList<>())
          .add(n.path("name").asText());
    }
    for (String name : byState.getOrDefault("standby", List.of())) {
      out.printf("  * Node %s: standby%n", name);
    }
    for (String name : byState.getOrDefault("maintenance", List.of())) {
      out.printf("  * Node %s: maintenance%n", name);
    }
    for (String name : byState.getOrDefault("unclean", List.of())) {
      out.printf("  * Node %s: UNCLEAN (offline)%n", name);
    }
    if (byState.containsKey("online")) {
      out.printf("  * Online: [ %s ]%n", String.join(" ", byState.get("online")));
    }
    if (byState.containsKey("offline")) {
      out.printf("  * OFFLINE: [ %s ]%n", String.join(" ", byState.get("offline")));
    }
    out.println();
    out.println("Full List of Resources:");
    if (s.path("resources").isEmpty()) {
      out.println("  * No resources");
    }
    printResources(s.path("resources"), out);
    JsonNode failed = s.path("failedActions");
    if (failed.size() > 0) {
      out.println();
      out.println("Failed Resource Actions:");
      for (JsonNode f : failed) {
        String key =
            f.path("resource").asText()
                + "_"
                + f.path("operation").asText()
                + "_"
                + f.path("intervalMs").asLong();
        String when = time(f.path("lastRcChange").asText());
        if (f.has("rc")) {
          out.printf(
              "  * %s on %s '%s' (%d): status='%s'%s, fail-count=%s, last-rc-change='%s'%n",
              key,
              f.path("node").asText(),
              ocfName(f.path("rc").asInt()),
              f.path("rc").asInt(),
              f.path("status").asText(),
              f.path("exitReason").asText().isEmpty()
                  ? ""
                  : ", exitreason='" + f.path("exitReason").asText() + "'",
              f.path("failCount").asText("0"),
              when);
        } else {
          out.printf(
              "  * %s on %s failed (recovered since): fail-count=%s, last-failure='%s'%n",
              key, f.path("node").asText(), f.path("failCount").asText("0"), when);
        }
      }
    }
    JsonNode fencing = s.path("fencing");
    if (fencing.size() > 0) {
      out.println();
      out.println("Fencing History:");
      for (JsonNode f : fencing) {
        String state = f.path("state").asText();
        out.printf(
            "  * %s of %s %s: delegate=%s, client=%s, origin=%s, %s='%s'%n",
            f.path("action").asText(),
            f.path("target").asText(),
            state.equals("done") ? "successful" : state.equals("failed") ? "failed" : "pending",
            f.path("delegate").asText(),
            f.path("client").asText(),
            f.path("origin").asText(),
            state.equals("pending") ? "started" : "completed",
            time(
                state.equals("pending")
                    ? f.path("started").asText()
                    : f.path("completed").asText()));
      }
    }
    out.flush();
  }
}
