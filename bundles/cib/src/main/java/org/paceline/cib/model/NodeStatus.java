package org.paceline.cib.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The status of one node ({@code node_state}): membership, transient attributes and resource
 * history.
 *
 * <p>Fail counts live in transient attributes as Pacemaker 2 keeps them, one per operation: {@code
 * fail-count-RSC#OP_INTERVALMS} (e.g. {@code fail-count-db#monitor_10000}) with a count or {@code
 * INFINITY}, and {@code last-failure-RSC#OP_INTERVALMS} with epoch seconds.
 *
 * @param node the node's uname
 * @param membership its membership state
 * @param join its controller join state
 * @param transientAttributes transient node attributes, lost when the node leaves
 * @param resources the history of each resource on the node; one entry per resource
 */
public record NodeStatus(
    String node,
    Membership membership,
    JoinState join,
    Map<String, String> transientAttributes,
    List<ResourceHistory> resources) {

  private static final String FAIL_COUNT = "fail-count-";
  private static final String LAST_FAILURE = "last-failure-";

  public NodeStatus {
    Checks.nonBlank(node, "node status uname");
    String what = "status of node '" + node + "'";
    Checks.required(membership, what + " membership");
    join = join == null ? JoinState.DOWN : join;
    if (membership == Membership.ONLINE && join != JoinState.MEMBER) {
      throw new IllegalArgumentException(
          what + " is online but its join state is " + join + ", not MEMBER");
    }
    transientAttributes = Checks.attributes(transientAttributes, what + " transient attributes");
    resources = Checks.list(resources, what + " resources");
    Checks.unique(resources.stream().map(ResourceHistory::resource).toList(), what + " resource");
    for (Map.Entry<String, String> e : transientAttributes.entrySet()) {
      if (e.getKey().startsWith(FAIL_COUNT)) {
        Score.parse(e.getValue());
      } else if (e.getKey().startsWith(LAST_FAILURE)) {
        try {
          Long.parseLong(e.getValue().trim());
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException(
              what + " " + e.getKey() + " '" + e.getValue() + "' is not epoch seconds", ex);
        }
      }
    }
  }

  public NodeStatus(String node, Membership membership, JoinState join) {
    this(node, membership, join, Map.of(), List.of());
  }

  public boolean online() {
    return membership == Membership.ONLINE;
  }

  public Optional<ResourceHistory> history(String resource) {
    return resources.stream().filter(h -> h.resource().equals(resource)).findFirst();
  }

  /** The current state of {@code resource} here; {@code Stopped} without history. */
  public ResourceState resourceState(String resource) {
    return history(resource).map(ResourceHistory::currentState).orElse(ResourceState.STOPPED);
  }

  /** The name of the fail-count attribute for one operation. */
  public static String failCountAttribute(String rsc, String op, long intervalMs) {
    return FAIL_COUNT + rsc + "#" + op + "_" + intervalMs;
  }

  /** The name of the last-failure attribute for one operation. */
  public static String lastFailureAttribute(String rsc, String op, long intervalMs) {
    return LAST_FAILURE + rsc + "#" + op + "_" + intervalMs;
  }

  /** The fail count of one operation of {@code rsc}; 0 if none. */
  public Score failCount(String rsc, String op, long intervalMs) {
    String v = transientAttributes.get(failCountAttribute(rsc, op, intervalMs));
    return v == null ? Score.ZERO : Score.parse(v);
  }

  /** The fail count of {@code rsc}: the sum over its operations, saturating at INFINITY. */
  public Score failCount(String rsc) {
    String prefix = FAIL_COUNT + rsc + "#";
    return transientAttributes.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> Score.parse(e.getValue()))
        .reduce(Score.ZERO, Score::plus);
  }

  /** The latest failure time of {@code rsc} over all its operations, epoch seconds. */
  public OptionalLong lastFailure(String rsc) {
    String prefix = LAST_FAILURE + rsc + "#";
    return transientAttributes.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(e -> Long.parseLong(e.getValue().trim()))
        .max();
  }

  /** The last failure time of one operation of {@code rsc}, epoch seconds. */
  public OptionalLong lastFailure(String rsc, String op, long intervalMs) {
    String v = transientAttributes.get(lastFailureAttribute(rsc, op, intervalMs));
    return v == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v.trim()));
  }
}
