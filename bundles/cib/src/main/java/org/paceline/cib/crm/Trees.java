package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;

/** Rewrites of the immutable resource tree. */
final class Trees {

  private Trees() {}

  static String kind(Resource r) {
    if (r instanceof Primitive) {
      return "primitive";
    }
    if (r instanceof Group) {
      return "group";
    }
    return "clone";
  }

  /** {@code top} with the resource {@code id} (at any depth) replaced by {@code with}. */
  static List<Resource> substitute(List<Resource> top, String id, Resource with) {
    List<Resource> out = new ArrayList<>();
    for (Resource r : top) {
      out.add(substitute(r, id, with));
    }
    return out;
  }

  private static Resource substitute(Resource r, String id, Resource with) {
    if (r.id().equals(id)) {
      return with;
    }
    if (r instanceof Group g && g.memberIds().contains(id)) {
      List<Primitive> members = new ArrayList<>();
      for (Primitive p : g.members()) {
        members.add(p.id().equals(id) ? (Primitive) with : p);
      }
      return new Group(g.id(), members, g.meta(), g.params());
    }
    if (r instanceof Clone c) {
      Resource child = substitute(c.child(), id, with);
      return child == c.child() ? c : new Clone(c.id(), child, c.meta());
    }
    return r;
  }

  /**
   * The top-level resources after deleting {@code r}, and the ids of every resource that is gone.
   *
   * @param top the new top-level list
   * @param gone {@code r} first, then any container left empty
   */
  record Removal(List<Resource> top, List<String> gone) {}

  static Removal remove(Configuration config, Resource r) {
    List<Resource> top = new ArrayList<>(config.resources());
    List<String> gone = new ArrayList<>();
    gone.add(r.id());
    Resource outer = config.topLevelOf(r.id()).orElseThrow();
    int pos = top.indexOf(outer);
    if (r instanceof Group || r instanceof Clone) {
      // Keep the contents: a group's members, a clone's child; a group in a clone loses both.
      top.remove(pos);
      if (outer != r) {
        gone.add(outer.id());
      }
      List<Resource> contents = new ArrayList<>();
      if (r instanceof Group g) {
        contents.addAll(g.members());
      } else if (r instanceof Clone c) {
        contents.add(c.child());
      }
      top.addAll(pos, contents);
      return new Removal(top, gone);
    }
    if (outer == r) {
      top.remove(pos);
      return new Removal(top, gone);
    }
    Optional<Resource> parent = config.parentOf(r.id());
    Resource replacement = null;
    if (parent.get() instanceof Group g && g.members().size() > 1) {
      List<Primitive> members = new ArrayList<>(g.members());
      members.removeIf(m -> m.id().equals(r.id()));
      replacement = new Group(g.id(), members, g.meta(), g.params());
      top = substitute(top, g.id(), replacement);
      return new Removal(top, gone);
    }
    // The parent is left empty: a group of one, or a clone. Its own parent (a clone) goes too.
    gone.add(parent.get().id());
    if (outer != parent.get()) {
      gone.add(outer.id());
    }
    top.remove(pos);
    return new Removal(top, gone);
  }

  /** The index in {@code top} of the top-level resource containing {@code id}, or -1. */
  static int topIndex(List<Resource> top, String id) {
    for (int i = 0; i < top.size(); i++) {
      if (contains(top.get(i), id)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(Resource r, String id) {
    if (r.id().equals(id)) {
      return true;
    }
    if (r instanceof Group g) {
      return g.memberIds().contains(id);
    }
    return r instanceof Clone c && contains(c.child(), id);
  }
}
