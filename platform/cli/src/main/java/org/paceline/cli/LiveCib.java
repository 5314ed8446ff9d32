package org.paceline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Membership;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.NodeStatus;
import org.paceline.scheduler.SchedulerInput;
import org.paceline.scheduler.WhatIf;
import org.paceline.scheduler.tools.SimulationException;
import org.paceline.scheduler.tools.SimulationTool;

/**
 * The running cluster's scheduler input, read from the local node's admin API: the CIB as XML
 * ({@code GET /configuration/xml}) with the membership and quorum the node sees ({@code GET
 * /status}) laid over it. A cluster node that the CIB does not list yet is added to its nodes, as
 * Pacemaker adds a node when it first joins; a node in the membership is online, one outside it is
 * offline (cleanly, so the simulation does not invent a fencing the cluster has not asked for; a
 * node the CIB's status already records as unclean stays unclean).
 */
final class LiveCib {

  private LiveCib() {}

  /** Fetches the live input from the node {@code admin} talks to. */
  static SimulationTool.Loaded fetch(AdminClient admin, String nodeName, Instant date)
      throws SimulationException {
    JsonNode xml = admin.get("configuration/xml");
    String text = xml.path("text").asText(null);
    if (text == null) {
      throw new CliException(
          ExitCodes.FAILED, "node " + nodeName + " answered GET /configuration/xml without text");
    }
    SimulationTool.Loaded loaded =
        SimulationTool.readXml(text, "the CIB of node " + nodeName, date);
    return withMembership(loaded, admin.get("status"));
  }

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
