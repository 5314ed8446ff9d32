package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.paceline.cib.crm.ConfigurationEditor.Deletion;
import org.paceline.cib.model.ConditionalSet;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.FencingLevel;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.Tag;
import org.paceline.cib.model.Template;

/** {@link ConfigurationEditor#delete}: removing an object and what depends on it. */
final class Deletions {

  private Deletions() {}

  /** What {@code id} names ({@code "primitive 'vip'"}), or {@code null} if nothing. */
  static String describe(Configuration c, String id) {
    Optional<Resource> r = c.resource(id);
    if (r.isPresent()) {
      return Trees.kind(r.get()) + " '" + id + "'";
    }
    Optional<Constraint> k = c.constraint(id);
    if (k.isPresent()) {
      return ConstraintReferences.kind(k.get()) + " constraint '" + id + "'";
    }
    if (c.template(id).isPresent()) {
      return "template '" + id + "'";
    }
    if (c.tag(id).isPresent()) {
      return "tag '" + id + "'";
    }
    for (ConditionalSet s : c.conditionalSets()) {
      if (s.id().equals(id)) {
        return s.section().element() + " set '" + id + "'";
      }
    }
    for (FencingLevel l : c.fencingTopology()) {
      if (l.id().equals(id)) {
        return "fencing level '" + id + "'";
      }
    }
    return null;
  }

  static Deletion delete(Configuration config, String id, boolean force) {
    ConfigBuilder b = new ConfigBuilder(config);
    List<String> removed = new ArrayList<>();
    removed.add(id);
    Optional<Constraint> constraint = config.constraint(id);
    if (constraint.isPresent()) {
      b.constraints.remove(constraint.get());
      return new Deletion(b.build(), removed);
    }
    if (b.conditionalSets.removeIf(s -> s.id().equals(id))
        || b.fencingTopology.removeIf(l -> l.id().equals(id))) {
      return new Deletion(b.build(), removed);
    }
    Dependents d = new Dependents();
    Optional<Tag> tag = config.tag(id);
    Optional<Template> template = config.template(id);
    Optional<Resource> resource = config.resource(id);
    String what;
    if (tag.isPresent()) {
      what = "tag '" + id + "'";
      b.tags.remove(tag.get());
      d.resources.add(id);
    } else if (template.isPresent()) {
      what = "template '" + id + "'";
      b.templates.remove(template.get());
      d.resources.add(id);
      for (Primitive p : config.primitives()) {
        if (id.equals(p.template())) {
          d.blockers.add("primitive '" + p.id() + "' (made from it)");
          d.ids.add(p.id());
          b.resources =
              Trees.substitute(
                  b.resources,
                  p.id(),
                  new Primitive(
                      p.id(), p.agent(), p.params(), p.meta(), p.utilization(), p.operations()));
        }
      }
    } else if (resource.isPresent()) {
      what = Trees.kind(resource.get()) + " '" + id + "'";
      Trees.Removal r = Trees.remove(config, resource.get());
      b.resources = r.top();
      d.resources.addAll(r.gone());
      removed.addAll(r.gone().subList(1, r.gone().size()));
    } else {
      Optional<Node> node = config.node(id).or(() -> config.nodeById(id));
      if (node.isEmpty()) {
        throw new ConfigurationEditException(
            "nothing to delete: no resource, template, tag, constraint, conditional set, fencing"
                + " level or node has id '"
                + id
                + "'");
      }
      what = "node '" + node.get().uname() + "'";
      b.nodes.remove(node.get());
      d.node = node.get().uname();
    }
    d.collect(config, b);
    if (!d.blockers.isEmpty() && !force) {
      String also =
          removed.size() > 1
              ? " (or to "
                  + String.join(", ", removed.subList(1, removed.size()))
                  + ", which would be deleted with it)"
              : "";
      throw new ConfigurationEditException(
          "cannot delete "
              + what
              + ": "
              + String.join(", ", d.blockers)
              + (d.blockers.size() == 1 ? " refers" : " refer")
              + " to it"
              + also
              + "; delete or change "
              + (d.blockers.size() == 1 ? "it" : "them")
              + " first, or force the deletion",
          d.ids);
    }
    removed.addAll(d.ids);
    return new Deletion(b.build(), removed);
  }

  /** What refers to the objects being deleted, and the builder changes forcing would make. */
  private static final class Dependents {
    final Set<String> resources = new LinkedHashSet<>();
    String node;
    final List<String> blockers = new ArrayList<>();
    final List<String> ids = new ArrayList<>();

    void collect(Configuration config, ConfigBuilder b) {
      List<Constraint> kept = new ArrayList<>();
      for (Constraint c : b.constraints) {
        boolean refers =
            ConstraintReferences.resources(c).stream().anyMatch(resources::contains)
                || node != null && node.equals(ConstraintReferences.node(c));
        if (refers) {
          blockers.add(ConstraintReferences.kind(c) + " '" + c.id() + "'");
          ids.add(c.id());
        } else {
          kept.add(c);
        }
      }
      b.constraints = kept;
      List<Tag> tags = new ArrayList<>();
      for (Tag t : b.tags) {
        List<String> refs = new ArrayList<>(t.references());
        if (refs.removeIf(resources::contains)) {
          blockers.add("tag '" + t.id() + "'");
          ids.add(t.id());
          if (!refs.isEmpty()) {
            tags.add(new Tag(t.id(), refs));
          }
        } else {
          tags.add(t);
        }
      }
      b.tags = tags;
      List<FencingLevel> levels = new ArrayList<>();
      for (FencingLevel l : b.fencingTopology) {
        List<String> devices = new ArrayList<>(l.devices());
        boolean changed = devices.removeIf(resources::contains);
        boolean targetGone = node != null && node.equals(l.target());
        if (changed || targetGone) {
          blockers.add("fencing level '" + l.id() + "'");
          ids.add(l.id());
          if (!targetGone && !devices.isEmpty()) {
            levels.add(
                new FencingLevel(
                    l.id(),
                    l.index(),
                    l.target(),
                    l.targetPattern(),
                    l.targetAttribute(),
                    l.targetValue(),
                    devices));
          }
        } else {
          levels.add(l);
        }
      }
      b.fencingTopology = levels;
    }
  }
}
