package org.paceline.cib.model;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.paceline.api.ra.AgentId;

/**
 * A primitive resource: one instance of a resource agent.
 *
 * @param id the resource id
 * @param agent the agent, {@code class:provider:type}
 * @param params instance attributes passed to the agent
 * @param meta meta-attributes
 * @param utilization utilization attributes (capacity the resource uses)
 * @param operations configured operations; no two share a name and interval
 */
public record Primitive(
    String id,
    AgentId agent,
    Map<String, String> params,
    Map<String, String> meta,
    Map<String, String> utilization,
    List<Operation> operations)
    implements Resource {

  public Primitive {
    Checks.id(id, "primitive");
    Checks.required(agent, "primitive '" + id + "' agent");
    params = Checks.attributes(params, "primitive '" + id + "' params");
    meta = Checks.attributes(meta, "primitive '" + id + "' meta");
    utilization = Checks.attributes(utilization, "primitive '" + id + "' utilization");
    operations = Checks.list(operations, "primitive '" + id + "' operations");
    Set<String> keys = new HashSet<>();
    for (Operation op : operations) {
      if (!keys.add(op.name() + "@" + op.interval().toMillis() + "@" + op.role())) {
        throw new IllegalArgumentException(
            "primitive '"
                + id
                + "' has two '"
                + op.name()
                + "' operations with interval "
                + op.interval().toMillis()
                + "ms");
      }
    }
  }

  public Primitive(String id, AgentId agent) {
    this(id, agent, Map.of(), Map.of(), Map.of(), List.of());
  }

  /** The configured operation with this name and interval (in ms), if any. */
  public java.util.Optional<Operation> operation(String name, long intervalMs) {
    return operations.stream()
        .filter(o -> Objects.equals(o.name(), name) && o.interval().toMillis() == intervalMs)
        .findFirst();
  }
}
