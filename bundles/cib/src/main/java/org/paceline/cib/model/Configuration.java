package org.paceline.cib.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
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
 * @param templates resource templates; primitives made from one are resolved ({@link Template})
 * @param tags tags
 * @param fencingTopology fencing levels
 * @param conditionalSets rule-conditioned cluster properties, resource and operation defaults; per
 *     section in order of precedence (non-increasing score)
 */
public record Configuration(
    Map<String, String> properties,
    List<Node> nodes,
    List<Resource> resources,
    List<Constraint> constraints,
    Map<String, String> rscDefaults,
    Map<String, String> opDefaults,
    List<Template> templates,
    List<Tag> tags,
    List<FencingLevel> fencingTopology,
    List<ConditionalSet> conditionalSets) {

  public static final Configuration EMPTY =
      new Configuration(Map.of(), List.of(), List.of(), List.of(), Map.of(), Map.of());

  public Configuration {
    properties = Checks.attributes(properties, "cluster properties");
    nodes = Checks.list(nodes, "nodes");
    resources = ResourceList.of(resources);
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
    templates = Checks.list(templates, "templates");
    tags = Checks.list(tags, "tags");
    fencingTopology = Checks.list(fencingTopology, "fencing topology");
    conditionalSets = Checks.list(conditionalSets, "conditional sets");
    List<Resource> all = ((ResourceList) resources).all();
    Checks.unique(constraints.stream().map(Constraint::id).toList(), "constraint");
    List<String> ids = new ArrayList<>();
    all.forEach(r -> ids.add(r.id()));
    templates.forEach(t -> ids.add(t.id()));
    tags.forEach(t -> ids.add(t.id()));
    constraints.forEach(c -> ids.add(c.id()));
    fencingTopology.forEach(f -> ids.add(f.id()));
    conditionalSets.forEach(c -> ids.add(c.id()));
    Checks.unique(ids, "configuration object");
    checkTemplates(all, templates);
    checkTopology(fencingTopology);
    checkConditionalOrder(conditionalSets);
  }

  public Configuration(
      Map<String, String> properties,
      List<Node> nodes,
      List<Resource> resources,
      List<Constraint> constraints,
      Map<String, String> rscDefaults,
      Map<String, String> opDefaults) {
    this(
        properties,
        nodes,
        resources,
        constraints,
        rscDefaults,
        opDefaults,
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }

  private static void checkTemplates(List<Resource> all, List<Template> templates) {
    Map<String, Template> byId = new HashMap<>();
    templates.forEach(t -> byId.put(t.id(), t));
    for (Resource r : all) {
      if (r instanceof Primitive p && p.template() != null) {
        Template t = byId.get(p.template());
        if (t == null) {
          throw new IllegalArgumentException(
              "primitive '"
                  + p.id()
                  + "' names template '"
                  + p.template()
                  + "', which is not defined");
        }
        if (!t.made(p)) {
          throw new IllegalArgumentException(
              "primitive '"
                  + p.id()
                  + "' is not what template '"
                  + t.id()
                  + "' makes of it (build it with Template.instantiate)");
        }
      }
    }
  }

  private static void checkTopology(List<FencingLevel> levels) {
    Set<String> seen = new HashSet<>();
    for (FencingLevel l : levels) {
      String target =
          l.target() != null
              ? "node " + l.target()
              : l.targetPattern() != null
                  ? "pattern " + l.targetPattern()
                  : "attribute " + l.targetAttribute() + "=" + l.targetValue();
      if (!seen.add(target + "@" + l.index())) {
        throw new IllegalArgumentException(
            "fencing topology has two levels with index " + l.index() + " for " + target);
      }
    }
  }

  private static void checkConditionalOrder(List<ConditionalSet> sets) {
    Map<ConditionalSet.Section, Score> last = new EnumMap<>(ConditionalSet.Section.class);
    for (ConditionalSet c : sets) {
      Score before = last.put(c.section(), c.score());
      if (before != null && before.compareTo(c.score()) < 0) {
        throw new IllegalArgumentException(
            c.section().element()
                + " set '"
                + c.id()
                + "' has a higher score than the set before it: keep sets in order of"
                + " precedence, highest score first");
      }
    }
  }

  /** Every resource: top-level ones, then (depth first) group members and clone children. */
  public List<Resource> allResources() {
    return index().all();
  }

  private ResourceList index() {
    return (ResourceList) resources;
  }

  /** The resource with this id at any depth: top-level, group member or clone child. */
  public Optional<Resource> resource(String id) {
    return Optional.ofNullable(index().byId(id));
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
    return Optional.ofNullable(index().parentOf(id));
  }

  /** The top-level resource containing {@code id} (itself if top-level). */
  public Optional<Resource> topLevelOf(String id) {
    return Optional.ofNullable(index().topLevelOf(id));
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

  public Optional<Template> template(String id) {
    return templates.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  public Optional<Tag> tag(String id) {
    return tags.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** The conditional sets of one section, in order of precedence. */
  public List<ConditionalSet> conditionalSets(ConditionalSet.Section section) {
    return conditionalSets.stream().filter(c -> c.section() == section).toList();
  }

  /** The typed cluster options of the unconditional properties. */
  public ClusterOptions clusterOptions() {
    return new ClusterOptions(properties);
  }

  /** The typed cluster options in effect in {@code context} (conditional sets applied). */
  public ClusterOptions clusterOptions(RuleContext context) {
    return new ClusterOptions(effectiveProperties(context));
  }

  /** The cluster properties in effect in {@code context}: matching conditional sets first. */
  public Map<String, String> effectiveProperties(RuleContext context) {
    return effective(ConditionalSet.Section.CLUSTER_PROPERTIES, properties, context);
  }

  /** The resource defaults in effect in {@code context} (its agent, its time). */
  public Map<String, String> effectiveRscDefaults(RuleContext context) {
    return effective(ConditionalSet.Section.RSC_DEFAULTS, rscDefaults, context);
  }

  /** The operation defaults in effect in {@code context} (its agent, operation and time). */
  public Map<String, String> effectiveOpDefaults(RuleContext context) {
    return effective(ConditionalSet.Section.OP_DEFAULTS, opDefaults, context);
  }

  private Map<String, String> effective(
      ConditionalSet.Section section, Map<String, String> base, RuleContext context) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConditionalSet c : conditionalSets) {
      if (c.section() == section && RuleEvaluator.matches(c.rule(), context)) {
        c.values().forEach(out::putIfAbsent);
      }
    }
    base.forEach(out::putIfAbsent);
    return AttributeMap.copyOf(out);
  }

  /** The effective instance attributes of a primitive: its group's params overridden by its own. */
  public Map<String, String> effectiveParams(String id) {
    Resource r =
        resource(id)
            .orElseThrow(() -> new IllegalArgumentException("no resource with id '" + id + "'"));
    Map<String, String> out = new LinkedHashMap<>();
    parentOf(id)
        .ifPresent(
            p -> {
              if (p instanceof Group g) {
                out.putAll(g.params());
              }
            });
    if (r instanceof Primitive p) {
      out.putAll(p.params());
    } else if (r instanceof Group g) {
      out.putAll(g.params());
    }
    return AttributeMap.copyOf(out);
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

  /** This configuration with {@code next} as its node list. */
  public Configuration withNodes(List<Node> next) {
    return new Configuration(
        properties,
        next,
        resources,
        constraints,
        rscDefaults,
        opDefaults,
        templates,
        tags,
        fencingTopology,
        conditionalSets);
  }

  /** This configuration with {@code next} as its top-level resources. */
  public Configuration withResources(List<Resource> next) {
    return new Configuration(
        properties,
        nodes,
        next,
        constraints,
        rscDefaults,
        opDefaults,
        templates,
        tags,
        fencingTopology,
        conditionalSets);
  }
}
