package org.paceline.cib.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration section of the CIB. Resource ids are unique across top-level resources, group
 * members and clone children; node ids and unames are unique; constraint ids are unique.
 * Constraints may name resources that do not exist (Pacemaker ignores them with a warning); the
 * validator, not this record, reports that.
 *
 * @param properties cluster options ({@code crm_config}), e.g. {@code stonith-enabled}
 * @param nodes configured nodes
 * @param resources top-level resources
 * @param constraints constraints
 * @param rscDefaults resource meta-attribute defaults
 * @param opDefaults operation defaults
 */
public record Configuration(
    Map<String, String> properties,
    List<Node> nodes,
    List<Resource> resources,
    List<Constraint> constraints,
    Map<String, String> rscDefaults,
    Map<String, String> opDefaults) {

  public static final Configuration EMPTY =
      new Configuration(Map.of(), List.of(), List.of(), List.of(), Map.of(), Map.of());

  public Configuration {
    properties = Checks.attributes(properties, "cluster properties");
    nodes = Checks.list(nodes, "nodes");
    resources = Checks.list(resources, "resources");
    constraints = Checks.list(constraints, "constraints");
    rscDefaults = Checks.attributes(rscDefaults, "rsc_defaults");
    opDefaults = Checks.attributes(opDefaults, "op_defaults");
    Checks.unique(nodes.stream().map(Node::id).toList(), "node");
    Set<String> unames = new HashSet<>();
    for (Node n : nodes) {
      if (!unames.add(n.uname())) {
        throw new IllegalArgumentException("duplicate node uname '" + n.uname() + "'");
      }
    }
    Checks.unique(flatten(resources).stream().map(Resource::id).toList(), "resource");
    Checks.unique(constraints.stream().map(Constraint::id).toList(), "constraint");
  }

  /** Every resource: top-level ones, then (depth first) group members and clone children. */
  public List<Resource> allResources() {
    return flatten(resources);
  }

  private static List<Resource> flatten(List<Resource> top) {
    List<Resource> out = new ArrayList<>();
    for (Resource r : top) {
      add(r, out);
    }
    return out;
  }

  private static void add(Resource r, List<Resource> out) {
    out.add(r);
    if (r instanceof Group g) {
      g.members().forEach(m -> add(m, out));
    } else if (r instanceof Clone c) {
      add(c.child(), out);
    }
  }

  /** The resource with this id at any depth: top-level, group member or clone child. */
  public Optional<Resource> resource(String id) {
    return allResources().stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The primitive with this id at any depth. */
  public Optional<Primitive> primitive(String id) {
    return resource(id).filter(Primitive.class::isInstance).map(Primitive.class::cast);
  }

  /** Every primitive, in configuration order. */
  public List<Primitive> primitives() {
    return allResources().stream()
        .filter(Primitive.class::isInstance)
        .map(Primitive.class::cast)
        .toList();
  }

  /**
   * The resource directly containing {@code id}: the group of a member or the clone of a child;
   * empty for a top-level or unknown resource.
   */
  public Optional<Resource> parentOf(String id) {
    for (Resource r : allResources()) {
      boolean contains =
          (r instanceof Group g && g.memberIds().contains(id))
              || (r instanceof Clone c && c.child().id().equals(id));
      if (contains) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The top-level resource containing {@code id} (itself if top-level). */
  public Optional<Resource> topLevelOf(String id) {
    for (Resource r : resources) {
      if (flatten(List.of(r)).stream().anyMatch(x -> x.id().equals(id))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  public Optional<Node> node(String uname) {
    return nodes.stream().filter(n -> n.uname().equals(uname)).findFirst();
  }

  public Optional<Node> nodeById(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
  }

  public Optional<Constraint> constraint(String id) {
    return constraints.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** Constraints of one kind, e.g. {@code constraints(LocationConstraint.class)}. */
  public <T extends Constraint> List<T> constraints(Class<T> kind) {
    return constraints.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  public Optional<String> property(String name) {
    return Optional.ofNullable(properties.get(name));
  }

  /**
   * The effective meta-attributes of {@code id}: rsc_defaults, overridden by the enclosing
   * resources' meta (outermost first), overridden by the resource's own meta.
   */
  public Map<String, String> effectiveMeta(String id) {
    Resource r =
        resource(id)
            .orElseThrow(() -> new IllegalArgumentException("no resource with id '" + id + "'"));
    List<Resource> chain = new ArrayList<>();
    for (Optional<Resource> p = parentOf(id); p.isPresent(); p = parentOf(p.get().id())) {
      chain.add(0, p.get());
    }
    Map<String, String> out = new LinkedHashMap<>(rscDefaults);
    chain.forEach(p -> out.putAll(p.meta()));
    out.putAll(r.meta());
    return Map.copyOf(out);
  }
}
