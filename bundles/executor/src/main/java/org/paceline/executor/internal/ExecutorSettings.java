package org.paceline.executor.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an executor runs.
 *
 * @param name the prefix of the executor's thread names
 * @param nodeName this node's name, given to agents
 * @param stateDir where agents may keep state, given to agents
 * @param actionLimit how many operations may run at once (Pacemaker's {@code node-action-limit})
 * @param timeoutGrace how long after interrupting a timed-out agent the executor waits for it to
 *     return before giving up on it and reporting the timeout anyway
 * @param closeTimeout how long {@code close()} waits for running operations before interrupting
 *     them
 */
public record ExecutorSettings(
    String name,
    String nodeName,
    Path stateDir,
    int actionLimit,
    Duration timeoutGrace,
    Duration closeTimeout) {

  /** The default grace after a timeout. */
  public static final Duration DEFAULT_TIMEOUT_GRACE = Duration.ofSeconds(5);

  /** The default wait for running operations at close. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  public ExecutorSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(timeoutGrace, "timeoutGrace");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    if (actionLimit < 1) {
      throw new IllegalArgumentException("action limit must be at least 1, got " + actionLimit);
    }
    if (timeoutGrace.isNegative() || timeoutGrace.isZero()) {
      throw new IllegalArgumentException("timeout grace must be positive, got " + timeoutGrace);
    }
    if (closeTimeout.isNegative()) {
      throw new IllegalArgumentException("close timeout must not be negative, got " + closeTimeout);
    }
  }

  /** The defaults: thread prefix {@code paceline-executor}, {@link #defaultActionLimit()}. */
  public static ExecutorSettings defaults(String nodeName, Path stateDir) {
    return new ExecutorSettings(
        "paceline-executor",
        nodeName,
        stateDir,
        defaultActionLimit(),
        DEFAULT_TIMEOUT_GRACE,
        DEFAULT_CLOSE_TIMEOUT);
  }

  /** Twice the available processors, as Pacemaker's default {@code node-action-limit}. */
  public static int defaultActionLimit() {
    return 2 * Runtime.getRuntime().availableProcessors();
  }

  /** These settings with another thread name prefix. */
  public ExecutorSettings withName(String newName) {
    return new ExecutorSettings(
        newName, nodeName, stateDir, actionLimit, timeoutGrace, closeTimeout);
  }

  /** These settings with another action limit. */
  public ExecutorSettings withActionLimit(int limit) {
    return new ExecutorSettings(name, nodeName, stateDir, limit, timeoutGrace, closeTimeout);
  }

  /** These settings with another timeout grace. */
  public ExecutorSettings withTimeoutGrace(Duration grace) {
    return new ExecutorSettings(name, nodeName, stateDir, actionLimit, grace, closeTimeout);
  }

  /** These settings with another close timeout. */
  public ExecutorSettings withCloseTimeout(Duration timeout) {
    return new ExecutorSettings(name, nodeName, stateDir, actionLimit, timeoutGrace, timeout);
  }
}
