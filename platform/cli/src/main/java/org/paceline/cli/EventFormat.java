package org.paceline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One cluster event as one readable line: seq, time, origin node, type, subject and a short summary
 * of the payload, e.g.
 *
 * <pre>
 *     42  2026-01-31 12:00:42.123Z  n1  resource.failed        resource/web  monitor/10s on n1 failed: not running (7), fail-count 1
 * </pre>
 *
 * Types this version does not know show their payload as compact JSON.
 */
final class EventFormat {

  /** The longest summary; longer ones end in {@code ...}. */
  static final int MAX_SUMMARY = 160;

  private EventFormat() {}

  /** The event as one line (no line break). */
  static String line(JsonNode e) {
    String time = e.path("time").asText("?").replace('T', ' ');
    return String.format(
        Locale.ROOT,
        "%6d  %s  %-4s %-22s %-16s %s",
        e.path("seq").asLong(),
        shorten(time),
        shorten(e.path("node").asText("?")),
        shorten(e.path("type").asText("?")),
        shorten(e.path("subject").asText("?")),
        shorten(summary(e.path("type").asText(""), e.path("payload"))));
  }

  /** What the payload says, in words. */
  static String summary(String type, JsonNode p) {
    return switch (type) {
      case "node.joined" -> "node " + text(p, "node") + " joined (id " + text(p, "nodeId") + ")";
      case "node.left" -> "node " + text(p, "node") + " left the cluster";
      case "node.lost" -> "node " + text(p, "node") + " lost (unclean until fenced or back)";
      case "quorum.changed" ->
          (p.path("quorate").asBoolean() ? "quorate" : "NOT quorate")
              + ", "
              + text(p, "votes")
              + " of "
              + text(p, "expectedVotes")
              + " votes (need "
              + text(p, "quorum")
              + "): "
              + join(p.path("members"));
      case "dc.changed" ->
          (p.path("dc").isNull() ? "no DC" : "DC is " + text(p, "dc"))
              + (p.path("previous").isNull() ? "" : " (was " + text(p, "previous") + ")");
      case "cib.changed" -> cibChanged(p);
      case "transition.started" ->
          "transition "
              + text(p, "transition")
              + " started: "
              + text(p, "actions")
              + " action(s), "
              + text(p, "reason");
      case "transition.completed" ->
          "transition "
              + text(p, "transition")
              + " "
              + text(p, "result")
              + ": "
              + text(p, "completed")
              + " done, "
              + text(p, "failed")
              + " failed, "
              + text(p, "durationMs")
              + " ms";
      case "resource.op.completed" ->
          op(p) + " on " + text(p, "node") + ": " + rc(p) + ", " + text(p, "durationMs") + " ms";
      case "resource.failed" ->
          op(p)
              + " on "
              + text(p, "node")
              + " failed: "
              + rc(p)
              + ", fail-count "
              + text(p, "failCount")
              + (blank(p, "reason") ? "" : ": " + text(p, "reason"));
      case "resource.moved" ->
          text(p, "resource")
              + " "
              + orDash(p, "from")
              + " -> "
              + orDash(p, "to")
              + (blank(p, "reason") ? "" : " (" + text(p, "reason") + ")");
      case "fencing.requested" ->
          text(p, "action")
              + " of "
              + text(p, "target")
              + " requested by "
              + orDash(p, "requester")
              + (blank(p, "reason") ? "" : ": " + text(p, "reason"));
      case "fencing.completed" ->
          text(p, "action")
              + " of "
              + text(p, "target")
              + (p.path("success").asBoolean()
                  ? " succeeded"
                  : " FAILED" + (blank(p, "error") ? "" : ": " + text(p, "error")))
              + (blank(p, "device") ? "" : " (device " + text(p, "device") + ")")
              + (blank(p, "executioner") ? "" : " by " + text(p, "executioner"));
      case "operator.action" ->
          text(p, "who")
              + ": "
              + text(p, "what")
              + (p.path("success").asBoolean(true)
                  ? ""
                  : " (refused" + (blank(p, "error") ? "" : ": " + text(p, "error")) + ")");
      default -> p.isMissingNode() ? "" : p.toString();
    };
  }

  private static String cibChanged(JsonNode p) {
    List<String> parts = new ArrayList<>();
    for (String[] kind : new String[][] {{"added", "+"}, {"removed", "-"}, {"modified", "~"}}) {
      for (JsonNode id : p.path(kind[0])) {
        parts.add(kind[1] + id.asText());
      }
    }
    return "CIB "
        + text(p, "version")
        + (p.path("configuration").asBoolean() ? " configuration" : " status")
        + (blank(p, "summary") ? "" : ": " + text(p, "summary"))
        + (parts.isEmpty() ? "" : " [" + String.join(" ", parts) + "]");
  }

  /** {@code web start}, {@code web monitor/10s}. */
  private static String op(JsonNode p) {
    long interval = p.path("intervalMs").asLong(0);
    String every =
        interval == 0 ? "" : "/" + (interval % 1000 == 0 ? interval / 1000 + "s" : interval + "ms");
    return text(p, "resource") + " " + text(p, "operation") + every;
  }

  /** {@code not running (7)}. */
  private static String rc(JsonNode p) {
    int rc = p.path("rc").asInt();
    return StatusCommand.ocfName(rc) + " (" + rc + ")";
  }

  private static String text(JsonNode p, String field) {
    JsonNode n = p.path(field);
    return n.isMissingNode() || n.isNull() ? "?" : n.asText();
  }

  private static String orDash(JsonNode p, String field) {
    return blank(p, field) ? "-" : text(p, field);
  }

  private static boolean blank(JsonNode p, String field) {
    JsonNode n = p.path(field);
    return n.isMissingNode() || n.isNull() || n.asText().isBlank();
  }

  private static String join(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return String.join(" ", out);
  }

  /** One line, at most {@link #MAX_SUMMARY} characters; control characters become spaces. */
  static String shorten(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_SUMMARY + 3));
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    return sb.length() <= MAX_SUMMARY ? sb.toString() : sb.substring(0, MAX_SUMMARY - 3) + "...";
  }
}
