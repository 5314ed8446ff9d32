package org.paceline.executor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationRequest;

/**
 * Runs resource-agent operations on this node (the job of Pacemaker's execd), registered as an OSGi
 * service.
 *
 * <ul>
 *   <li>Operations of one resource run one at a time, in the order they were queued; operations of
 *       different resources run in parallel, at most {@link ExecutorStatus#actionLimit()} at once.
 *   <li>The agent is looked up in the {@link AgentDirectory} when the operation is about to run, so
 *       an updated plugin is used from the next operation on. If none is installed the result is
 *       {@link ExecutionStatus#NOT_INSTALLED} with {@link OcfResultCode#ERR_INSTALLED}.
 *   <li>At the request's timeout the agent's thread is interrupted; the result is {@link
 *       ExecutionStatus#TIMEOUT} with {@link OcfResultCode#ERR_GENERIC}. An agent that has not
 *       returned a short grace period later is given up on, so its resource's queue moves on.
 *   <li>An agent that throws or returns nothing gives {@link ExecutionStatus#ERROR}. No agent
 *       failure is ever thrown to the caller.
 *   <li>Once the service is being unregistered (the executor shuts down), queued operations and new
 *       ones complete with {@link ExecutionStatus#CANCELLED}, and recurring operations are
 *       cancelled.
 * </ul>
 */
@ProviderType
public interface Executor {

  /**
   * Queues a one-time operation (start, stop, promote, demote, a probe, validate-all, ...).
   *
   * @return completes with the result on the executor's notification thread; never completes
   *     exceptionally (cancelling the future drops the operation if it has not started)
   */
  CompletableFuture<ExecutedOperation> execute(AgentId agent, OperationRequest request);

  /**
   * Starts running {@code request} every {@link OperationRequest#interval()} at a fixed rate: the
   * first run is queued at once, run n at the first run's slot + n × interval, so the schedule does
   * not drift with run times. A slot that comes while the previous run is still queued or running
   * is skipped (a slow run never causes a burst of catch-up runs). Runs go through the resource's
   * queue like any other operation. A recurring operation with the same key (resource, action,
   * interval) is cancelled and replaced.
   *
   * @param listener gets the first result, then every change, see {@link OperationListener}
   * @throws IllegalArgumentException if the interval is zero
   */
  RecurringOperation startRecurring(
      AgentId agent, OperationRequest request, OperationListener listener);

  /**
   * Cancels what has key ({@code resourceId}, {@code action}, {@code interval}): the recurring
   * operation with that key, and queued one-time operations with that key that have not started
   * (they complete with {@link ExecutionStatus#CANCELLED}). Running operations finish.
   *
   * @return how many operations were cancelled
   */
  int cancel(String resourceId, AgentAction action, Duration interval);

  /**
   * Cancels every recurring operation of {@code resourceId} and drops its queued operations that
   * have not started. A running operation finishes.
   *
   * @return how many operations were cancelled
   */
  int cancelAll(String resourceId);

  /** The active recurring operations, sorted by key. */
  List<RecurringOperation> recurring();

  /** What is running and queued now. */
  ExecutorStatus status();

  /** The agents this executor can run. */
  AgentDirectory agents();
}
