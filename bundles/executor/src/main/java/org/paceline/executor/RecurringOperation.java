package org.paceline.executor;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.OperationRequest;

/** A recurring operation (usually a monitor) the executor runs at a fixed rate until cancelled. */
@ProviderType
public interface RecurringOperation {

  /** The agent it runs. */
  AgentId agent();

  /** What it runs; {@link OperationRequest#interval()} is the period. */
  OperationRequest request();

  /** Its key: resource, action and interval. */
  default OperationKey key() {
    return OperationKey.of(request());
  }

  /** The result of its latest completed run, reported or not. */
  Optional<ExecutedOperation> lastResult();

  /** Whether it still runs (not cancelled). */
  boolean isActive();

  /**
   * Reports the latest result to the listener again, even though it has not changed. Does nothing
   * before the first run has completed (that result is reported anyway) or after cancellation.
   */
  void reportNow();

  /**
   * Stops future runs. A run that is queued but has not started is dropped; a run that has started
   * finishes, but its result is not reported. The listener then receives one last result with
   * status CANCELLED, which the returned future also completes with. Cancelling again returns the
   * same future.
   */
  CompletableFuture<ExecutedOperation> cancel();
}
