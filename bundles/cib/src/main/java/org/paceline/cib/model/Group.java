package org.paceline.cib.model;

import java.util.List;
import java.util.Map;

/**
 * A group: primitives started in order and stopped in reverse, all on one node.
 *
 * @param id the group id
 * @param members the member primitives, in start order; at least one
 * @param meta meta-attributes
 * @param params instance attributes every member inherits (a member's own params win)
 */
public record Group(
    String id, List<Primitive> members, Map<String, String> meta, Map<String, String> params)
    implements Resource {

  public Group {
    Checks.id(id, "group");
    members = Checks.list(members, "group '" + id + "' members");
    if (members.isEmpty()) {
      throw new IllegalArgumentException("group '" + id + "' has no members");
    }
    Checks.unique(members.stream().map(Primitive::id).toList(), "group '" + id + "' member");
    meta = Checks.attributes(meta, "group '" + id + "' meta");
    params = Checks.attributes(params, "group '" + id + "' params");
  }

  public Group(String id, List<Primitive> members, Map<String, String> meta) {
    this(id, members, meta, Map.of());
  }

  public Group(String id, List<Primitive> members) {
    this(id, members, Map.of(), Map.of());
  }

  /** The member ids, in order. */
  public List<String> memberIds() {
    return members.stream().map(Primitive::id).toList();
  }

  @Override
  public Group withMeta(String name, String value) {
    return new Group(id, members, withEntry(meta, name, value), params);
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
