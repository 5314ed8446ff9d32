package org.paceline.executor;

import java.util.List;

/**
 * A snapshot of what the executor is doing.
 *
 * @param actionLimit how many operations may run at once on this node
 * @param running the operations whose agent is running, oldest call first
 * @param queued the operations waiting for their resource or a free slot, oldest call first
 * @param recurring how many recurring operations are active
 * @param abandoned how many agent calls timed out, were given up and have still not returned (each
 *     holds a thread)
 */
public record ExecutorStatus(
    int actionLimit,
    List<PendingOperation> running,
    List<PendingOperation> queued,
    int recurring,
    int abandoned) {

  public ExecutorStatus {
    running = List.copyOf(running);
    queued = List.copyOf(queued);
  }
}
