package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.agent.ParameterSpec;
import org.paceline.api.ra.AgentId;

/** The JSON shapes of agents in the admin API. */
final class AgentJson {

  private AgentJson() {}

  /**
   * One agent as {@code GET /agents} lists it: {@code id, kind, class, provider, type, bundle,
   * bundleVersion, serviceId, pending, version, shortDescription, warnings}. While its meta-data is
   * still being read, {@code pending} is true and {@code version} and {@code shortDescription} are
   * null.
   */
  static ObjectNode summary(AgentCatalog.Entry e, Optional<AgentDescriber.Description> d) {
    ObjectNode o = Responses.object();
    o.put("id", e.id());
    o.put("kind", e.kind() == AgentCatalog.Kind.RESOURCE ? "resource" : "fence");
    putIdParts(o, e);
    o.put("bundle", e.bundle());
    o.put("bundleVersion", e.bundleVersion());
    o.put("serviceId", e.serviceId());
    o.put("pending", d.isEmpty());
    if (d.isPresent()) {
      o.put("version", d.get().metadata().version());
      o.put("shortDescription", d.get().metadata().shortDescription());
    } else {
      o.putNull("version");
      o.putNull("shortDescription");
    }
    ArrayNode warnings = o.putArray("warnings");
    d.ifPresent(x -> x.warnings().forEach(warnings::add));
    return o;
  }

  /**
   * One agent as {@code GET /agents/{id}} shows it: the summary plus {@code longDescription},
   * {@code parameters} and {@code actions}.
   */
  static ObjectNode detail(AgentCatalog.Entry e, AgentDescriber.Description d) {
    ObjectNode o = summary(e, Optional.of(d));
    AgentMetadata md = d.metadata();
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

  /** {@code class}, {@code provider} (null outside ocf) and {@code type}. */
  private static void putIdParts(ObjectNode o, AgentCatalog.Entry e) {
    if (e.kind() == AgentCatalog.Kind.FENCE) {
      o.put("class", "stonith");
      o.putNull("provider");
      o.put("type", e.id().substring(e.id().indexOf(':') + 1));
      return;
    }
    try {
      AgentId id = AgentId.parse(e.id());
      o.put("class", id.standard());
      if (id.provider() == null) {
        o.putNull("provider");
      } else {
        o.put("provider", id.provider());
      }
      o.put("type", id.type());
    } catch (IllegalArgumentException ex) {
      o.putNull("class");
      o.putNull("provider");
      o.put("type", e.id());
    }
  }
}
