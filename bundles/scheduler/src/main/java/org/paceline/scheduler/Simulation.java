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
    Map<String, HistoryEdit> edits = new HashMap<>();
    Map<String, Long> callIds = new HashMap<>();
    long when = schedule.now().getEpochSecond();
    for (ScheduledAction a : schedule.actions()) {
      if (a.fencing()) {
        NodeStatus old = nodes.get(a.node());
        nodes.put(a.node(), fenced(a.node(), old));
        edits.remove(a.node());
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
      HistoryEdit edit = edits.computeIfAbsent(a.node(), k -> new HistoryEdit(ns));
      List<OperationRecord> ops = edit.touch(a.historyId());
      edit.agent(a.historyId(), a.agent() == null ? null : AgentId.parse(a.agent()));
      long call = callIds.computeIfAbsent(a.node(), k -> maxCallId(ns)) + 1;
      callIds.put(a.node(), call);
      if ("delete".equals(a.task())) {
        // the history of a removed resource is cleaned up
        edit.delete(a.historyId());
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
      HistoryEdit edit = edits.get(ns.node());
      out.add(edit == null ? ns : ns.withResources(edit.histories()));
    }
    return input.withStatus(new Status(out));
  }

  /**
   * The changes to one node's resource histories. Untouched histories stay as they are (the same
   * objects, in their place); a touched one is copied once; new ones (and ones deleted and then
   * recorded again) follow the original ones in the order they were first recorded.
   */
  private static final class HistoryEdit {
    private final NodeStatus base;
    private Map<String, Integer> index;

    /** Copies of original histories, changed in place. */
    private final Map<String, List<OperationRecord>> inPlace = new HashMap<>();

    /** Histories that follow the original ones. */
    private final Map<String, List<OperationRecord>> appended = new LinkedHashMap<>();

    private final Map<String, AgentId> agents = new HashMap<>();
    private final java.util.Set<String> deleted = new java.util.HashSet<>();

    HistoryEdit(NodeStatus base) {
      this.base = base;
    }

    private Integer original(String id) {
      if (index == null) {
        List<ResourceHistory> rs = base.resources();
        index = new HashMap<>(rs.size() * 2);
        for (int i = 0; i < rs.size(); i++) {
          index.putIfAbsent(rs.get(i).resource(), i);
        }
      }
      return index.get(id);
    }

    /** The operations of a history, to change; created (empty) when there is none. */
    List<OperationRecord> touch(String id) {
      List<OperationRecord> ops = inPlace.get(id);
      if (ops != null) {
        return ops;
      }
      ops = appended.get(id);
      if (ops != null) {
        return ops;
      }
      Integer i = deleted.contains(id) ? null : original(id);
      if (i != null) {
        ops = new ArrayList<>(base.resources().get(i).operations());
        inPlace.put(id, ops);
      } else {
        ops = new ArrayList<>();
        appended.put(id, ops);
      }
      return ops;
    }

    /** The agent of a history: its recorded one, else the first an action names. */
    void agent(String id, AgentId agent) {
      if (agents.get(id) != null) {
        return;
      }
      Integer i = original(id);
      AgentId recorded = i == null ? null : base.resources().get(i).agent();
      agents.put(id, recorded != null ? recorded : agent);
    }

    void delete(String id) {
      if (inPlace.remove(id) != null || original(id) != null) {
        deleted.add(id);
      }
      appended.remove(id);
    }

    List<ResourceHistory> histories() {
      List<ResourceHistory> rs = base.resources();
      List<ResourceHistory> out = new ArrayList<>(rs.size() + appended.size());
      for (ResourceHistory h : rs) {
        String id = h.resource();
        if (deleted.contains(id)) {
          continue;
        }
        List<OperationRecord> ops = inPlace.get(id);
        out.add(ops == null ? h : new ResourceHistory(id, ops, agentOf(id, h.agent())));
      }
      for (Map.Entry<String, List<OperationRecord>> e : appended.entrySet()) {
        out.add(new ResourceHistory(e.getKey(), e.getValue(), agentOf(e.getKey(), null)));
      }
      return out;
    }

    private AgentId agentOf(String id, AgentId recorded) {
      AgentId a = agents.get(id);
      return a != null ? a : recorded;
    }
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
