package org.paceline.controller;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What this node's controller knows and does.
 *
 * @param node this node's name
 * @param dc the name of this partition's designated controller, or null while there is none
 * @param isDc whether this node is the DC
 * @param state {@code idle}, {@code transition} (executing a graph), {@code waiting} (for the CIB
 *     to sync, for quorum or the startup grace), {@code aborting} (waiting for in-flight actions
 *     after an abort) or {@code stopped}; only meaningful on the DC, {@code follower} elsewhere
 * @param transition the number of the current or last transition on this DC, 0 if none
 * @param inFlight actions sent and not yet answered
 * @param completedTransitions transitions this DC has completed
 * @param lastTransition a one-line summary of the last transition, empty if none
 * @param lastTransitionEnded when it ended, null if none
 * @param warnings recent problems worth an operator's attention (newest last)
 */
public record ControllerStatus(
    String node,
    String dc,
    boolean isDc,
    String state,
    long transition,
    int inFlight,
    long completedTransitions,
    String lastTransition,
    Instant lastTransitionEnded,
    List<String> warnings) {

  public ControllerStatus {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(state, "state");
    lastTransition = lastTransition == null ? "" : lastTransition;
    warnings = List.copyOf(warnings);
  }
}
