package org.paceline.executor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.OperationRequest;

/**
 * An operation that is queued or running, as {@link Executor#status()} shows it.
 *
 * @param callId the executor's call number
 * @param agent the agent
 * @param request what was asked
 * @param queued when it entered its resource's queue
 * @param started when the agent was called, empty while it waits in the queue
 */
public record PendingOperation(
    long callId,
    AgentId agent,
    OperationRequest request,
    Instant queued,
    Optional<Instant> started) {

  public PendingOperation {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(queued, "queued");
    Objects.requireNonNull(started, "started");
  }
}
