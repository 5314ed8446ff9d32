package org.paceline.scheduler;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of one scheduler run: the nodes as seen, where every resource goes, the transition
 * graph (actions and their orderings), the transition summary, and score explanations.
 *
 * @param now the time the run evaluated rules and failure timeouts at
 * @param quorate whether the partition had quorum
 * @param nodes the nodes, in name order
 * @param placements each primitive (and clone instance): current and target role and node
 * @param actions the graph's actions, in a valid execution order (topological, ties by id)
 * @param orderings the graph's edges
 * @param changes the transition summary, crm_simulate's order (fencing first)
 * @param explanations score explanations by resource id, in processing order
 * @param warnings problems with the input that were worked around (ignored constraints, ...)
 */
public record Schedule(
    Instant now,
    boolean quorate,
    List<NodeView> nodes,
    List<ResourcePlacement> placements,
    List<ScheduledAction> actions,
    List<ActionOrdering> orderings,
    List<Change> changes,
    Map<String, ScoreExplanation> explanations,
    List<String> warnings) {

  public Schedule {
    nodes = List.copyOf(nodes);
    placements = List.copyOf(placements);
    actions = List.copyOf(actions);
    orderings = List.copyOf(orderings);
    changes = List.copyOf(changes);
    explanations =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(explanations));
    warnings = List.copyOf(warnings);
  }

  /** The placement of a resource instance by id. */
  public Optional<ResourcePlacement> placement(String resource) {
    return placements.stream().filter(p -> p.resource().equals(resource)).findFirst();
  }

  /** Whether the transition does nothing (no actions besides pseudo-actions). */
  public boolean idle() {
    return actions.stream().allMatch(ScheduledAction::pseudo);
  }
}
