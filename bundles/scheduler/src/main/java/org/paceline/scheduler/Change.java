package org.paceline.scheduler;

/**
 * One line of the transition summary: what happens to a resource (or a node) and why.
 *
 * @param verb {@code Start}, {@code Stop}, {@code Move}, {@code Recover}, {@code Restart}, {@code
 *     Promote}, {@code Demote}, {@code Re-promote}, {@code Migrate}, or for a node {@code Fence
 *     (reboot)} / {@code Fence (off)}
 * @param subject the resource instance id (e.g. {@code rsc:1}), or the node name for fencing
 * @param details what crm_simulate prints in parentheses: the node(s) and role(s), e.g. {@code
 *     node1 -> node2} or {@code Unpromoted -> Promoted node2}; empty for fencing
 * @param reason why, e.g. {@code due to node availability} or {@code blocked}; for fencing the
 *     reason the node is fenced; empty if none
 */
public record Change(String verb, String subject, String details, String reason) {

  public Change {
    reason = reason == null ? "" : reason;
    details = details == null ? "" : details;
  }

  /** Whether this is a node fencing line rather than a resource line. */
  public boolean fencing() {
    return verb.startsWith("Fence");
  }
}
