package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.cib.crm.CrmStatement.AttributesStatement;
import org.paceline.cib.crm.CrmStatement.CloneStatement;
import org.paceline.cib.crm.CrmStatement.ConditionalSetStatement;
import org.paceline.cib.crm.CrmStatement.ConstraintStatement;
import org.paceline.cib.crm.CrmStatement.DerivedPrimitiveStatement;
import org.paceline.cib.crm.CrmStatement.FencingTopologyStatement;
import org.paceline.cib.crm.CrmStatement.GroupStatement;
import org.paceline.cib.crm.CrmStatement.MonitorStatement;
import org.paceline.cib.crm.CrmStatement.NodeStatement;
import org.paceline.cib.crm.CrmStatement.PrimitiveStatement;
import org.paceline.cib.crm.CrmStatement.TagStatement;
import org.paceline.cib.crm.CrmStatement.TemplateStatement;
import org.paceline.cib.model.ConditionalSet;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.Tag;
import org.paceline.cib.model.Template;

/**
 * Applies single crm statements to a configuration and deletes objects by id: the editing half of
 * {@code paceline configure}. Every method returns a new configuration; the input is unchanged.
 *
 * <p>Adding an object whose id is taken fails unless {@code replace} is set; a replacement must be
 * of the same kind (a primitive replaces a primitive) and keeps its place. A new group or clone
 * takes the place of the first resource it absorbs; only top-level resources can be absorbed. Ids
 * are unique across resources, templates, tags, constraints and conditional sets, as in the CIB.
 * {@code property}, {@code rsc_defaults} and {@code op_defaults} set their values (no replace
 * needed); {@code fencing_topology} replaces the whole topology (replace needed if there is one).
 * {@link #delete} is in {@link Deletions}.
 */
public final class ConfigurationEditor {

  private ConfigurationEditor() {}

  /**
   * The result of a deletion.
   *
   * @param configuration the configuration without the deleted objects
   * @param removed the ids of every object removed, the requested one first; then any group or
   *     clone left empty; then, with {@code force}, the constraints removed and the tags and
   *     fencing levels removed or shortened
   */
  public record Deletion(Configuration configuration, List<String> removed) {
    public Deletion {
      removed = List.copyOf(removed);
    }
  }

  /**
   * Applies {@code statement} to {@code config}.
   *
   * @param replace whether an existing object with the same id may be replaced
   * @throws ConfigurationEditException naming the conflict or the missing object
   */
  public static Configuration apply(Configuration config, CrmStatement statement, boolean replace) {
    try {
      return applyChecked(config, statement, replace);
    } catch (ConfigurationEditException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigurationEditException(e.getMessage());
    }
  }

  private static Configuration applyChecked(
      Configuration config, CrmStatement statement, boolean replace) {
    ConfigBuilder b = new ConfigBuilder(config);
    if (statement instanceof NodeStatement n) {
      node(config, b, n.node(), replace);
    } else if (statement instanceof PrimitiveStatement p) {
      primitive(config, b, p.primitive(), replace);
    } else if (statement instanceof DerivedPrimitiveStatement d) {
      Template t =
          config
              .template(d.template())
              .orElseThrow(
                  () ->
                      new ConfigurationEditException(
                          "primitive '"
                              + d.id()
                              + "' is made from template '"
                              + d.template()
                              + "', which is not defined"));
      primitive(config, b, d.instantiate(t), replace);
    } else if (statement instanceof TemplateStatement t) {
      template(config, b, t.template(), replace);
    } else if (statement instanceof MonitorStatement m) {
      monitor(config, b, m, replace);
    } else if (statement instanceof GroupStatement g) {
      GroupEdits.group(config, b, g, replace);
    } else if (statement instanceof CloneStatement c) {
      GroupEdits.clone(config, b, c, replace);
    } else if (statement instanceof ConstraintStatement c) {
      constraint(config, b, c.constraint(), replace);
    } else if (statement instanceof TagStatement t) {
      tag(config, b, t.tag(), replace);
    } else if (statement instanceof ConditionalSetStatement c) {
      conditionalSet(config, b, c.set(), replace);
    } else if (statement instanceof FencingTopologyStatement f) {
      if (!config.fencingTopology().isEmpty() && !replace) {
        throw new ConfigurationEditException(
            "a fencing_topology already exists; replace it explicitly to change it");
      }
      b.fencingTopology = ScriptAssembler.expand(f, config.nodes());
      if (!f.everyNode().isEmpty() && config.nodes().isEmpty()) {
        throw new ConfigurationEditException(
            "fencing_topology without targets applies to every node, but no node is configured;"
                + " name the targets (NODE: DEVICES)");
      }
    } else if (statement instanceof AttributesStatement a) {
      switch (a.section()) {
        case PROPERTY -> b.properties.putAll(a.values());
        case RSC_DEFAULTS -> b.rscDefaults.putAll(a.values());
        case OP_DEFAULTS -> b.opDefaults.putAll(a.values());
      }
    }
    return b.build();
  }

  /** Applies every statement of a script in order, as {@code configure load update} does. */
  public static Configuration apply(Configuration config, CrmScript script, boolean replace) {
    Configuration c = config;
    for (CrmScript.Located l : script.statements()) {
      try {
        c = apply(c, l.statement(), replace);
      } catch (ConfigurationEditException e) {
        throw new ConfigurationEditException(l.position() + ": " + e.getMessage(), e.blockers());
      }
    }
    return c;
  }

  private static void node(Configuration config, ConfigBuilder b, Node node, boolean replace) {
    Optional<Node> existing = config.node(node.uname());
    if (existing.isPresent()) {
      if (!replace) {
        throw new ConfigurationEditException(
            "node '" + node.uname() + "' already exists; replace it explicitly to change it");
      }
      b.nodes.set(b.nodes.indexOf(existing.get()), node);
    } else {
      b.nodes.add(node);
    }
  }

  private static void primitive(
      Configuration config, ConfigBuilder b, Primitive p, boolean replace) {
    Optional<Resource> existing = config.resource(p.id());
    if (existing.isEmpty()) {
      checkFreeId(config, p.id());
      b.resources.add(p);
      return;
    }
    requireReplace(existing.get(), replace, "primitive");
    b.resources = Trees.substitute(b.resources, p.id(), p);
  }

  private static void template(Configuration config, ConfigBuilder b, Template t, boolean replace) {
    Optional<Template> existing = config.template(t.id());
    if (existing.isEmpty()) {
      checkFreeId(config, t.id());
      b.templates.add(t);
      return;
    }
    if (!replace) {
      throw new ConfigurationEditException(
          "template '" + t.id() + "' already exists; replace it explicitly to change it");
    }
    b.templates.set(b.templates.indexOf(existing.get()), t);
    // Primitives made from the template are remade from their own part.
    for (Primitive p : config.primitives()) {
      if (t.id().equals(p.template())) {
        Primitive own = existing.get().ownPart(p);
        Primitive remade =
            t.instantiate(p.id(), own.params(), own.meta(), own.utilization(), own.operations());
        b.resources = Trees.substitute(b.resources, p.id(), remade);
      }
    }
  }

  private static void monitor(
      Configuration config, ConfigBuilder b, MonitorStatement m, boolean replace) {
    Primitive p =
        config
            .primitive(m.resource())
            .orElseThrow(
                () ->
                    new ConfigurationEditException(
                        "monitor names '" + m.resource() + "', which is not a primitive"));
    Primitive base = p;
    if (replace) {
      List<Operation> ops = new ArrayList<>(p.operations());
      ops.removeIf(o -> o.name().equals("monitor") && o.interval().equals(m.interval()));
      base = withOperations(p, ops);
    }
    b.resources = Trees.substitute(b.resources, p.id(), withMonitor(base, m));
  }

  /** {@code p} with the monitor operation {@code m} added after its operations. */
  static Primitive withMonitor(Primitive p, MonitorStatement m) {
    List<Operation> ops = new ArrayList<>(p.operations());
    ops.add(
        new Operation(
            "monitor", m.interval(), m.timeout(), m.role(), null, true, Map.of(), Map.of()));
    return withOperations(p, ops);
  }

  static Primitive withOperations(Primitive p, List<Operation> ops) {
    return new Primitive(
        p.id(), p.agent(), p.params(), p.meta(), p.utilization(), ops, p.template());
  }

  private static void constraint(
      Configuration config, ConfigBuilder b, Constraint c, boolean replace) {
    Optional<Constraint> existing = config.constraint(c.id());
    if (existing.isPresent()) {
      if (!replace) {
        throw new ConfigurationEditException(
            ConstraintReferences.kind(existing.get())
                + " constraint '"
                + c.id()
                + "' already exists; replace it explicitly to change it");
      }
      b.constraints.set(b.constraints.indexOf(existing.get()), c);
    } else {
      checkFreeId(config, c.id());
      b.constraints.add(c);
    }
  }

  private static void tag(Configuration config, ConfigBuilder b, Tag t, boolean replace) {
    Optional<Tag> existing = config.tag(t.id());
    if (existing.isPresent()) {
      if (!replace) {
        throw new ConfigurationEditException(
            "tag '" + t.id() + "' already exists; replace it explicitly to change it");
      }
      b.tags.set(b.tags.indexOf(existing.get()), t);
    } else {
      checkFreeId(config, t.id());
      b.tags.add(t);
    }
  }

  private static void conditionalSet(
      Configuration config, ConfigBuilder b, ConditionalSet s, boolean replace) {
    Optional<ConditionalSet> existing =
        config.conditionalSets().stream().filter(c -> c.id().equals(s.id())).findFirst();
    if (existing.isPresent()) {
      if (!replace || existing.get().section() != s.section()) {
        throw new ConfigurationEditException(
            existing.get().section().element()
                + " set '"
                + s.id()
                + "' already exists; replace it explicitly to change it");
      }
      b.conditionalSets.set(b.conditionalSets.indexOf(existing.get()), s);
    } else {
      checkFreeId(config, s.id());
      b.conditionalSets.add(s);
    }
  }

  static void requireReplace(Resource existing, boolean replace, String kind) {
    String existingKind = Trees.kind(existing);
    if (!replace) {
      throw new ConfigurationEditException(
          existingKind
              + " '"
              + existing.id()
              + "' already exists; replace it explicitly to change it");
    }
    if (!existingKind.equals(kind)) {
      throw new ConfigurationEditException(
          "'" + existing.id() + "' is a " + existingKind + "; it cannot be replaced by a " + kind);
    }
  }

  /** Fails if {@code id} names a resource, template, tag, constraint or conditional set. */
  static void checkFreeId(Configuration config, String id) {
    String user = Deletions.describe(config, id);
    if (user != null) {
      throw new ConfigurationEditException("id '" + id + "' is already used by " + user);
    }
  }

  /**
   * Deletes the resource, template, tag, constraint, conditional set, fencing level or node (by
   * name or id) {@code id}, as {@code configure delete} does.
   *
   * <ul>
   *   <li>A primitive in a group leaves the group; a group left empty is deleted too. Deleting a
   *       clone's child deletes the clone.
   *   <li>Deleting a group or clone keeps its contents: they become top-level resources where the
   *       container was (crmsh does the same).
   *   <li>If constraints, tags or fencing levels name a resource that disappears (or a location
   *       constraint or fencing level names a deleted node, or a constraint a deleted tag, or a
   *       primitive is made from a deleted template), the deletion fails listing them, unless
   *       {@code force} is set: then those constraints are deleted, the name is dropped from the
   *       tags and levels (deleting any left empty), and the primitives keep their definition
   *       without the template. crmsh instead always deletes such "hanging" constraints, and
   *       re-points constraints on a deleted group or clone at its child.
   * </ul>
   *
   * @throws ConfigurationEditException if there is no such object, or others depend on it
   */
  public static Deletion delete(Configuration config, String id, boolean force) {
    return Deletions.delete(config, id, force);
  }
}
