package org.paceline.scheduler.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.model.Configuration;

/** Runs the scheduler's phases in order over one input. */
public final class Engine {

  private Engine() {}

  /** Phase "unpack" only: nodes, resources and their current state. */
  public static Cluster unpack(
      Configuration config, org.paceline.cib.model.Status status, boolean quorate, Instant now) {
    Cluster c = ConfigUnpacker.unpack(config, status, now, quorate);
    Fencing.noQuorumSuicide(c);
    HistoryUnpacker.unpack(c);
    return c;
  }

  /** Runs every phase: unpack, constraints, assign, actions, fencing, orderings, summary. */
  public static Cluster schedule(
      Configuration config, org.paceline.cib.model.Status status, boolean quorate, Instant now) {
    Cluster c = unpack(config, status, quorate, now);
    Utilization.unpack(c);
    ConstraintUnpacker.unpack(c);
    Placement.apply(c);
    InternalOrderings.create(c);
    Utilization.sortResources(c);
    Assigner.assignAll(c);
    ActionBuilder.build(c);
    Fencing.schedule(c);
    OrderingEngine.run(c);
    c.summary = TransitionSummary.build(c);
    Notifications.create(c);
    return c;
  }

  /** Runs every phase and builds the public schedule. */
  public static org.paceline.scheduler.Schedule scheduleAll(
      Configuration config, org.paceline.cib.model.Status status, boolean quorate, Instant now) {
    return GraphBuilder.build(schedule(config, status, quorate, now));
  }

  /** The transition summary of a scheduled cluster. */
  public static List<org.paceline.scheduler.Change> summary(Cluster c) {
    return c.summary;
  }

  /**
   * What a status display needs: the lines, and the counts of primitive instances, disabled ones
   * and blocked ones.
   */
  public record Status(List<String> lines, int instances, int disabled, int blocked) {}

  /** Unpacks an input and describes its current state for display. */
  public static Status status(
      Configuration config, org.paceline.cib.model.Status status, boolean quorate, Instant now) {
    Cluster c = unpack(config, status, quorate, now);
    int instances = 0;
    int disabled = 0;
    int blocked = 0;
    for (SchedResource r : c.resources) {
      for (SchedPrimitive p : r.primitives()) {
        instances++;
        if (p.targetRole == org.paceline.cib.model.Role.STOPPED) {
          disabled++;
        }
        if (p.blocked) {
          blocked++;
        }
      }
    }
    return new Status(statusLines(c), instances, disabled, blocked);
  }

  /** The node list and resource list of an unpacked cluster, crm_simulate's lines. */
  public static List<String> statusLines(Cluster c) {
    List<String> out = new ArrayList<>();
    StatusPrinter.print(c, out);
    return out;
  }
}
