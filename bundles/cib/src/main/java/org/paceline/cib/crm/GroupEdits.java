package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.paceline.cib.crm.CrmStatement.CloneStatement;
import org.paceline.cib.crm.CrmStatement.GroupStatement;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;

/** Applies {@code group} and {@code clone} statements, which move existing resources. */
final class GroupEdits {

  private GroupEdits() {}

  static void group(Configuration config, ConfigBuilder b, GroupStatement g, boolean replace) {
    Optional<Resource> existing = config.resource(g.id());
    Group old = null;
    if (existing.isPresent()) {
      ConfigurationEditor.requireReplace(existing.get(), replace, "group");
      old = (Group) existing.get();
    } else {
      ConfigurationEditor.checkFreeId(config, g.id());
    }
    List<Primitive> members = new ArrayList<>();
    Set<String> absorbed = new LinkedHashSet<>();
    for (String m : g.members()) {
      Resource r =
          config
              .resource(m)
              .orElseThrow(
                  () ->
                      new ConfigurationEditException(
                          "group '" + g.id() + "' member '" + m + "' is not defined"));
      if (!(r instanceof Primitive p)) {
        throw new ConfigurationEditException(
            "group '"
                + g.id()
                + "' member '"
                + m
                + "' is a "
                + Trees.kind(r)
                + "; groups contain only primitives");
      }
      checkFree(config, m, old);
      members.add(p);
      if (config.parentOf(m).isEmpty()) {
        absorbed.add(m);
      }
    }
    Group group = new Group(g.id(), members, g.meta(), g.params());
    List<Resource> top = b.resources;
    int first = -1;
    for (String m : absorbed) {
      int i = Trees.topIndex(top, m);
      first = first < 0 ? i : Math.min(first, i);
    }
    top.removeIf(r -> absorbed.contains(r.id()));
    if (old == null) {
      top.add(first < 0 ? top.size() : first, group);
    } else {
      top = Trees.substitute(top, old.id(), group);
      List<Resource> released = new ArrayList<>();
      for (Primitive p : old.members()) {
        if (!g.members().contains(p.id())) {
          released.add(p);
        }
      }
      top.addAll(Trees.topIndex(top, group.id()) + 1, released);
    }
    b.resources = top;
  }

  static void clone(Configuration config, ConfigBuilder b, CloneStatement c, boolean replace) {
    Optional<Resource> existing = config.resource(c.id());
    Clone old = null;
    if (existing.isPresent()) {
      ConfigurationEditor.requireReplace(existing.get(), replace, "clone");
      old = (Clone) existing.get();
    } else {
      ConfigurationEditor.checkFreeId(config, c.id());
    }
    Resource child =
        config
            .resource(c.child())
            .orElseThrow(
                () ->
                    new ConfigurationEditException(
                        "clone '" + c.id() + "' clones '" + c.child() + "', which is not defined"));
    if (child instanceof Clone) {
      throw new ConfigurationEditException(
          "clone '" + c.id() + "' cannot clone the clone '" + c.child() + "'");
    }
    checkFree(config, c.child(), old);
    Clone clone = new Clone(c.id(), child, c.meta());
    List<Resource> top = b.resources;
    if (old == null) {
      top.set(top.indexOf(child), clone);
    } else if (old.child().id().equals(child.id())) {
      top = Trees.substitute(top, old.id(), clone);
    } else {
      top.remove(child);
      int at = top.indexOf(old);
      top.set(at, clone);
      top.add(at + 1, old.child());
    }
    b.resources = top;
  }

  /** Fails if {@code id} is inside a group or clone other than {@code replacing}. */
  private static void checkFree(Configuration config, String id, Resource replacing) {
    Optional<Resource> parent = config.parentOf(id);
    if (parent.isPresent() && (replacing == null || !parent.get().id().equals(replacing.id()))) {
      throw new ConfigurationEditException(
          "'"
              + id
              + "' is already in "
              + Trees.kind(parent.get())
              + " '"
              + parent.get().id()
              + "'; a resource can be in only one group or clone");
    }
  }
}
