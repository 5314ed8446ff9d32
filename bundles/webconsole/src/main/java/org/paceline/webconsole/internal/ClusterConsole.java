package org.paceline.webconsole.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.paceline.cib.model.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cluster page's JSON endpoints, free of servlet and OSGi types:
 *
 * <ul>
 *   <li>{@link #status}: the admin API's {@code GET /status} (nodes, quorum, DC, resources, failed
 *       actions, fencing) plus the constraints and target roles from this node's CIB;
 *   <li>{@link #events}: the admin API's {@code GET /events?from=SEQ&max=N}, or "not available";
 *   <li>{@link #act}: one {@link ConsoleAction}, after the {@link RequestGuard}, through the admin
 *       API.
 * </ul>
 *
 * <p>Every answer is a JSON object; a failure is {@code {"ok": false, "message": ...}} naming what
 * went wrong, never an exception.
 */
public final class ClusterConsole {

  /** What to answer: an HTTP status and a JSON body. */
  public record Answer(int status, String json) {}

  /** How many events one poll asks for. */
  static final int EVENTS_PER_POLL = 100;

  /** How many of the newest events the first poll shows. */
  static final int RECENT = 50;

  static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  /** The admin API waits up to 30 s for a change to be applied; wait a little longer. */
  static final Duration ACTION_TIMEOUT = Duration.ofSeconds(40);

  private static final Pattern SEQ = Pattern.compile("\\d{1,18}");
  private static final Logger LOG = LoggerFactory.getLogger(ClusterConsole.class);

  private final ObjectMapper json = new ObjectMapper();
  private final String nodeName;
  private final AdminClient admin;
  private final Supplier<Optional<Configuration>> configuration;
  private final Clock clock;

  /**
   * @param nodeName this node's name (for the page and the log)
   * @param admin this node's admin API
   * @param configuration this node's CIB configuration, when the CIB runs
   */
  public ClusterConsole(
      String nodeName,
      AdminClient admin,
      Supplier<Optional<Configuration>> configuration,
      Clock clock) {
    this.nodeName = nodeName;
    this.admin = admin;
    this.configuration = configuration;
    this.clock = clock;
  }

  /** {@code GET status.json}. */
  public Answer status() {
    ObjectNode out = json.createObjectNode();
    out.put("node", nodeName);
    out.put("time", clock.instant().toString());
    try {
      AdminClient.Reply r = admin.get("status", READ_TIMEOUT);
      if (r.status() == 200) {
        out.put("ok", true);
        out.set("status", json.readTree(r.body()));
      } else {
        out.put("ok", false);
        out.put("message", "the admin API answered " + r.status() + ": " + errorOf(r));
      }
    } catch (IOException e) {
      out.put("ok", false);
      out.put("message", unreachable(e));
    }
    Optional<Configuration> config = configuration.get();
    if (config.isPresent()) {
      ConfigurationView.constraints(config.get(), out.putArray("constraints"));
      ConfigurationView.targetRoles(config.get(), out.putObject("targetRoles"));
    } else {
      out.putNull("constraints");
      out.putObject("targetRoles");
    }
    return new Answer(200, out.toString());
  }

  /**
   * {@code GET events.json?from=SEQ}: up to {@link #EVENTS_PER_POLL} events from {@code from} on,
   * oldest first, and {@code next}, the {@code from} of the following poll; without {@code from},
   * the {@link #RECENT} newest. {@code {"available": false, "message": ...}} when the admin API has
   * no event log to read.
   */
  public Answer events(String from) {
    ObjectNode out = json.createObjectNode();
    if (from != null && !from.isEmpty() && !SEQ.matcher(from).matches()) {
      out.put("ok", false);
      out.put("message", "from must be a sequence number, not '" + from + "'");
      return new Answer(400, out.toString());
    }
    out.put("max", EVENTS_PER_POLL);
    try {
      Long start = from == null || from.isEmpty() ? null : Long.parseLong(from);
      if (start == null) {
        // Where the journal ends, to start with the newest events rather than the oldest.
        AdminClient.Reply head = admin.get("events?max=0", READ_TIMEOUT);
        if (head.status() != 200) {
          return notAvailable(
              out, "the admin API answered " + head.status() + ": " + errorOf(head));
        }
        JsonNode h = json.readTree(head.body());
        if (h != null && h.path("lastSeq").isIntegralNumber()) {
          long first = Math.max(1, h.path("firstSeq").asLong(1));
          start = Math.max(first, h.path("lastSeq").asLong() - RECENT + 1);
        }
      }
      String path = "events?max=" + EVENTS_PER_POLL + (start == null ? "" : "&from=" + start);
      AdminClient.Reply r = admin.get(path, READ_TIMEOUT);
      if (r.status() != 200) {
        return notAvailable(out, "the admin API answered " + r.status() + ": " + errorOf(r));
      }
      JsonNode body = json.readTree(r.body());
      JsonNode events = body != null && body.isArray() ? body : body.path("events");
      if (!events.isArray()) {
        return notAvailable(out, "the admin API's events answer holds no event list");
      }
      out.put("available", true);
      ArrayNode list = out.putArray("events");
      events.forEach(list::add);
      if (body.path("next").isIntegralNumber()) {
        out.put("next", body.path("next").asLong());
      }
    } catch (JsonProcessingException e) {
      return notAvailable(
          out, "the admin API's events answer is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return notAvailable(out, unreachable(e));
    }
    return new Answer(200, out.toString());
  }

  private static Answer notAvailable(ObjectNode out, String message) {
    out.put("available", false);
    out.put("message", message);
    return new Answer(200, out.toString());
  }

  /**
   * {@code POST action.json}: runs one action for {@code who} (user and address, for the log) if
   * the guard lets the request through.
   */
  public Answer act(RequestGuard.Facts facts, String body, String who) {
    Optional<String> refused = RequestGuard.refusal(facts);
    if (refused.isPresent()) {
      LOG.warn("node {}: web console action refused ({}): {}", nodeName, who, refused.get());
      return failure(403, refused.get());
    }
    ConsoleAction action;
    try {
      action = ConsoleAction.parse(body);
    } catch (ConsoleAction.Invalid e) {
      return failure(400, e.getMessage());
    }
    AdminClient.Reply r;
    try {
      r = admin.post(action.adminPath(), action.adminBody(), ACTION_TIMEOUT);
    } catch (IOException e) {
      LOG.warn("node {}: web console: {} by {} failed: {}", nodeName, action.describe(), who, e);
      return failure(502, action.describe() + ": " + unreachable(e));
    }
    LOG.info(
        "node {}: web console: {} by {}: admin API answered {}",
        nodeName,
        action.describe(),
        who,
        r.status());
    ObjectNode out = json.createObjectNode();
    out.put("action", action.describe());
    if (r.status() != 200) {
      out.put("ok", false);
      out.put("message", action.describe() + " failed: " + errorOf(r));
      return new Answer(r.status(), out.toString());
    }
    boolean changed = true;
    try {
      JsonNode result = json.readTree(r.body());
      out.set("result", result);
      changed = result.path("changed").asBoolean(true);
    } catch (JsonProcessingException e) {
      out.put("result", r.body());
    }
    out.put("ok", true);
    out.put(
        "message",
        changed ? action.describe() + ": done" : action.describe() + ": nothing to change");
    return new Answer(200, out.toString());
  }

  private Answer failure(int status, String message) {
    ObjectNode out = json.createObjectNode();
    out.put("ok", false);
    out.put("message", message);
    return new Answer(status, out.toString());
  }

  /** The {@code error} of an admin API answer, or its body. */
  private String errorOf(AdminClient.Reply r) {
    try {
      JsonNode b = json.readTree(r.body());
      if (b != null && b.hasNonNull("error")) {
        return b.get("error").asText();
      }
    } catch (JsonProcessingException e) {
      // not JSON: show what it is
    }
    String text = r.body().strip();
    return text.isEmpty() ? "(no message)" : text.substring(0, Math.min(text.length(), 300));
  }

  private String unreachable(IOException e) {
    return "cannot reach this node's admin API at " + admin.base() + ": " + e;
  }
}
