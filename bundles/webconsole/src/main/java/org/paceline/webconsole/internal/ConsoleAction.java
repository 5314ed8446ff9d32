package org.paceline.webconsole.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One action the Cluster page asks for, checked before it goes to the admin API: a node action
 * ({@code standby}, {@code online}) or a resource action ({@code start}, {@code stop}, {@code
 * move}, {@code clear}, {@code cleanup}).
 *
 * @param kind {@code node} or {@code resource}
 * @param target the node name or resource id
 * @param action what to do
 * @param node the node a resource moves to ({@code move}, required) or is cleaned up on ({@code
 *     cleanup}, optional); null otherwise
 */
public record ConsoleAction(String kind, String target, String action, String node) {

  /** Node actions the page offers. */
  public static final List<String> NODE_ACTIONS = List.of("standby", "online");

  /** Resource actions the page offers. */
  public static final List<String> RESOURCE_ACTIONS =
      List.of("start", "stop", "move", "clear", "cleanup");

  /** Node names and resource ids: what Pacemaker ids and host names are made of. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,127}");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request the page should not have sent; the message says what is wrong. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  /**
   * Reads a request body such as {@code {"kind":"resource","target":"g","action":"move",
   * "node":"n2"}}.
   *
   * @throws Invalid naming what is missing or wrong
   */
  public static ConsoleAction parse(String body) throws Invalid {
    JsonNode req;
    try {
      req = JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw new Invalid("the request body is not JSON: " + e.getOriginalMessage());
    }
    if (req == null || !req.isObject()) {
      throw new Invalid("the request body must be a JSON object");
    }
    String kind = text(req, "kind");
    String target = text(req, "target");
    String action = text(req, "action");
    String node = req.hasNonNull("node") ? req.get("node").asText() : null;
    if (node != null && node.isEmpty()) {
      node = null;
    }
    if (kind == null || target == null || action == null) {
      throw new Invalid("fields 'kind', 'target' and 'action' are required");
    }
    checkName("target", target);
    if (node != null) {
      checkName("node", node);
    }
    switch (kind) {
      case "node" -> {
        if (!NODE_ACTIONS.contains(action)) {
          throw new Invalid(
              "node action '" + action + "' is not one of " + String.join(", ", NODE_ACTIONS));
        }
        if (node != null) {
          throw new Invalid("a node action takes no 'node' field");
        }
      }
      case "resource" -> {
        if (!RESOURCE_ACTIONS.contains(action)) {
          throw new Invalid(
              "resource action '"
                  + action
                  + "' is not one of "
                  + String.join(", ", RESOURCE_ACTIONS));
        }
        if (action.equals("move") && node == null) {
          throw new Invalid("move needs the node to move " + target + " to (field 'node')");
        }
        if (node != null && !action.equals("move") && !action.equals("cleanup")) {
          throw new Invalid(action + " takes no 'node' field");
        }
      }
      default -> throw new Invalid("field 'kind' is '" + kind + "', not node or resource");
    }
    return new ConsoleAction(kind, target, action, node);
  }

  private static String text(JsonNode req, String field) throws Invalid {
    JsonNode v = req.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new Invalid("field '" + field + "' must be a string");
    }
    return v.asText();
  }

  private static void checkName(String field, String value) throws Invalid {
    if (!NAME.matcher(value).matches()) {
      throw new Invalid(
          "field '"
              + field
              + "' is not a node name or resource id (letters, digits, '_', '.', ':', '@', '-')");
    }
  }

  /** The admin API path below {@code /api/v1/} that performs this action. */
  public String adminPath() {
    return kind.equals("node")
        ? "nodes/" + target + "/state"
        : "resources/" + target + "/" + action;
  }

  /** The JSON body for {@link #adminPath}. */
  public String adminBody() {
    ObjectNode body = JSON.createObjectNode();
    if (kind.equals("node")) {
      body.put("state", action);
    } else if (node != null) {
      body.put("node", node);
    }
    return body.toString();
  }

  /** What the action does, in words, e.g. {@code move g to n2}. */
  public String describe() {
    if (kind.equals("node")) {
      return action + " node " + target;
    }
    return switch (action) {
      case "move" -> "move " + target + " to " + node;
      case "cleanup" -> node == null ? "cleanup " + target : "cleanup " + target + " on " + node;
      default -> action + " " + target;
    };
  }
}
