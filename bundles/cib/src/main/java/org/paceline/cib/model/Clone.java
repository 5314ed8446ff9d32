package org.paceline.cib.model;

import java.util.Map;
import java.util.OptionalInt;

/**
 * A clone of a primitive or a group. A clone whose {@code promotable} meta-attribute is true is a
 * promotable clone; Pacemaker 1's {@code <master>} is read as one (see {@link #master}).
 *
 * <p>Typed accessors return Pacemaker's defaults when an attribute is absent; {@code clone-max}
 * defaults to the number of nodes, so it is an {@link OptionalInt}.
 *
 * @param id the clone id
 * @param child the cloned primitive or group
 * @param meta meta-attributes
 */
public record Clone(String id, Resource child, Map<String, String> meta) implements Resource {

  public Clone {
    Checks.id(id, "clone");
    Checks.required(child, "clone '" + id + "' child");
    if (child instanceof Clone) {
      throw new IllegalArgumentException("clone '" + id + "' cannot clone another clone");
    }
    if (child.id().equals(id)) {
      throw new IllegalArgumentException("clone '" + id + "' has the same id as its child");
    }
    meta = Checks.attributes(meta, "clone '" + id + "' meta");
    String prefix = "clone '" + id + "' ";
    // Validate the typed attributes now, so a bad value fails at construction.
    for (String k : new String[] {"clone-max", "clone-node-max", "promoted-max", "master-max"}) {
      if (meta.containsKey(k)) {
        Checks.nonNegativeInt(meta.get(k), prefix + k);
      }
    }
    for (String k : new String[] {"promoted-node-max", "master-node-max"}) {
      if (meta.containsKey(k)) {
        Checks.nonNegativeInt(meta.get(k), prefix + k);
      }
    }
    if (meta.containsKey("clone-node-max")
        && Checks.nonNegativeInt(meta.get("clone-node-max"), prefix + "clone-node-max") == 0) {
      throw new IllegalArgumentException(prefix + "clone-node-max must be at least 1");
    }
    for (String k :
        new String[] {"globally-unique", "interleave", "ordered", "notify", "promotable"}) {
      if (meta.containsKey(k)) {
        Checks.bool(meta.get(k), prefix + k);
      }
    }
  }

  public Clone(String id, Resource child) {
    this(id, child, Map.of());
  }

  /**
   * A Pacemaker 1 {@code <master>}: a clone with {@code promotable=true}; {@code master-max} and
   * {@code master-node-max} are renamed to their Pacemaker 2 names.
   */
  public static Clone master(String id, Resource child, Map<String, String> meta) {
    Map<String, String> m = new java.util.LinkedHashMap<>(meta == null ? Map.of() : meta);
    m.put("promotable", "true");
    rename(m, "master-max", "promoted-max");
    rename(m, "master-node-max", "promoted-node-max");
    return new Clone(id, child, m);
  }

  private static void rename(Map<String, String> m, String from, String to) {
    String v = m.remove(from);
    if (v != null) {
      m.putIfAbsent(to, v);
    }
  }

  /** {@code clone-max}; empty means "as many as there are nodes". */
  public OptionalInt cloneMax() {
    String v = meta.get("clone-max");
    return v == null ? OptionalInt.empty() : OptionalInt.of(Checks.nonNegativeInt(v, "clone-max"));
  }

  /** {@code clone-node-max}, default 1. */
  public int cloneNodeMax() {
    return intMeta("clone-node-max", 1);
  }

  /**
   * {@code globally-unique}: whether instances are distinct; default true when {@code
   * clone-node-max} is more than 1, else false (Pacemaker 3).
   */
  public boolean globallyUnique() {
    String v = meta.get("globally-unique");
    return v == null ? cloneNodeMax() > 1 : Checks.bool(v, "globally-unique");
  }

  /** {@code interleave}, default false. */
  public boolean interleave() {
    return boolMeta("interleave");
  }

  /** {@code ordered}, default false. */
  public boolean ordered() {
    return boolMeta("ordered");
  }

  /** {@code notify}, default false. */
  public boolean notifyEnabled() {
    return boolMeta("notify");
  }

  /** {@code promotable}, default false. */
  public boolean promotable() {
    return boolMeta("promotable");
  }

  /** {@code promoted-max} (or Pacemaker 1's {@code master-max}), default 1. */
  public int promotedMax() {
    return meta.containsKey("promoted-max") ? intMeta("promoted-max", 1) : intMeta("master-max", 1);
  }

  /** {@code promoted-node-max} (or {@code master-node-max}), default 1. */
  public int promotedNodeMax() {
    return meta.containsKey("promoted-node-max")
        ? intMeta("promoted-node-max", 1)
        : intMeta("master-node-max", 1);
  }

  private int intMeta(String key, int dflt) {
    String v = meta.get(key);
    return v == null ? dflt : Checks.nonNegativeInt(v, key);
  }

  private boolean boolMeta(String key) {
    String v = meta.get(key);
    return v != null && Checks.bool(v, key);
  }

  @Override
  public Clone withMeta(String name, String value) {
    return new Clone(id, child, withEntry(meta, name, value));
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
