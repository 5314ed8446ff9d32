package org.paceline.cib.model;

import java.util.Map;

/**
 * A configured cluster node ({@code <node>} in {@code <nodes>}).
 *
 * @param id the node id (Corosync's nodeid, as a string)
 * @param uname the node's name
 * @param attributes permanent node attributes ({@code instance_attributes}), in order
 */
public record Node(String id, String uname, Map<String, String> attributes) {

  public Node {
    Checks.nonBlank(id, "node id");
    Checks.nonBlank(uname, "node uname");
    attributes = Checks.attributes(attributes, "node '" + uname + "'");
  }

  public Node(String id, String uname) {
    this(id, uname, Map.of());
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
}
