package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.ResourceState;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibService;

/**
 * {@code POST /resources/{id}/{action}} behind {@code paceline resource ...}, the parts that are
 * changes of the CIB, as crm_resource makes them:
 *
 * <ul>
 *   <li>{@code start} / {@code stop}: meta-attribute {@code target-role=Started|Stopped};
 *   <li>{@code move} {@code {"node": N, "lifetime": "PT1H"|"1h"}}: location {@code cli-prefer-RSC}
 *       (INFINITY on N, until the lifetime ends);
 *   <li>{@code ban} {@code {"node": N, "lifetime": ...}}: location {@code cli-ban-RSC-on-N}
 *       (-INFINITY);
 *   <li>{@code clear}: deletes every {@code cli-prefer-RSC} and {@code cli-ban-RSC-on-*};
 *   <li>{@code cleanup} {@code {"node": N?}}: forgets the operation history and fail counts;
 *   <li>{@code GET /resources/{id}}: where it is active and its fail counts per node ({@code
 *       locate}, {@code failcount}).
 * </ul>
 */
final class ResourceRoutes {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|min|h|d)");

  private final ConfigurationRoutes configuration;
  private final Supplier<Optional<CibService>> cib;

  ResourceRoutes(ConfigurationRoutes configuration, Supplier<Optional<CibService>> cib) {
    this.configuration = configuration;
    this.cib = cib;
  }

  AdminApi.Response act(String id, String action, Set<String> nodes, String body, Instant now) {
    Optional<CibService> service = cib.get();
    if (service.isEmpty()) {
      return Responses.error(503, "the CIB is not running on this node yet");
    }
    Cib current = service.get().current();
    if (current.configuration().resource(id).isEmpty()) {
      return Responses.error(404, "no resource '" + id + "' in the configuration");
    }
    try {
      JsonNode req = configuration.parse(body == null || body.isBlank() ? "{}" : body);
      String node = req.path("node").asText(null);
      if (node != null && !nodes.contains(node)) {
        return Responses.error(404, "no node '" + node + "' in this cluster");
      }
      return switch (action) {
        case "start" ->
            configuration.propose(new CibChange.SetResourceMeta(id, "target-role", "Started"), req);
        case "stop" ->
            configuration.propose(new CibChange.SetResourceMeta(id, "target-role", "Stopped"), req);
        case "move" -> {
          if (node == null) {
            throw new BadRequest(
                "move needs the node to move "
                    + id
                    + " to (field 'node'); use ban to keep it off"
                    + " a node");
          }
          yield configuration.propose(
              new CibChange.ApplyCrm(
                  location("cli-prefer-" + id, id, "INFINITY", node, lifetime(req, now)), true),
              req);
        }
        case "ban" -> {
          if (node == null) {
            throw new BadRequest("ban needs the node to keep " + id + " off (field 'node')");
          }
          yield configuration.propose(
              new CibChange.ApplyCrm(
                  location(
                      "cli-ban-" + id + "-on-" + node, id, "-INFINITY", node, lifetime(req, now)),
                  true),
              req);
        }
        case "clear" -> {
          List<String> ids = new ArrayList<>();
          for (Constraint c : current.configuration().constraints()) {
            if (c.id().equals("cli-prefer-" + id) || c.id().startsWith("cli-ban-" + id + "-on-")) {
              ids.add(c.id());
            }
          }
          if (ids.isEmpty()) {
            ObjectNode none = Responses.object();
            none.put("changed", false);
            none.put("versions", current.versions().toString());
            yield Responses.ok(none);
          }
          yield configuration.propose(new CibChange.DeleteObjects(ids, true), req);
        }
        case "cleanup" -> configuration.propose(new CibChange.ClearHistory(id, node), req);
        default ->
            throw new BadRequest(
                "unknown resource action '"
                    + action
                    + "' (start, stop, move, ban, clear, cleanup; restart comes with the"
                    + " controller)");
      };
    } catch (BadRequest e) {
      return Responses.error(400, e.getMessage());
    }
  }

  /** {@code GET /resources/{id}}: where it is active, and fail counts per node. */
  AdminApi.Response show(String id) {
    Optional<CibService> service = cib.get();
    if (service.isEmpty()) {
      return Responses.error(503, "the CIB is not running on this node yet");
    }
    Cib current = service.get().current();
    if (current.configuration().resource(id).isEmpty()) {
      return Responses.error(404, "no resource '" + id + "' in the configuration");
    }
    ObjectNode body = Responses.object();
    body.put("id", id);
    ArrayNode active = body.putArray("activeOn");
    current.status().activeOn(id).forEach(active::add);
    ArrayNode nodes = body.putArray("nodes");
    for (NodeStatus ns : current.status().nodes()) {
      ResourceState state = ns.resourceState(id);
      int failures = ns.instanceFailCount(id).value();
      if (state.equals(ResourceState.STOPPED) && failures == 0) {
        continue;
      }
      ObjectNode n = nodes.addObject();
      n.put("node", ns.node());
      n.put("state", state.toString());
      n.put("failCount", failures);
    }
    return Responses.ok(body);
  }

  private static String location(String cid, String rsc, String score, String node, Instant until) {
    if (until == null) {
      return "location " + cid + " " + rsc + " " + score + ": " + node;
    }
    return "location "
        + cid
        + " "
        + rsc
        + " rule "
        + score
        + ": #uname eq "
        + node
        + " and date lt "
        + until.truncatedTo(ChronoUnit.SECONDS);
  }

  /** When a lifetime given as ISO-8601 ({@code PT1H}) or {@code 30m}/{@code 2h}/... ends. */
  static Instant lifetime(JsonNode req, Instant now) throws BadRequest {
    String text = req.path("lifetime").asText(null);
    if (text == null || text.isBlank()) {
      return null;
    }
    Duration d;
    var m = DURATION.matcher(text.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
    } else {
      try {
        d = Duration.parse(text.trim());
      } catch (DateTimeParseException e) {
        throw new BadRequest(
            "field 'lifetime' is '" + text + "', not a duration such as 30m, 2h or PT1H");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new BadRequest("field 'lifetime' must be positive, got '" + text + "'");
    }
    return now.plus(d);
  }
}
