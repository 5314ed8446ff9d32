package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.model.ExecStatus;
import org.paceline.cib.model.JoinState;
import org.paceline.cib.model.Membership;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.model.ResourceHistory;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Status;

/**
 * Executes a schedule on paper, as crm_simulate does: every graph action is assumed to succeed with
 * its expected result, which is recorded in the node's operation history; fencing a node takes it
 * out of the membership and clears its history and transient attributes. The result is the input
 * the next scheduler run would see.
 */
public final class Simulation {

  private static final String SIMULATION_KEY = "paceline-simulation";

  private Simulation() {}

  /** The input after {@code schedule}'s actions ran successfully. */
  public static SchedulerInput apply(SchedulerInput input, Schedule schedule) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(schedule, "schedule");
    Map<String, NodeStatus> nodes = new LinkedHashMap<>();
    for (NodeStatus n : input.status().nodes()) {
      nodes.put(n.node(), n);
    }
    Map<String, Map<String, List<OperationRecord>>> histories = new HashMap<>();
    Map<String, Map<String, AgentId>> agents = new HashMap<>();
    Map<String, Long> callIds = new HashMap<>();
    long when = schedule.now().getEpochSecond();
    for (ScheduledAction a : schedule.actions()) {
      if (a.fencing()) {
        NodeStatus old = nodes.get(a.node());
        nodes.put(a.node(), fenced(a.node(), old));
        histories.remove(a.node());
        agents.remove(a.node());
        continue;
      }
      if (a.pseudo()
          || a.resource() == null
          || a.node() == null
          || a.historyId() == null
          || "notify".equals(a.task())) {
        continue;
      }
      NodeStatus ns = nodes.get(a.node());
      if (ns == null) {
        continue;
      }
      Map<String, List<OperationRecord>> hist =
          histories.computeIfAbsent(
              a.node(), k -> load(ns, agents.computeIfAbsent(k, x -> new HashMap<>())));
      agents
          .computeIfAbsent(a.node(), x -> new HashMap<>())
          .putIfAbsent(a.historyId(), a.agent() == null ? null : AgentId.parse(a.agent()));
      long call = callIds.computeIfAbsent(a.node(), k -> maxCallId(ns)) + 1;
      callIds.put(a.node(), call);
      List<OperationRecord> ops = hist.computeIfAbsent(a.historyId(), k -> new ArrayList<>());
      if ("delete".equals(a.task())) {
        // the history of a removed resource is cleaned up
        hist.remove(a.historyId());
        continue;
      }
      if ("cancel".equals(a.task())) {
        // a cancelled monitor leaves the history
        String monitorId = a.historyId() + "_monitor_" + a.intervalMs();
        ops.removeIf(o -> monitorId.equals(o.id()));
        continue;
      }
      String id =
          a.intervalMs() > 0
              ? a.historyId() + "_" + a.task() + "_" + a.intervalMs()
              : a.historyId() + "_last_0";
      ops.removeIf(o -> id.equals(o.id()));
      String tk = a.id() + ":0:" + a.expectedRc() + ":" + SIMULATION_KEY;
      ops.add(
          new OperationRecord(
              a.task(),
              a.intervalMs(),
              a.expectedRc(),
              ExecStatus.DONE,
              call,
              when,
              0,
              a.expectedRc() == 8 ? Role.PROMOTED : null,
              id,
              a.historyId() + "_" + a.task() + "_" + a.intervalMs(),
              tk,
              "0:" + a.expectedRc() + ";" + tk,
              null,
              null,
              a.node(),
              when,
              0,
              Map.of()));
    }
    List<NodeStatus> out = new ArrayList<>();
    for (NodeStatus ns : nodes.values()) {
      Map<String, List<OperationRecord>> hist = histories.get(ns.node());
      if (hist == null) {
        out.add(ns);
        continue;
      }
      Map<String, AgentId> ag = agents.getOrDefault(ns.node(), Map.of());
      List<ResourceHistory> rh = new ArrayList<>();
      for (Map.Entry<String, List<OperationRecord>> e : hist.entrySet()) {
        rh.add(new ResourceHistory(e.getKey(), e.getValue(), ag.get(e.getKey())));
      }
      out.add(ns.withResources(rh));
    }
    return input.withStatus(new Status(out));
  }

  private static Map<String, List<OperationRecord>> load(
      NodeStatus ns, Map<String, AgentId> agents) {
    Map<String, List<OperationRecord>> m = new LinkedHashMap<>();
    for (ResourceHistory h : ns.resources()) {
      m.put(h.resource(), new ArrayList<>(h.operations()));
      agents.put(h.resource(), h.agent());
    }
    return m;
  }

  private static long maxCallId(NodeStatus ns) {
    long max = 0;
    for (ResourceHistory h : ns.resources()) {
      for (OperationRecord o : h.operations()) {
        max = Math.max(max, o.callId());
      }
    }
    return max;
  }

  private static NodeStatus fenced(String node, NodeStatus old) {
    String id = old == null ? null : old.id();
    return new NodeStatus(
        node,
        Membership.OFFLINE,
        JoinState.DOWN,
        Map.of(),
        List.of(),
        id,
        "false",
        "offline",
        "down",
        Map.of());
  }
}
