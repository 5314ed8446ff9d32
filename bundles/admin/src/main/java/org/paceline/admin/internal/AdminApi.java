package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.agent.ParameterSpec;
import org.paceline.api.config.NodeConfiguration;

/**
 * The admin API's routes, free of servlet and OSGi types: a method and a path in, a status and a
 * JSON body out. Authentication happens before this (see {@link Credential}).
 */
public final class AdminApi {

  /**
   * What to answer.
   *
   * @param status HTTP status
   * @param body JSON body
   */
  public record Response(int status, ObjectNode body) {}

  private static final String PREFIX = "/api/v1";

  private final ObjectMapper json = new ObjectMapper();
  private final NodeConfiguration config;
  private final AgentCatalog agents;
  private final Instant started;

  public AdminApi(NodeConfiguration config, AgentCatalog agents, Instant started) {
    this.config = config;
    this.agents = agents;
    this.started = started;
  }

  /** Answers {@code method path} (path below the servlet's mount, e.g. {@code /api/v1/agents}). */
  public Response handle(String method, String path, Instant now) {
    if (path == null || !path.startsWith(PREFIX + "/")) {
      return error(404, "no such endpoint: " + path + " (this API lives under " + PREFIX + "/)");
    }
    String rest = path.substring(PREFIX.length());
    if (!method.equals("GET")) {
      return error(405, "method " + method + " is not allowed on " + path);
    }
    if (rest.equals("/health")) {
      return new Response(200, health(now));
    }
    if (rest.equals("/agents")) {
      return new Response(200, agentList());
    }
    if (rest.startsWith("/agents/")) {
      String id = rest.substring("/agents/".length());
      return agents
          .find(id)
          .map(e -> new Response(200, agentDetail(e)))
          .orElseGet(
              () ->
                  error(
                      404,
                      "no agent '" + id + "' on node " + config.node().name() + " (see ra list)"));
    }
    return error(404, "no such endpoint: " + path);
  }

  /** A JSON error body {@code {"error": message}}. */
  public Response error(int status, String message) {
    ObjectNode body = json.createObjectNode();
    body.put("error", message);
    return new Response(status, body);
  }

  private ObjectNode health(Instant now) {
    ObjectNode body = json.createObjectNode();
    body.put("node", config.node().name());
    body.put("cluster", config.cluster().totem().clusterName());
    body.put("status", "up");
    body.put("uptimeMillis", Duration.between(started, now).toMillis());
    return body;
  }

  private ObjectNode agentList() {
    ObjectNode body = json.createObjectNode();
    body.put("node", config.node().name());
    ArrayNode list = body.putArray("agents");
    for (AgentCatalog.Entry e : agents.list()) {
      list.add(summary(e));
    }
    return body;
  }

  private ObjectNode summary(AgentCatalog.Entry e) {
    ObjectNode o = json.createObjectNode();
    o.put("id", e.id());
    o.put("kind", e.kind() == AgentCatalog.Kind.RESOURCE ? "resource" : "fence");
    o.put("version", e.metadata().version());
    o.put("shortDescription", e.metadata().shortDescription());
    o.put("bundle", e.bundle());
    o.put("bundleVersion", e.bundleVersion());
    return o;
  }

  private ObjectNode agentDetail(AgentCatalog.Entry e) {
    ObjectNode o = summary(e);
    AgentMetadata md = e.metadata();
    o.put("longDescription", md.longDescription());
    ArrayNode params = o.putArray("parameters");
    for (ParameterSpec p : md.parameters()) {
      ObjectNode po = params.addObject();
      po.put("name", p.name());
      po.put("type", p.type());
      if (p.defaultValue() != null) {
        po.put("default", p.defaultValue());
      }
      po.put("required", p.required());
      po.put("unique", p.unique());
      po.put("shortDescription", p.shortDescription());
      po.put("longDescription", p.longDescription());
    }
    ArrayNode actions = o.putArray("actions");
    for (ActionSpec a : md.actions()) {
      ObjectNode ao = actions.addObject();
      ao.put("name", a.name());
      if (a.timeout() != null) {
        ao.put("timeoutMillis", a.timeout().toMillis());
      }
      if (!a.interval().isZero()) {
        ao.put("intervalMillis", a.interval().toMillis());
      }
      if (a.depth() != 0) {
        ao.put("depth", a.depth());
      }
      if (a.role() != null) {
        ao.put("role", a.role());
      }
    }
    return o;
  }
}
