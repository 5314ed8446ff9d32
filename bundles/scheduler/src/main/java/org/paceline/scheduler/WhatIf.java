package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.paceline.cib.model.ExecStatus;
import org.paceline.cib.model.JoinState;
import org.paceline.cib.model.Membership;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.model.ResourceHistory;

/**
 * What-if changes to a scheduler input, as crm_simulate's {@code --node-up}, {@code --node-down},
 * {@code --node-fail} and {@code --op-inject} make them: a node joins, leaves cleanly, or is lost
 * (unclean); an operation result is recorded in a node's history (with its fail count raised when
 * it failed).
 */
public final class WhatIf {

  private WhatIf() {}

  /** {@code node} is up: in the membership, its controller joined. */
  public static SchedulerInput nodeUp(SchedulerInput in, String node) {
    requireNode(in, node);
    NodeStatus old = in.status().node(node).orElse(null);
    NodeStatus up =
        new NodeStatus(
            node,
            Membership.ONLINE,
            JoinState.MEMBER,
            old == null ? Map.of() : old.transientAttributes(),
            old == null ? List.of() : old.resources(),
            old == null ? nodeId(in, node) : old.id(),
            "true",
            "online",
            "member",
            Map.of());
    return in.withStatus(in.status().withNode(up));
  }

  /** {@code node} left cleanly: out of the membership, expected down. */
  public static SchedulerInput nodeDown(SchedulerInput in, String node) {
    return down(in, node, "down");
  }

  /** {@code node} was lost: out of the membership while expected up, so it must be fenced. */
  public static SchedulerInput nodeFail(SchedulerInput in, String node) {
    return down(in, node, "member");
  }

  private static SchedulerInput down(SchedulerInput in, String node, String expected) {
    requireNode(in, node);
    NodeStatus old = in.status().node(node).orElse(null);
    Membership m = "member".equals(expected) ? Membership.UNCLEAN : Membership.OFFLINE;
    NodeStatus next =
        new NodeStatus(
            node,
            m,
            JoinState.DOWN,
            old == null ? Map.of() : old.transientAttributes(),
            old == null ? List.of() : old.resources(),
            old == null ? nodeId(in, node) : old.id(),
            "false",
            "offline",
            expected,
            Map.of());
    return in.withStatus(in.status().withNode(next));
  }

  /**
   * Records the result of an operation, in crm_simulate's notation {@code
   * RSC_TASK_INTERVAL@NODE=RC} (e.g. {@code db_monitor_10000@node2=7}); a result other than the
   * expected one counts as a failure (fail count and last-failure time are updated).
   *
   * @param nowSeconds the time to record the result at, epoch seconds
   * @throws IllegalArgumentException for a malformed spec, an unknown node or resource
   */
  public static SchedulerInput opResult(SchedulerInput in, String spec, long nowSeconds) {
    Objects.requireNonNull(spec, "spec");
    int at = spec.lastIndexOf('@');
    int eq = spec.lastIndexOf('=');
    if (at <= 0 || eq <= at + 1 || eq == spec.length() - 1) {
      throw new IllegalArgumentException(
          "bad operation result '" + spec + "': expected RSC_TASK_INTERVAL@NODE=RC");
    }
    String key = spec.substring(0, at);
    String node = spec.substring(at + 1, eq);
    int rc;
    try {
      rc = Integer.parseInt(spec.substring(eq + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad result code in '" + spec + "'", e);
    }
    int u2 = key.lastIndexOf('_');
    int u1 = u2 > 0 ? key.lastIndexOf('_', u2 - 1) : -1;
    if (u1 <= 0) {
      throw new IllegalArgumentException(
          "bad operation '" + key + "': expected RSC_TASK_INTERVAL, e.g. db_monitor_10000");
    }
    String rsc = key.substring(0, u1);
    String task = key.substring(u1 + 1, u2);
    long interval;
    try {
      interval = Long.parseLong(key.substring(u2 + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad interval in '" + key + "'", e);
    }
    requireNode(in, node);
    String primitive = NodeStatus.primitiveOf(rsc);
    if (in.configuration().resource(primitive).isEmpty()) {
      throw new IllegalArgumentException("no resource '" + primitive + "' is configured");
    }
    NodeStatus ns = in.status().node(node).orElse(null);
    if (ns == null) {
      throw new IllegalArgumentException("node '" + node + "' has no status to record a result in");
    }
    int expected = "monitor".equals(task) && interval == 0 ? 7 : 0;
    long call = 1;
    for (ResourceHistory h : ns.resources()) {
      for (OperationRecord o : h.operations()) {
        call = Math.max(call, o.callId() + 1);
      }
    }
    String tk = "0:0:" + expected + ":paceline-what-if";
    String id = interval > 0 ? rsc + "_" + task + "_" + interval : rsc + "_last_0";
    OperationRecord rec =
        new OperationRecord(
            task,
            interval,
            rc,
            ExecStatus.DONE,
            call,
            nowSeconds,
            0,
            null,
            id,
            rsc + "_" + task + "_" + interval,
            tk,
            "0:" + rc + ";" + tk,
            null,
            null,
            node,
            nowSeconds,
            0,
            Map.of());
    List<ResourceHistory> hs = new ArrayList<>();
    boolean found = false;
    for (ResourceHistory h : ns.resources()) {
      if (h.resource().equals(rsc)) {
        List<OperationRecord> ops = new ArrayList<>(h.operations());
        ops.removeIf(o -> id.equals(o.id()));
        ops.add(rec);
        hs.add(new ResourceHistory(h.resource(), ops, h.agent()));
        found = true;
      } else {
        hs.add(h);
      }
    }
    if (!found) {
      hs.add(
          new ResourceHistory(
              rsc,
              List.of(rec),
              in.configuration().primitive(primitive).map(p -> p.agent()).orElse(null)));
    }
    NodeStatus next = ns.withResources(hs);
    if (rc != expected && !(expected == 7 && (rc == 0 || rc == 8))) {
      Map<String, String> attrs = new LinkedHashMap<>(next.transientAttributes());
      String fc = NodeStatus.failCountAttribute(rsc, task, interval);
      String cur = attrs.get(fc);
      int count = 1;
      if (cur != null) {
        try {
          count = Integer.parseInt(cur.trim()) + 1;
        } catch (NumberFormatException e) {
          count = 1_000_000;
        }
      }
      attrs.put(fc, Integer.toString(Math.min(count, 1_000_000)));
      attrs.put(NodeStatus.lastFailureAttribute(rsc, task, interval), Long.toString(nowSeconds));
      next = next.withTransientAttributes(attrs);
    }
    return in.withStatus(in.status().withNode(next));
  }

  /**
   * Sets (or, with a null value, removes) a transient attribute of {@code node}, such as a
   * promotion score {@code master-RSC}.
   */
  public static SchedulerInput nodeAttribute(
      SchedulerInput in, String node, String name, String value) {
    requireNode(in, node);
    Objects.requireNonNull(name, "name");
    NodeStatus ns =
        in.status()
            .node(node)
            .orElseThrow(
                () -> new IllegalArgumentException("node '" + node + "' has no status entry"));
    Map<String, String> attrs = new LinkedHashMap<>(ns.transientAttributes());
    if (value == null) {
      attrs.remove(name);
    } else {
      attrs.put(name, value);
    }
    return in.withStatus(in.status().withNode(ns.withTransientAttributes(attrs)));
  }

  private static void requireNode(SchedulerInput in, String node) {
    Objects.requireNonNull(node, "node");
    if (in.configuration().node(node).isEmpty()) {
      throw new IllegalArgumentException("no node '" + node + "' is configured");
    }
  }

  private static String nodeId(SchedulerInput in, String node) {
    return in.configuration().node(node).map(n -> n.id()).orElse(null);
  }
}
