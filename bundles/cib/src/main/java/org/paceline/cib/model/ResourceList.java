package org.paceline.cib.model;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The top-level resources of a {@link Configuration}, immutable, with an index built once: every
 * resource at any depth by id, each one's parent and top-level resource. It equals any list with
 * the same resources, so the record's equality is unaffected; lookups by id are O(1).
 */
final class ResourceList extends AbstractList<Resource> implements RandomAccess {

  private final Resource[] top;
  private final List<Resource> all;
  private final Map<String, Resource> byId;
  private final Map<String, Resource> parents;
  private final Map<String, Resource> tops;

  private ResourceList(List<Resource> resources) {
    this.top = resources.toArray(new Resource[0]);
    List<Resource> flat = new ArrayList<>();
    Map<String, Resource> parent = new HashMap<>();
    Map<String, Resource> topOf = new HashMap<>();
    for (Resource r : top) {
      add(r, r, flat, parent, topOf);
    }
    Checks.unique(flat.stream().map(Resource::id).toList(), "resource");
    Map<String, Resource> ids = new HashMap<>();
    flat.forEach(r -> ids.put(r.id(), r));
    this.all = Collections.unmodifiableList(flat);
    this.byId = ids;
    this.parents = parent;
    this.tops = topOf;
  }

  /** {@code resources} as a {@code ResourceList}: itself if it already is one. */
  static ResourceList of(List<Resource> resources) {
    if (resources instanceof ResourceList r) {
      return r;
    }
    return new ResourceList(Checks.list(resources, "resources"));
  }

  private static void add(
      Resource r,
      Resource topLevel,
      List<Resource> out,
      Map<String, Resource> parent,
      Map<String, Resource> topOf) {
    out.add(r);
    topOf.putIfAbsent(r.id(), topLevel);
    if (r instanceof Group g) {
      for (Primitive m : g.members()) {
        parent.putIfAbsent(m.id(), g);
        add(m, topLevel, out, parent, topOf);
      }
    } else if (r instanceof Clone c) {
      parent.putIfAbsent(c.child().id(), c);
      add(c.child(), topLevel, out, parent, topOf);
    }
  }

  @Override
  public Resource get(int index) {
    return top[index];
  }

  @Override
  public int size() {
    return top.length;
  }

  /** Every resource, depth first. */
  List<Resource> all() {
    return all;
  }

  Resource byId(String id) {
    return byId.get(id);
  }

  Resource parentOf(String id) {
    return parents.get(id);
  }

  Resource topLevelOf(String id) {
    return tops.get(id);
  }
}
