package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibService;

/**
 * A node's attributes, as {@code crm_attribute} and {@code attrd_updater} set and read them (the
 * stand-ins the OCF plugin gives agents call these routes):
 *
 * <ul>
 *   <li>{@code POST /nodes/{node}/attributes} {@code {"name": N, "value": V|null, "lifetime":
 *       "reboot"|"forever", "force": bool}}: sets (a null value deletes) a transient attribute in
 *       the status ({@code reboot}, the default: lost when the node leaves, no quorum needed) or a
 *       permanent one in the configuration ({@code forever}: needs quorum unless forced).
 *       Promotable agents set their promotion score {@code master-<resource>} this way.
 *   <li>{@code GET /nodes/{node}/attributes/{name}}: {@code {"node", "name", "transient",
 *       "permanent", "value", "lifetime"}}: both values (null when unset), and the one in effect
 *       (the transient one wins); 404 naming the node and attribute when neither is set.
 *   <li>{@code GET /nodes/{node}/attributes}: {@code {"node", "transient": {...}, "permanent":
 *       {...}}}.
 * </ul>
 *
 * Names and values are plain text: no control characters, at most {@value #MAX_NAME} and {@value
 * #MAX_VALUE} characters.
 */
final class NodeAttributeRoutes {

  static final int MAX_NAME = 256;
  static final int MAX_VALUE = 4096;

  private final ConfigurationRoutes configuration;
  private final Supplier<Optional<CibService>> cib;

  NodeAttributeRoutes(ConfigurationRoutes configuration, Supplier<Optional<CibService>> cib) {
    this.configuration = configuration;
    this.cib = cib;
  }

  /** {@code POST /nodes/{node}/attributes}. */
  AdminApi.Response set(String node, Set<String> knownNodes, String body) {
    if (!knownNodes.contains(node)) {
      return unknownNode(node, knownNodes);
    }
    try {
      JsonNode req = configuration.parse(body);
      String name = name(req);
      String value = value(req);
      String lifetime = lifetime(req);
      CibChange change =
          lifetime.equals("forever")
              ? new CibChange.SetNodeAttribute(node, name, value)
              : new CibChange.SetTransientAttribute(node, name, value);
      AdminApi.Response answer = configuration.propose(change, req);
      if (answer.status() == 200) {
        ObjectNode out = answer.body();
        out.put("node", node);
        out.put("name", name);
        if (value == null) {
          out.putNull("value");
        } else {
          out.put("value", value);
        }
        out.put("lifetime", lifetime);
      }
      return answer;
    } catch (BadRequest e) {
      return Responses.error(400, e.getMessage());
    }
  }

  /** {@code GET /nodes/{node}/attributes/{name}}. */
  AdminApi.Response get(String node, Set<String> knownNodes, String name) {
    if (!knownNodes.contains(node)) {
      return unknownNode(node, knownNodes);
    }
    Optional<CibService> service = cib.get();
    if (service.isEmpty()) {
      return Responses.error(503, "the CIB is not running on this node yet");
    }
    Cib current = service.get().current();
    String transientValue = transientOf(current, node).get(name);
    String permanentValue = permanentOf(current, node).get(name);
    if (transientValue == null && permanentValue == null) {
      AdminApi.Response missing =
          Responses.error(404, "node " + node + " has no attribute '" + name + "'");
      missing.body().put("node", node);
      missing.body().put("name", name);
      return missing;
    }
    ObjectNode body = Responses.object();
    body.put("node", node);
    body.put("name", name);
    putNullable(body, "transient", transientValue);
    putNullable(body, "permanent", permanentValue);
    body.put("lifetime", transientValue != null ? "reboot" : "forever");
    body.put("value", transientValue != null ? transientValue : permanentValue);
    return Responses.ok(body);
  }

  /** {@code GET /nodes/{node}/attributes}. */
  AdminApi.Response list(String node, Set<String> knownNodes) {
    if (!knownNodes.contains(node)) {
      return unknownNode(node, knownNodes);
    }
    Optional<CibService> service = cib.get();
    if (service.isEmpty()) {
      return Responses.error(503, "the CIB is not running on this node yet");
    }
    Cib current = service.get().current();
    ObjectNode body = Responses.object();
    body.put("node", node);
    ObjectNode t = body.putObject("transient");
    transientOf(current, node).forEach(t::put);
    ObjectNode p = body.putObject("permanent");
    permanentOf(current, node).forEach(p::put);
    return Responses.ok(body);
  }

  private static Map<String, String> transientOf(Cib cib, String node) {
    return cib.status().node(node).map(NodeStatus::transientAttributes).orElse(Map.of());
  }

  private static Map<String, String> permanentOf(Cib cib, String node) {
    return cib.configuration().node(node).map(Node::attributes).orElse(Map.of());
  }

  private static void putNullable(ObjectNode body, String field, String value) {
    if (value == null) {
      body.putNull(field);
    } else {
      body.put(field, value);
    }
  }

  private static AdminApi.Response unknownNode(String node, Set<String> knownNodes) {
    return Responses.error(
        404,
        "no node '"
            + node
            + "' in this cluster (nodes: "
            + String.join(", ", new TreeSet<>(knownNodes))
            + ")");
  }

  private static String name(JsonNode req) throws BadRequest {
    JsonNode n = req.get("name");
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new BadRequest("field 'name' (the attribute's name, a string) is missing");
    }
    String name = n.asText();
    if (name.length() > MAX_NAME) {
      throw new BadRequest("field 'name' is longer than " + MAX_NAME + " characters");
    }
    if (!name.strip().equals(name) || hasControl(name)) {
      throw new BadRequest(
          "field 'name' must not contain control characters or start or end with blanks");
    }
    return name;
  }

  private static String value(JsonNode req) throws BadRequest {
    JsonNode v = req.get("value");
    if (v == null) {
      throw new BadRequest("field 'value' is missing (a string, or null to delete the attribute)");
    }
    if (v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      throw new BadRequest("field 'value' must be a string, a number or null (to delete)");
    }
    String value = v.asText();
    if (value.length() > MAX_VALUE) {
      throw new BadRequest("field 'value' is longer than " + MAX_VALUE + " characters");
    }
    if (hasControl(value)) {
      throw new BadRequest("field 'value' must not contain control characters");
    }
    return value;
  }

  private static String lifetime(JsonNode req) throws BadRequest {
    JsonNode l = req.get("lifetime");
    if (l == null || l.isNull()) {
      return "reboot";
    }
    String text = l.asText();
    if (!text.equals("reboot") && !text.equals("forever")) {
      throw new BadRequest(
          "field 'lifetime' is '"
              + text
              + "', not reboot (a transient attribute, the default) or forever (a permanent"
              + " one)");
    }
    return text;
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
