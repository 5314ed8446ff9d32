package org.paceline.cib.model;

import java.util.Locale;
import java.util.Map;

/**
 * A configured cluster node ({@code <node>} in {@code <nodes>}).
 *
 * @param id the node id (Corosync's nodeid, as a string)
 * @param uname the node's name
 * @param type the kind of node, default {@link Type#MEMBER}
 * @param attributes permanent node attributes ({@code instance_attributes}), in order
 * @param utilization the node's capacity ({@code utilization}), e.g. {@code cpu=8}
 */
public record Node(
    String id,
    String uname,
    Type type,
    Map<String, String> attributes,
    Map<String, String> utilization) {

  /** The kind of a node ({@code type}). */
  public enum Type {
    /** A full cluster member (Pacemaker 1's {@code normal}). */
    MEMBER,
    /** A Pacemaker Remote node. */
    REMOTE,
    /** A quorum-only node that runs no resources. */
    PING;

    /** Parses {@code member}, {@code normal}, {@code remote} or {@code ping}. */
    public static Type parse(String text) {
      return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
        case "member", "normal" -> MEMBER;
        case "remote" -> REMOTE;
        case "ping" -> PING;
        default ->
            throw new IllegalArgumentException(
                "unknown node type '" + text + "': expected member, remote or ping");
      };
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Node {
    Checks.nonBlank(id, "node id");
    Checks.nonBlank(uname, "node uname");
    type = type == null ? Type.MEMBER : type;
    attributes = Checks.attributes(attributes, "node '" + uname + "'");
    utilization = Checks.attributes(utilization, "node '" + uname + "' utilization");
  }

  public Node(String id, String uname, Map<String, String> attributes) {
    this(id, uname, Type.MEMBER, attributes, Map.of());
  }

  public Node(String id, String uname) {
    this(id, uname, Type.MEMBER, Map.of(), Map.of());
  }

  /** Whether the node is in standby: the {@code standby} attribute is true. */
  public boolean standby() {
    return flag("standby");
  }

  /** Whether the node is in maintenance: the {@code maintenance} attribute is true. */
  public boolean maintenance() {
    return flag("maintenance");
  }

  private boolean flag(String name) {
    String v = attributes.get(name);
    return v != null && Checks.bool(v, "node '" + uname + "' attribute " + name);
  }

  /** This node with attribute {@code name} set to {@code value}, or removed when it is null. */
  public Node withAttribute(String name, String value) {
    Map<String, String> next = new java.util.TreeMap<>(attributes);
    if (value == null) {
      next.remove(name);
    } else {
      next.put(name, value);
    }
    return new Node(id, uname, type, next, utilization);
  }
}
