package org.paceline.admin.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.RingStatus;

/** {@code GET /status}, {@code GET /health} and {@code POST /ring/faults}. */
final class ClusterRoutes {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final NodeConfiguration config;
  private final Instant started;
  private final ClusterView cluster;

  private final java.util.function.Supplier<Optional<org.paceline.cib.service.CibService>> cib;
  private final java.util.function.Supplier<Optional<EventFeed>> events;

  ClusterRoutes(NodeConfiguration config, Instant started, ClusterView cluster) {
    this(config, started, cluster, Optional::empty);
  }

  ClusterRoutes(
      NodeConfiguration config,
      Instant started,
      ClusterView cluster,
      java.util.function.Supplier<Optional<org.paceline.cib.service.CibService>> cib) {
    this(config, started, cluster, cib, Optional::empty);
  }

  ClusterRoutes(
      NodeConfiguration config,
      Instant started,
      ClusterView cluster,
      java.util.function.Supplier<Optional<org.paceline.cib.service.CibService>> cib,
      java.util.function.Supplier<Optional<EventFeed>> events) {
    this.config = config;
    this.started = started;
    this.cluster = cluster;
    this.cib = cib;
    this.events = events;
  }

  /** Whether a Pacemaker boolean attribute value is true ({@code on}, {@code true}, ...). */
  static boolean truthy(String value) {
    if (value == null) {
      return false;
    }
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "on", "true", "yes", "y", "1" -> true;
      default -> false;
    };
  }

  ObjectNode status() {
    ObjectNode body = Responses.object();
    body.put("cluster", config.cluster().totem().clusterName());
    body.put("node", config.node().name());
    body.put("nodeId", config.self().nodeId());
    Optional<RingStatus> ring = cluster.ring();
    // The DC is the member with the lowest node id, as every controller decides from the view.
    Optional<Integer> dc =
        ring.filter(r -> "OPERATIONAL".equals(r.state()))
            .flatMap(r -> r.view().members().stream().min(Integer::compare));
    if (dc.isPresent()) {
      body.put("dc", nameOf(dc.get()));
    } else {
      body.putNull("dc");
    }
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
    org.paceline.cib.model.Cib current =
        cib.get().map(c -> c.current()).orElse(org.paceline.cib.model.Cib.EMPTY);
    org.paceline.cib.model.Configuration configured = current.configuration();
    java.util.List<String> unclean = ResourceStatus.uncleanNodes(current);
    for (ClusterNode n : config.cluster().nodes()) {
      ObjectNode no = nodes.addObject();
      no.put("name", n.name());
      no.put("id", n.nodeId());
      no.put("address", n.ring0Address());
      no.put("votes", n.votes());
      java.util.Map<String, String> attrs =
          configured
              .node(n.name())
              .map(org.paceline.cib.model.Node::attributes)
              .orElse(java.util.Map.of());
      boolean standby = truthy(attrs.get("standby"));
      boolean maintenance = truthy(attrs.get("maintenance"));
      String state;
      if (!members.contains(n.nodeId())) {
        state = unclean.contains(n.name()) ? "unclean" : "offline";
      } else if (maintenance) {
        state = "maintenance";
      } else if (standby) {
        state = "standby";
      } else {
        state = "online";
      }
      no.put("state", state);
      no.put("standby", standby);
      no.put("maintenance", maintenance);
    }
    ResourceStatus.resources(current, body.putArray("resources"));
    ResourceStatus.failedActions(current, body.putArray("failedActions"));
    ArrayNode fencing = body.putArray("fencing");
    cluster
        .fencer()
        .ifPresent(
            f ->
                f.history()
                    .all()
                    .forEach(
                        r -> {
                          ObjectNode fo = fencing.addObject();
                          r.toAttributes().forEach(fo::put);
                        }));
    body.set("eventLog", eventLog());
    return body;
  }

  /** The event log's state, JSON null while the event log does not run on this node. */
  private JsonNode eventLog() {
    Optional<EventFeed> feed = events.get();
    if (feed.isEmpty()) {
      return com.fasterxml.jackson.databind.node.NullNode.getInstance();
    }
    try {
      return feed.get().status();
    } catch (RuntimeException e) {
      ObjectNode broken = Responses.object();
      broken.put("lastError", "cannot read the event log's state: " + e);
      return broken;
    }
  }

  ObjectNode health(Instant now) {
    ObjectNode body = Responses.object();
    body.put("node", config.node().name());
    body.put("cluster", config.cluster().totem().clusterName());
    body.put("status", "up");
    body.put("uptimeMillis", Duration.between(started, now).toMillis());
    return body;
  }

  AdminApi.Response setFaults(String body) {
    JsonNode req;
    try {
      req = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (JsonProcessingException e) {
      return Responses.error(400, "request body is not JSON: " + e.getOriginalMessage());
    }
    if (!req.isObject()) {
      return Responses.error(400, "request body must be a JSON object");
    }
    Set<Integer> cut = new HashSet<>();
    for (JsonNode n : req.path("cut")) {
      Optional<ClusterNode> node = config.cluster().node(n.asText());
      if (node.isEmpty()) {
        return Responses.error(
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
        return Responses.error(400, field + " must be a number");
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
      return Responses.error(400, e.getMessage());
    }
    if (!cluster.setFaults(spec)) {
      return Responses.error(503, "the ring is not running on node " + config.node().name());
    }
    return Responses.ok(status());
  }

  private String nameOf(int nodeId) {
    return config.cluster().nodes().stream()
        .filter(n -> n.nodeId() == nodeId)
        .map(ClusterNode::name)
        .findFirst()
        .orElse("node" + nodeId);
  }
}
