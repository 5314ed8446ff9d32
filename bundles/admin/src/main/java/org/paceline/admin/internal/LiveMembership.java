package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Membership;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.NodeStatus;
import org.paceline.scheduler.SchedulerInput;
import org.paceline.scheduler.WhatIf;
import org.paceline.scheduler.tools.SimulationTool;

/**
 * The membership and quorum this node sees laid over a CIB, as {@code paceline simulate --live}
 * does it (the CLI's {@code LiveCib} reads the same {@code GET /status} answer): a cluster node the
 * CIB does not list yet is added to its nodes, a node in the membership is online, one outside it
 * is offline (cleanly, so the simulation invents no fencing the cluster has not asked for; a node
 * the CIB's status already records as unclean stays unclean). Keep the two in step.
 */
final class LiveMembership {

  private LiveMembership() {}

  /** Lays the membership and quorum of a {@code GET /status} answer over {@code loaded}. */
  static SimulationTool.Loaded withMembership(SimulationTool.Loaded loaded, JsonNode status) {
    SchedulerInput in = loaded.input();
    Configuration config = in.configuration();
    List<Node> nodes = new ArrayList<>(config.nodes());
    boolean added = false;
    for (JsonNode n : status.path("nodes")) {
      String name = n.path("name").asText("");
      if (!name.isEmpty() && config.node(name).isEmpty()) {
        nodes.add(new Node(n.path("id").asText(name), name));
        added = true;
      }
    }
    if (added) {
      in = new SchedulerInput(config.withNodes(nodes), in.status(), in.quorate());
    }
    for (JsonNode n : status.path("nodes")) {
      String name = n.path("name").asText("");
      if (name.isEmpty()) {
        continue;
      }
      // "unclean" is outside the membership too (lost, not yet fenced): not brought up
      String state = n.path("state").asText();
      boolean member = !"offline".equals(state) && !"unclean".equals(state);
      Membership now = in.status().node(name).map(NodeStatus::membership).orElse(null);
      if (member && now != Membership.ONLINE) {
        in = WhatIf.nodeUp(in, name);
      } else if (!member && (now == null || now == Membership.ONLINE)) {
        in = WhatIf.nodeDown(in, name);
      }
    }
    if (status.path("quorum").isObject()) {
      in = in.withQuorum(status.path("quorate").asBoolean(false));
    }
    return loaded.withInput(in);
  }
}
