package org.paceline.cib.model;

import java.util.Map;

/**
 * One entry of a resource's operation history on a node ({@code <lrm_rsc_op>}).
 *
 * @param operation the action: {@code start}, {@code stop}, {@code monitor}, {@code promote},
 *     {@code demote}, {@code notify}, {@code migrate_to}, {@code migrate_from}, ...
 * @param intervalMs the interval in milliseconds; 0 for one-shot actions and probes
 * @param rc the agent's exit code (OCF: 0 ok, 1 generic error, ..., 7 not running, 8 running
 *     promoted, 9 failed promoted)
 * @param status the execution status
 * @param callId the executor's call id; later calls have higher ids; -1 for a pending action
 * @param lastRcChange when the result last changed, in seconds since the epoch
 * @param execTimeMs how long the action ran, in milliseconds
 * @param targetRole the role a monitor checks ({@code Promoted} for a promoted monitor), or {@code
 *     null}
 * @param id the entry's id ({@code RSC_last_0}, {@code RSC_last_failure_0}, {@code
 *     RSC_monitor_10000}), or {@code null} (then the operation key is used)
 * @param operationKey {@code operation_key} ({@code RSC_OP_INTERVAL}), or {@code null}
 * @param transitionKey {@code transition-key}, kept as written, or {@code null}
 * @param transitionMagic {@code transition-magic}, kept as written, or {@code null}
 * @param opDigest {@code op-digest}, the digest of the parameters the operation ran with, or {@code
 *     null}
 * @param exitReason {@code exit-reason}, the agent's explanation of a failure, or {@code null}
 * @param onNode {@code on_node}, the node the operation ran on, or {@code null}
 * @param lastRun {@code last-run}, seconds since the epoch, 0 if not recorded
 * @param queueTimeMs {@code queue-time}, how long the operation waited, in milliseconds
 * @param extra any other attributes (e.g. {@code crm_feature_set}, {@code op-restart-digest})
 */
public record OperationRecord(
    String operation,
    long intervalMs,
    int rc,
    ExecStatus status,
    long callId,
    long lastRcChange,
    long execTimeMs,
    Role targetRole,
    String id,
    String operationKey,
    String transitionKey,
    String transitionMagic,
    String opDigest,
    String exitReason,
    String onNode,
    long lastRun,
    long queueTimeMs,
    Map<String, String> extra) {

  /** OCF exit codes the role derivation interprets. */
  public static final int OCF_OK = 0;

  public static final int OCF_NOT_INSTALLED = 5;
  public static final int OCF_NOT_RUNNING = 7;
  public static final int OCF_RUNNING_PROMOTED = 8;
  public static final int OCF_FAILED_PROMOTED = 9;

  public OperationRecord {
    // The status section holds hundreds of thousands of these: messages are built only on error.
    Checks.nonBlank(operation, "operation record name");
    if (status == null) {
      throw new IllegalArgumentException(what(operation) + " op-status is missing");
    }
    if (intervalMs < 0
        || rc < 0
        || rc > 255
        || callId < -1
        || lastRcChange < 0
        || execTimeMs < 0
        || lastRun < 0
        || queueTimeMs < 0) {
      checkRanges(
          what(operation), intervalMs, rc, callId, lastRcChange, execTimeMs, lastRun, queueTimeMs);
    }
    if (id != null && !Checks.isId(id)) {
      Checks.id(id, what(operation));
    }
    if (!(extra instanceof AttributeMap)) {
      extra = Checks.attributes(extra, what(operation) + " attributes");
    }
    if (!extra.isEmpty()) {
      for (String k : extra.keySet()) {
        if (TYPED.contains(k)) {
          throw new IllegalArgumentException(
              what(operation) + " attribute '" + k + "' belongs in its field");
        }
      }
    }
  }

  /** The {@code lrm_rsc_op} attributes with their own fields, not allowed in {@code extra}. */
  private static final java.util.Set<String> TYPED =
      java.util.Set.of(
          "id",
          "operation",
          "operation_key",
          "transition-key",
          "transition-magic",
          "op-digest",
          "exit-reason",
          "on_node",
          "interval",
          "rc-code",
          "op-status",
          "call-id",
          "last-rc-change",
          "last-run",
          "exec-time",
          "queue-time",
          "role");

  private static void checkRanges(
      String what,
      long intervalMs,
      int rc,
      long callId,
      long lastRcChange,
      long execTimeMs,
      long lastRun,
      long queueTimeMs) {
    if (intervalMs < 0) {
      throw new IllegalArgumentException(what + " interval must not be negative: " + intervalMs);
    }
    if (rc < 0 || rc > 255) {
      throw new IllegalArgumentException(what + " rc must be in 0..255, got " + rc);
    }
    if (callId < -1) {
      throw new IllegalArgumentException(what + " call-id must be -1 or more, got " + callId);
    }
    if (lastRcChange < 0) {
      throw new IllegalArgumentException(
          what + " last-rc-change must not be negative: " + lastRcChange);
    }
    if (execTimeMs < 0) {
      throw new IllegalArgumentException(what + " exec-time must not be negative: " + execTimeMs);
    }
    if (lastRun < 0) {
      throw new IllegalArgumentException(what + " last-run must not be negative: " + lastRun);
    }
    throw new IllegalArgumentException(what + " queue-time must not be negative: " + queueTimeMs);
  }

  private static String what(String operation) {
    return "operation record '" + operation + "'";
  }

  public OperationRecord(
      String operation,
      long intervalMs,
      int rc,
      ExecStatus status,
      long callId,
      long lastRcChange,
      long execTimeMs,
      Role targetRole) {
    this(
        operation,
        intervalMs,
        rc,
        status,
        callId,
        lastRcChange,
        execTimeMs,
        targetRole,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        0,
        Map.of());
  }

  /** A completed action ({@link ExecStatus#DONE}) with no timing details. */
  public static OperationRecord done(String operation, long intervalMs, int rc, long callId) {
    return new OperationRecord(operation, intervalMs, rc, ExecStatus.DONE, callId, 0, 0, null);
  }

  /** A probe: a one-shot monitor. */
  public boolean probe() {
    return "monitor".equals(operation) && intervalMs == 0;
  }

  /**
   * The result the controller expected, from the transition key {@code ACTION:TRANSITION:RC:UUID};
   * -1 if the record has no readable key.
   */
  public int expectedRc() {
    return expectedRc(transitionKey);
  }

  /** The expected rc a transition key {@code ACTION:TRANSITION:RC:UUID} names, or -1. */
  public static int expectedRc(String transitionKey) {
    if (transitionKey == null) {
      return -1;
    }
    String[] parts = transitionKey.split(":", 4);
    if (parts.length < 3) {
      return -1;
    }
    try {
      return Integer.parseInt(parts[2]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Whether this result is a failure that counts against the resource (see the static form). */
  public boolean countsAsFailure() {
    return countsAsFailure(operation, intervalMs, status, rc, expectedRc());
  }

  /**
   * Whether a result counts against the resource: an operation that did not complete, or an rc
   * other than {@code expectedRc} — except that a probe finding the resource running, promoted,
   * stopped or not installed is information, and a stop of something not running has done its job.
   * Pending and cancelled operations, and a completed one with no known expectation ({@code
   * expectedRc} &lt; 0), are not failures.
   */
  public static boolean countsAsFailure(
      String operation, long intervalMs, ExecStatus status, int rc, int expectedRc) {
    if (status == ExecStatus.PENDING || status == ExecStatus.CANCELLED) {
      return false;
    }
    if (status != ExecStatus.DONE) {
      return true;
    }
    if (expectedRc < 0 || rc == expectedRc) {
      return false;
    }
    if ("monitor".equals(operation) && intervalMs == 0) {
      return !(rc == OCF_OK
          || rc == OCF_NOT_RUNNING
          || rc == OCF_RUNNING_PROMOTED
          || rc == OCF_NOT_INSTALLED);
    }
    return !("stop".equals(operation) && rc == OCF_NOT_RUNNING);
  }

  /** The key Pacemaker gives this operation of {@code rsc}: {@code RSC_OP_INTERVALMS}. */
  public String key(String rsc) {
    return rsc + "_" + operation + "_" + intervalMs;
  }
}
