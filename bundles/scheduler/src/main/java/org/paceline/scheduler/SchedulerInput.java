package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.JoinState;
import org.paceline.cib.model.Membership;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.Status;

/**
 * What the scheduler works on: the configuration, the status (each node's membership state,
 * transient attributes and operation history) and whether this partition has quorum. Node states
 * (online, offline, unclean, standby, ...) are derived from the status entries as Pacemaker derives
 * them from {@code node_state}; a configured node without a status entry is unseen.
 *
 * @param configuration the configuration
 * @param status the status section
 * @param quorate whether the partition has quorum
 */
public record SchedulerInput(Configuration configuration, Status status, boolean quorate) {

  public SchedulerInput {
    Objects.requireNonNull(configuration, "configuration");
    status = status == null ? Status.EMPTY : status;
  }

  /**
   * The input a CIB describes: its configuration and status, with quorum as its {@code have-quorum}
   * attribute records.
   */
  public static SchedulerInput of(Cib cib) {
    Objects.requireNonNull(cib, "cib");
    return new SchedulerInput(cib.configuration(), cib.status(), cib.haveQuorum());
  }

  /**
   * A fresh cluster: every configured node online and joined, no resource history anywhere, with
   * quorum. This is what {@code simulate --cib} schedules.
   */
  public static SchedulerInput fresh(Configuration configuration) {
    Objects.requireNonNull(configuration, "configuration");
    List<NodeStatus> nodes = new ArrayList<>();
    for (Node n : configuration.nodes()) {
      nodes.add(
          new NodeStatus(
              n.uname(),
              Membership.ONLINE,
              JoinState.MEMBER,
              Map.of(),
              List.of(),
              n.id(),
              null,
              null,
              null,
              Map.of()));
    }
    return new SchedulerInput(configuration, new Status(nodes), true);
  }

  /** This input with another quorum state. */
  public SchedulerInput withQuorum(boolean q) {
    return new SchedulerInput(configuration, status, q);
  }

  /** This input with another status section. */
  public SchedulerInput withStatus(Status next) {
    return new SchedulerInput(configuration, next, quorate);
  }

  /** The status entry of a node, if it has one. */
  public Optional<NodeStatus> nodeStatus(String node) {
    return status.node(node);
  }
}
