package org.paceline.admin.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.OperationRequest;

/**
 * Reads the body of {@code POST /agents/{id}/run}:
 *
 * <pre>
 * {"action": "start", "resource": "web", "params": {"ip": "10.0.0.5"}, "meta": {"clone-max": "2"},
 *  "timeout": "20s", "interval": "10s"}
 * </pre>
 *
 * {@code action} and {@code resource} are required. {@code timeout} defaults to {@value
 * #DEFAULT_TIMEOUT_TEXT} (Pacemaker's default operation timeout) and may be at most one hour;
 * {@code interval} (default 0) is for {@code monitor} only. Durations are JSON numbers
 * (milliseconds) or text ({@code 500ms}, {@code 20s}, {@code 2m}; a plain number is seconds).
 * Parameter and meta values are strings, numbers or booleans. Anything else, including an unknown
 * field, is refused with a message naming the field.
 */
final class RunRequests {

  /** The default timeout, as text. */
  static final String DEFAULT_TIMEOUT_TEXT = "20s";

  /** The default timeout. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  /** The longest timeout a run may ask for. */
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  static final List<String> FIELDS =
      List.of("action", "resource", "params", "meta", "timeout", "interval");

  private static final Pattern RESOURCE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:@+-]{0,99}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,99}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunRequests() {}

  /**
   * Parses {@code body}.
   *
   * @throws BadRequest naming the field that is missing or wrong
   */
  static OperationRequest parse(String body) throws BadRequest {
    JsonNode req;
    try {
      req = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (JsonProcessingException e) {
      throw new BadRequest("request body is not JSON: " + e.getOriginalMessage());
    }
    if (req == null || !req.isObject()) {
      throw new BadRequest("request body must be a JSON object");
    }
    for (Map.Entry<String, JsonNode> f : req.properties()) {
      if (!FIELDS.contains(f.getKey())) {
        throw new BadRequest(
            "unknown field '" + f.getKey() + "' (known: " + String.join(", ", FIELDS) + ")");
      }
    }
    AgentAction action = action(req.get("action"));
    String resource = resource(req.get("resource"));
    Map<String, String> params = strings("params", req.get("params"));
    Map<String, String> meta = strings("meta", req.get("meta"));
    Duration timeout = duration("timeout", req.get("timeout")).orElse(DEFAULT_TIMEOUT);
    if (timeout.isZero()) {
      throw new BadRequest("timeout: must be more than zero");
    }
    if (timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new BadRequest("timeout: " + timeout.toSeconds() + " s is more than one hour");
    }
    Duration interval = duration("interval", req.get("interval")).orElse(Duration.ZERO);
    if (!interval.isZero() && action != AgentAction.MONITOR) {
      throw new BadRequest("interval: only monitor has an interval (got " + action.ocfName() + ")");
    }
    return new OperationRequest(resource, action, params, meta, timeout, interval);
  }

  private static AgentAction action(JsonNode n) throws BadRequest {
    if (n == null || n.isNull()) {
      throw new BadRequest("action: required (e.g. start, stop, monitor)");
    }
    Optional<AgentAction> a =
        n.isTextual() ? AgentAction.fromOcfName(n.asText()) : Optional.empty();
    if (a.isEmpty()) {
      throw new BadRequest(
          "action: unknown action "
              + n
              + " (known: "
              + Arrays.stream(AgentAction.values())
                  .map(AgentAction::ocfName)
                  .collect(Collectors.joining(", "))
              + ")");
    }
    return a.get();
  }

  private static String resource(JsonNode n) throws BadRequest {
    if (n == null || n.isNull() || (n.isTextual() && n.asText().isBlank())) {
      throw new BadRequest("resource: required, the resource id the agent runs for (e.g. web)");
    }
    if (!n.isTextual() || !RESOURCE.matcher(n.asText()).matches()) {
      throw new BadRequest(
          "resource: "
              + n
              + " is not a resource id (up to 100 letters, digits and _ . : @ + -, not starting"
              + " with a punctuation mark)");
    }
    return n.asText();
  }

  private static Map<String, String> strings(String field, JsonNode n) throws BadRequest {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      throw new BadRequest(field + ": must be an object of name: value pairs");
    }
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      String key = field + "." + e.getKey();
      if (!NAME.matcher(e.getKey()).matches()) {
        throw new BadRequest(
            key + ": not a valid name (letters, digits, _ and -, not starting with a digit)");
      }
      JsonNode v = e.getValue();
      if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
        throw new BadRequest(key + ": must be a string, number or boolean, got " + v);
      }
      out.put(e.getKey(), v.asText());
    }
    return out;
  }

  private static Optional<Duration> duration(String field, JsonNode n) throws BadRequest {
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    Duration d;
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      d = Duration.ofMillis(n.asLong());
    } else if (n.isTextual()) {
      try {
        d = DurationText.parse(n.asText());
      } catch (IllegalArgumentException e) {
        throw new BadRequest(field + ": " + e.getMessage());
      }
    } else {
      throw new BadRequest(
          field + ": " + n + " is not a duration (milliseconds, or text such as 20s)");
    }
    if (d.isNegative()) {
      throw new BadRequest(field + ": must not be negative");
    }
    return Optional.of(d);
  }
}
