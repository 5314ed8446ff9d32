package org.paceline.fencer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.paceline.api.fencing.FenceAction;

/**
 * What came of one fencing operation, with every attempt made.
 *
 * @param id the operation's id (unique in the cluster: it starts with the executing node's name)
 * @param target the node fenced
 * @param action the action requested
 * @param requester the node that asked
 * @param client who asked on that node
 * @param executor the node that carried it out (this fencer's node)
 * @param succeeded whether the node was fenced
 * @param level the index of the level that succeeded, 0 if none did
 * @param devices the devices that fenced the node (the succeeding level's), empty if none did
 * @param reason a one-line summary: how it succeeded or why it failed
 * @param started when the operation started
 * @param completed when it ended
 * @param attempts every attempt, in order
 * @param plan the plan followed, or {@code null} when none could be made (reason says why)
 */
public record FencingOutcome(
    String id,
    String target,
    FenceAction action,
    String requester,
    String client,
    String executor,
    boolean succeeded,
    int level,
    List<String> devices,
    String reason,
    Instant started,
    Instant completed,
    List<FenceAttempt> attempts,
    FencingPlan plan) {

  public FencingOutcome {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(completed, "completed");
    devices = List.copyOf(devices);
    attempts = List.copyOf(attempts);
    reason = reason == null ? "" : reason;
  }

  /** The record kept in the fencing history and replicated to the other nodes. */
  public FencingRecord toRecord() {
    return new FencingRecord(
        id,
        target,
        action,
        succeeded ? FencingRecord.State.DONE : FencingRecord.State.FAILED,
        requester,
        client,
        executor,
        devices,
        level,
        started,
        completed,
        reason,
        attempts.size());
  }

  /** The whole story, one attempt per line. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(action)
        .append(" of ")
        .append(target)
        .append(succeeded ? " succeeded" : " failed")
        .append(" (")
        .append(id)
        .append(", requested by ")
        .append(client)
        .append(" on ")
        .append(requester)
        .append(", executed by ")
        .append(executor)
        .append("): ")
        .append(reason);
    for (FenceAttempt a : attempts) {
      sb.append("\n  ").append(a.describe());
    }
    return sb.toString();
  }
}
