package org.paceline.cib.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.api.ra.AgentId;

/**
 * A resource template ({@code <template>}): a primitive definition that primitives refer to with
 * {@code template="ID"}. The model resolves templates: a primitive made from one holds the merged
 * definition ({@link #instantiate}); {@link #ownPart} recovers what the primitive adds, for export.
 *
 * @param id the template id
 * @param agent the agent
 * @param params instance attributes
 * @param meta meta-attributes
 * @param utilization utilization attributes
 * @param operations operations
 */
public record Template(
    String id,
    AgentId agent,
    Map<String, String> params,
    Map<String, String> meta,
    Map<String, String> utilization,
    List<Operation> operations) {

  public Template {
    Checks.id(id, "template");
    Checks.required(agent, "template '" + id + "' agent");
    params = Checks.attributes(params, "template '" + id + "' params");
    meta = Checks.attributes(meta, "template '" + id + "' meta");
    utilization = Checks.attributes(utilization, "template '" + id + "' utilization");
    operations = Checks.list(operations, "template '" + id + "' operations");
    Primitive.checkOperations(operations, "template '" + id + "'");
  }

  /**
   * The primitive {@code id} made from this template: the template's params, meta and utilization
   * overridden by the given ones; the template's operations, each replaced by a given operation
   * with the same name, interval and role, followed by the other given operations.
   */
  public Primitive instantiate(
      String id,
      Map<String, String> ownParams,
      Map<String, String> ownMeta,
      Map<String, String> ownUtilization,
      List<Operation> ownOperations) {
    Map<String, Operation> own = new LinkedHashMap<>();
    for (Operation op : ownOperations == null ? List.<Operation>of() : ownOperations) {
      if (own.put(Primitive.opKey(op), op) != null) {
        throw new IllegalArgumentException(
            "primitive '" + id + "' has two '" + op.name() + "' operations with the same interval");
      }
    }
    List<Operation> ops = new ArrayList<>();
    for (Operation op : operations) {
      Operation mine = own.remove(Primitive.opKey(op));
      ops.add(mine == null ? op : mine);
    }
    ops.addAll(own.values());
    return new Primitive(
        id,
        agent,
        merge(params, ownParams),
        merge(meta, ownMeta),
        merge(utilization, ownUtilization),
        ops,
        this.id);
  }

  /**
   * What {@code p} adds to this template: the params, meta and utilization that differ from the
   * template's, and the operations that are not the template's own. {@code instantiate(p.id(),
   * ownPart ...)} gives {@code p} back when {@code p} was made from this template.
   */
  public Primitive ownPart(Primitive p) {
    List<Operation> ops = new ArrayList<>();
    for (Operation op : p.operations()) {
      if (!operations.contains(op)) {
        ops.add(op);
      }
    }
    return new Primitive(
        p.id(),
        agent,
        diff(p.params(), params),
        diff(p.meta(), meta),
        diff(p.utilization(), utilization),
        ops,
        id);
  }

  /** Whether {@code p} is exactly what this template makes of its own part. */
  public boolean made(Primitive p) {
    Primitive own = ownPart(p);
    return p.equals(
        instantiate(p.id(), own.params(), own.meta(), own.utilization(), own.operations()));
  }

  private static Map<String, String> merge(Map<String, String> base, Map<String, String> over) {
    Map<String, String> m = new LinkedHashMap<>(base);
    if (over != null) {
      m.putAll(over);
    }
    return m;
  }

  private static Map<String, String> diff(Map<String, String> all, Map<String, String> base) {
    Map<String, String> m = new LinkedHashMap<>();
    all.forEach(
        (k, v) -> {
          if (!v.equals(base.get(k))) {
            m.put(k, v);
          }
        });
    return m;
  }
}
