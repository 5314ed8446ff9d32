package org.paceline.executor;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the results of one recurring operation: the first result, then each result whose outcome
 * differs from the one reported before ({@link ExecutedOperation#sameOutcome}), any result asked
 * for with {@link RecurringOperation#reportNow()}, and finally one result with status {@link
 * org.paceline.api.ra.ExecutionStatus#CANCELLED} when the operation is cancelled, after which it is
 * never called again.
 *
 * <p>Called on the executor's single notification thread, one result at a time and in order; it
 * must return quickly and must not wait for other operations of the executor.
 */
@ConsumerType
@FunctionalInterface
public interface OperationListener {

  /** One result to report. */
  void onResult(ExecutedOperation result);
}
