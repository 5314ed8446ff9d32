package org.paceline.executor;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;

/**
 * One operation the executor ran (or decided not to run), with its result.
 *
 * @param callId the executor's number for this call, strictly increasing in the order operations
 *     were queued (each run of a recurring operation gets its own)
 * @param agent the agent the operation was for
 * @param request what was asked
 * @param result the outcome; {@link OperationResult#output()} holds the tail of what the agent
 *     printed
 * @param queued when the operation entered its resource's queue
 * @param queueTime how long it waited for its resource and for a free slot
 * @param runTime how long the executor waited for the agent, measured by the executor (zero when
 *     the agent was not called)
 */
public record ExecutedOperation(
    long callId,
    AgentId agent,
    OperationRequest request,
    OperationResult result,
    Instant queued,
    Duration queueTime,
    Duration runTime) {

  public ExecutedOperation {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(queued, "queued");
    Objects.requireNonNull(queueTime, "queueTime");
    Objects.requireNonNull(runTime, "runTime");
  }

  /** The operation's key (resource, action, interval). */
  public OperationKey key() {
    return OperationKey.of(request);
  }

  /** The result's execution status. */
  public ExecutionStatus status() {
    return result.status();
  }

  /** The result's OCF code. */
  public OcfResultCode rc() {
    return result.rc();
  }

  /**
   * Whether this result says the same as {@code other}: same status, code and exit reason (times
   * and output may differ). A recurring operation reports a new result only when this is false.
   */
  public boolean sameOutcome(ExecutedOperation other) {
    return other != null
        && result.status() == other.result.status()
        && result.rc() == other.result.rc()
        && result.exitReason().equals(other.result.exitReason());
  }
}
