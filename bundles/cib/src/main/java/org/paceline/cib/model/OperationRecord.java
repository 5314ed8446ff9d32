package org.paceline.cib.model;

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
 */
public record OperationRecord(
    String operation,
    long intervalMs,
    int rc,
    ExecStatus status,
    long callId,
    long lastRcChange,
    long execTimeMs,
    Role targetRole) {

  /** OCF exit codes the role derivation interprets. */
  public static final int OCF_OK = 0;

  public static final int OCF_NOT_INSTALLED = 5;
  public static final int OCF_NOT_RUNNING = 7;
  public static final int OCF_RUNNING_PROMOTED = 8;
  public static final int OCF_FAILED_PROMOTED = 9;

  public OperationRecord {
    Checks.nonBlank(operation, "operation record name");
    String what = "operation record '" + operation + "'";
    Checks.required(status, what + " op-status");
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
  }

  /** A completed action ({@link ExecStatus#DONE}) with no timing details. */
  public static OperationRecord done(String operation, long intervalMs, int rc, long callId) {
    return new OperationRecord(operation, intervalMs, rc, ExecStatus.DONE, callId, 0, 0, null);
  }

  /** A probe: a one-shot monitor. */
  public boolean probe() {
    return "monitor".equals(operation) && intervalMs == 0;
  }

  /** The key Pacemaker gives this operation of {@code rsc}: {@code RSC_OP_INTERVALMS}. */
  public String key(String rsc) {
    return rsc + "_" + operation + "_" + intervalMs;
  }
}
