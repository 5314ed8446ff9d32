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
}
