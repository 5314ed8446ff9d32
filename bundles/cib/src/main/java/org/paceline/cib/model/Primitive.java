package org.paceline.cib.model;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.paceline.api.ra.AgentId;

/**
 * A primitive resource: one instance of a resource agent. A fencing device is a primitive of class
 * {@code stonith} (no provider), e.g. {@code stonith:fence_ipmilan}.
 *
 * <p>A primitive made from a {@link Template} names it in {@code template} and holds the resolved
 * definition: the template's agent, its params, meta and utilization overridden by the primitive's
 * own, and its operations replaced by the primitive's operations with the same name, interval and
 * role ({@link Template#instantiate}).
 *
 * @param id the resource id
 * @param agent the agent, {@code class:provider:type}
 * @param params instance attributes passed to the agent
 * @param meta meta-attributes
 * @param utilization utilization attributes (capacity the resource uses)
 * @param operations configured operations; no two share a name, interval and role
 * @param template the id of the template this primitive was made from, or {@code null}
 */
public record Primitive(
    String id,
    AgentId agent,
    Map<String, String> params,
    Map<String, String> meta,
    Map<String, String> utilization,
    List<Operation> operations,
    String template)
    implements Resource {

  public Primitive {
    Checks.id(id, "primitive");
    Checks.required(agent, "primitive '" + id + "' agent");
    params = Checks.attributes(params, "primitive '" + id + "' params");
    meta = Checks.attributes(meta, "primitive '" + id + "' meta");
    utilization = Checks.attributes(utilization, "primitive '" + id + "' utilization");
    operations = Checks.list(operations, "primitive '" + id + "' operations");
    checkOperations(operations, "primitive '" + id + "'");
    if (template != null) {
      Checks.id(template, "primitive '" + id + "' template");
    }
  }

  public Primitive(
      String id,
      AgentId agent,
      Map<String, String> params,
      Map<String, String> meta,
      Map<String, String> utilization,
      List<Operation> operations) {
    this(id, agent, params, meta, utilization, operations, null);
  }

  public Primitive(String id, AgentId agent) {
    this(id, agent, Map.of(), Map.of(), Map.of(), List.of(), null);
  }

  static void checkOperations(List<Operation> operations, String what) {
    Set<String> keys = new HashSet<>();
    for (Operation op : operations) {
      if (!keys.add(opKey(op))) {
        throw new IllegalArgumentException(
            what
                + " has two '"
                + op.name()
                + "' operations with interval "
                + op.interval().toMillis()
                + "ms");
      }
    }
  }

  /** Name, interval and role: what makes an operation distinct within a resource. */
  static String opKey(Operation op) {
    return op.name() + "@" + op.interval().toMillis() + "@" + op.role();
  }

  /** The configured operation with this name and interval (in ms), if any. */
  public Optional<Operation> operation(String name, long intervalMs) {
    return operations.stream()
        .filter(o -> Objects.equals(o.name(), name) && o.interval().toMillis() == intervalMs)
        .findFirst();
  }

  /** Whether this is a fencing device: an agent of class {@code stonith}. */
  public boolean fencingDevice() {
    return "stonith".equals(agent.standard());
  }

  @Override
  public Primitive withMeta(String name, String value) {
    return new Primitive(
        id, agent, params, withEntry(meta, name, value), utilization, operations, template);
  }

  private static Map<String, String> withEntry(Map<String, String> map, String name, String value) {
    Map<String, String> next = new java.util.TreeMap<>(map);
    if (value == null) {
      next.remove(name);
    } else {
      next.put(name, value);
    }
    return next;
  }
}
