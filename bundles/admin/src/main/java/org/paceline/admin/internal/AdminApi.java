package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.agent.ParameterSpec;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.RingStatus;

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
  private final ClusterView cluster;

  public AdminApi(NodeConfiguration config, AgentCatalog agents, Instant started) {
    this(config, agents, started, ClusterView.none());
  }

  public AdminApi(
      NodeConfiguration config, AgentCatalog agents, Instant started, ClusterView cluster) {
    this.config = config;
    this.agents = agents;
    this.started = started;
    this.cluster = cluster;
  }

  /** Answers {@code method path} (path below the servlet's mount, e.g. {@code /api/v1/agents}). */
  public Response handle(String method, String path, Instant now) {
    return handle(method, path, "", now);
  }

  /** Answers {@code method path} with a request body (JSON, for POST). */
  public Response handle(String method, String path, String body, Instant now) {
    if (path == null || !path.startsWith(PREFIX + "/")) {
      return error(404, "no such endpoint: " + path + " (this API lives under " + PREFIX + "/)");
    }
    String rest = path.substring(PREFIX.length());
    if (rest.equals("/ring/faults")) {
      if (!method.equals("POST")) {
        return error(405, "method " + method + " is not allowed on " + path + " (use POST)");
      }
      return setFaults(body);
    }
    if (!method.equals("GET")) {
      return error(405, "method " + method + " is not allowed on " + path);
    }
    if (rest.equals("/status")) {
      return new Response(200, status());
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

  private ObjectNode status() {
    ObjectNode body = json.createObjectNode();
    body.put("cluster", config.cluster().totem().clusterName());
    body.put("node", config.node().name());
    body.put("nodeId", config.self().nodeId());
    body.putNull("dc");
    Optional<RingStatus> ring = cluster.ring();
    Optional<QuorumState> quorum = cluster.quorum();
    body.put("quorate", quorum.map(QuorumState::quorate).orElse(false));
    Set<Integer> members = new HashSet<>();
    if (ring.isPresent()) {
      RingStatus r = ring.get();
      members.addAll(r.view().members());
      ObjectNode ro = body.putObject("ring");
      ro.put("id", r.view().ringId().toString());
      ro.put("state", r.state());
      ArrayNode mem = ro.putArray("members");
      r.view().members().forEach(id -> mem.add(nameOf(id)));
      ObjectNode counters = ro.putObject("counters");
      r.counters().forEach(counters::put);
      RingStatus.FaultSpec f = r.faults();
      if (!f.equals(RingStatus.FaultSpec.none())) {
        ObjectNode fo = ro.putObject("faults");
        fo.put("drop", f.drop());
        fo.put("duplicate", f.duplicate());
        fo.put("reorder", f.reorder());
        fo.put("delayMillis", f.delayMillis());
        ArrayNode cut = fo.putArray("cut");
        f.cut().stream().sorted().forEach(id -> cut.add(nameOf(id)));
      }
    } else {
      body.putNull("ring");
    }
    if (quorum.isPresent()) {
      QuorumState q = quorum.get();
      ObjectNode qo = body.putObject("quorum");
      qo.put("quorate", q.quorate());
      qo.put("votes", q.votes());
      qo.put("expectedVotes", q.expectedVotes());
      qo.put("quorum", q.quorum());
      qo.put("reason", q.reason());
    } else {
      body.putNull("quorum");
    }
    ArrayNode nodes = body.putArray("nodes");
    for (ClusterNode n : config.cluster().nodes()) {
      ObjectNode no = nodes.addObject();
      no.put("name", n.name());
      no.put("id", n.nodeId());
      no.put("address", n.ring0Address());
      no.put("votes", n.votes());
      no.put("state", members.contains(n.nodeId()) ? "online" : "offline");
    }
    body.putArray("resources");
    return body;
  }

  private String nameOf(int nodeId) {
    return config.cluster().nodes().stream()
        .filter(n -> n.nodeId() == nodeId)
        .map(ClusterNode::name)
        .findFirst()
        .orElse("node" + nodeId);
  }

  private Response setFaults(String body) {
    JsonNode req;
    try {
      req = json.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return error(400, "request body is not JSON: " + e.getOriginalMessage());
    }
    if (!req.isObject()) {
      return error(400, "request body must be a JSON object");
    }
    Set<Integer> cut = new HashSet<>();
    for (JsonNode n : req.path("cut")) {
      Optional<ClusterNode> node = config.cluster().node(n.asText());
      if (node.isEmpty()) {
        return error(
            400,
            "cut: no node '"
                + n.asText()
                + "' in the nodelist (it has: "
                + String.join(
                    ", ", config.cluster().nodes().stream().map(ClusterNode::name).toList())
                + ")");
      }
      cut.add(node.get().nodeId());
    }
    for (String field : List.of("drop", "duplicate", "reorder", "delayMillis")) {
      if (req.has(field) && !req.get(field).isNumber()) {
        return error(400, field + " must be a number");
      }
    }
    RingStatus.FaultSpec spec;
    try {
      spec =
          new RingStatus.FaultSpec(
              req.path("drop").asDouble(0),
              req.path("duplicate").asDouble(0),
              req.path("reorder").asDouble(0),
              req.path("delayMillis").asLong(0),
              cut);
    } catch (IllegalArgumentException e) {
      return error(400, e.getMessage());
    }
    if (!cluster.setFaults(spec)) {
      return error(503, "the ring is not running on node " + config.node().name());
    }
    return new Response(200, status());
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
