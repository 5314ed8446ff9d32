package org.paceline.cib.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status section of the CIB: one {@link NodeStatus} per node that has any.
 *
 * @param nodes node states, one per node uname
 */
public record Status(List<NodeStatus> nodes) {

  public static final Status EMPTY = new Status(List.of());

  public Status {
    nodes = Checks.list(nodes, "status nodes");
    Checks.unique(nodes.stream().map(NodeStatus::node).toList(), "node status");
  }

  public Optional<NodeStatus> node(String uname) {
    return nodes.stream().filter(n -> n.node().equals(uname)).findFirst();
  }

  /** The state of {@code resource} on every node that has history of it, by node uname. */
  public Map<String, ResourceState> resourceStates(String resource) {
    java.util.Map<String, ResourceState> out = new java.util.LinkedHashMap<>();
    for (NodeStatus n : nodes) {
      n.history(resource).ifPresent(h -> out.put(n.node(), h.currentState()));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The nodes where {@code resource} is active (in any role, failed or not), in order. */
  public List<String> activeOn(String resource) {
    return resourceStates(resource).entrySet().stream()
        .filter(e -> e.getValue().active())
        .map(Map.Entry::getKey)
        .toList();
  }

  /** This status with {@code next} in place of the node of the same name, or added at the end. */
  public Status withNode(NodeStatus next) {
    List<NodeStatus> out = new java.util.ArrayList<>(nodes.size() + 1);
    boolean replaced = false;
    for (NodeStatus n : nodes) {
      if (n.node().equals(next.node())) {
        out.add(next);
        replaced = true;
      } else {
        out.add(n);
      }
    }
    if (!replaced) {
      out.add(next);
    }
    return new Status(out);
  }
}
