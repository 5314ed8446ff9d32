package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /agents} and {@code GET /agents/{id}}: the agents and agent classes of this node, with
 * meta-data read through the {@link AgentDescriber}.
 */
final class AgentRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(AgentRoutes.class);

  /** How long {@code GET /agents} waits for meta-data in all. */
  static final Duration LIST_WAIT = Duration.ofSeconds(2);

  /** How long {@code GET /agents/{id}} waits for one agent's meta-data. */
  static final Duration DETAIL_WAIT = Duration.ofSeconds(25);

  private final String nodeName;
  private final AgentCatalog catalog;
  private final AgentDescriber describer;
  private final Duration listWait;
  private final Duration detailWait;

  AgentRoutes(
      String nodeName,
      AgentCatalog catalog,
      AgentDescriber describer,
      Duration listWait,
      Duration detailWait) {
    this.nodeName = nodeName;
    this.catalog = catalog;
    this.describer = describer;
    this.listWait = listWait;
    this.detailWait = detailWait;
  }

  /**
   * {@code {"node", "classes": [{"class", "available", "reason", "bundle"}], "agents": [...],
   * "pending": N}}, agents as {@link AgentJson#summary}.
   */
  AdminApi.Response list() {
    ObjectNode body = Responses.object();
    body.put("node", nodeName);
    ArrayNode classes = body.putArray("classes");
    for (AgentCatalog.ClassEntry c : catalog.classes()) {
      classes.add(classJson(c));
    }
    List<AgentCatalog.Entry> entries = catalog.list();
    Map<Long, Optional<AgentDescriber.Description>> described =
        describer.describeAll(entries, listWait);
    ArrayNode list = body.putArray("agents");
    int pending = 0;
    for (AgentCatalog.Entry e : entries) {
      Optional<AgentDescriber.Description> d =
          described.getOrDefault(e.serviceId(), Optional.empty());
      if (d.isEmpty()) {
        pending++;
      }
      list.add(AgentJson.summary(e, d));
    }
    body.put("pending", pending);
    return Responses.ok(body);
  }

  /** One agent's full meta-data and warnings, as {@link AgentJson#detail}. */
  AdminApi.Response detail(String id) {
    Optional<AgentCatalog.Entry> entry = catalog.find(id);
    if (entry.isEmpty()) {
      return Responses.error(404, "no agent '" + id + "' on node " + nodeName + " (see ra list)");
    }
    Optional<AgentDescriber.Description> d = describer.describe(entry.get(), detailWait);
    if (d.isEmpty()) {
      return Responses.error(
          503,
          "agent "
              + id
              + " has not given its meta-data within "
              + DurationText.format(detailWait)
              + " on node "
              + nodeName
              + "; try again later");
    }
    return Responses.ok(AgentJson.detail(entry.get(), d.get()));
  }

  private static ObjectNode classJson(AgentCatalog.ClassEntry c) {
    ObjectNode o = Responses.object();
    Optional<String> reason;
    try {
      reason = c.service().unavailableReason();
    } catch (RuntimeException e) {
      LOG.warn("agent class {} of bundle {} failed", c.standard(), c.bundle(), e);
      reason = Optional.of("checking whether the class can run here failed: " + e);
    }
    o.put("class", c.standard());
    o.put("available", reason.isEmpty());
    if (reason.isPresent()) {
      o.put("reason", reason.get());
    } else {
      o.putNull("reason");
    }
    o.put("bundle", c.bundle());
    return o;
  }
}
