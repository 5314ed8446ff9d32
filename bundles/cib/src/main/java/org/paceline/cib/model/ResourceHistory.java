package org.paceline.cib.model;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.paceline.api.ra.AgentId;

/**
 * The operation history of one resource on one node ({@code <lrm_resource>}).
 *
 * @param resource the resource id; an anonymous clone's instance is {@code ID:N} ({@link
 *     NodeStatus#primitiveOf})
 * @param operations recorded operations, in any order
 * @param agent the agent the operations ran ({@code class}, {@code provider}, {@code type}), or
 *     {@code null} if unknown
 */
public record ResourceHistory(String resource, List<OperationRecord> operations, AgentId agent) {

  /** Call order: by call id, pending calls (id -1) last, ties by last-rc-change. */
  static final Comparator<OperationRecord> CALL_ORDER =
      Comparator.comparingLong((OperationRecord o) -> o.callId() < 0 ? Long.MAX_VALUE : o.callId())
          .thenComparingLong(OperationRecord::lastRcChange);

  public ResourceHistory {
    Checks.id(resource, "history resource");
    operations = Checks.list(operations, "history of a resource");
  }

  public ResourceHistory(String resource, List<OperationRecord> operations) {
    this(resource, operations, null);
  }

  /** The primitive this history is of: the resource id without an instance suffix {@code :N}. */
  public String primitive() {
    return NodeStatus.primitiveOf(resource);
  }

  /** The operations sorted in call order. */
  public List<OperationRecord> inCallOrder() {
    return operations.stream().sorted(CALL_ORDER).toList();
  }

  /** The latest completed operation with this name and interval. */
  public Optional<OperationRecord> latest(String operation, long intervalMs) {
    return inCallOrder().stream()
        .filter(o -> o.operation().equals(operation) && o.intervalMs() == intervalMs)
        .reduce((a, b) -> b);
  }

  /**
   * Derives the resource's current role on this node from its history, Pacemaker's way.
   *
   * <p>Operations are replayed in call order (call id ascending; a pending call, id -1, counts as
   * the latest). The state starts as {@code Stopped}, not failed. Each operation then sets the
   * state:
   *
   * <ul>
   *   <li>{@code PENDING} and {@code CANCELLED} operations are skipped: they say nothing about the
   *       resource's state yet.
   *   <li>A completed ({@code DONE}) {@code start} with rc 0 gives {@code Started}; {@code stop}
   *       with rc 0 or 7 gives {@code Stopped}; {@code promote} rc 0 gives {@code Promoted}; {@code
   *       demote} rc 0 gives {@code Unpromoted}; {@code migrate_from} rc 0 gives {@code Started}.
   *       Other successful actions ({@code notify}, {@code migrate_to}, {@code reload}, ...) leave
   *       the state unchanged.
   *   <li>A monitor (recurring, or a probe with interval 0) reports what it saw: rc 0 means
   *       running, so an inactive resource becomes {@code Started} and an active one keeps its
   *       role; rc 8 means {@code Promoted}; rc 7 means {@code Stopped}. rc 7 is a failure only
   *       from a recurring monitor while the resource was believed active (it stopped behind the
   *       cluster's back); from a probe it is the expected answer. rc 9 is {@code Promoted},
   *       failed. A probe's rc 5 (not installed) is {@code Stopped}, not failed: the resource
   *       cannot run there, it is not running there.
   *   <li>Any other result is a failure, and the resource is assumed to be in the more active role,
   *       so that recovery first undoes it: a failed {@code start} or {@code stop} leaves it {@code
   *       Started} (partially started, or not stopped); a failed {@code promote} or {@code demote}
   *       leaves it {@code Promoted}; a failed monitor keeps the believed role, or {@code Started}
   *       if it was believed stopped (a failed probe means "something is there"); a failed other
   *       action keeps the role.
   *   <li>A success clears the failed flag; failures are still counted in the node's fail counts
   *       ({@link NodeStatus#failCount(String)}) until cleaned up.
   * </ul>
   */
  public ResourceState currentState() {
    ResourceState state = ResourceState.STOPPED;
    for (OperationRecord op : inCallOrder()) {
      state = apply(state, op);
    }
    return state;
  }

  /** The current role, ignoring whether it failed. */
  public Role currentRole() {
    return currentState().role();
  }

  static ResourceState apply(ResourceState state, OperationRecord op) {
    if (op.status() == ExecStatus.PENDING || op.status() == ExecStatus.CANCELLED) {
      return state;
    }
    Role role = state.role();
    boolean done = op.status() == ExecStatus.DONE;
    int rc = op.rc();
    if ("monitor".equals(op.operation())) {
      if (done && rc == OperationRecord.OCF_OK) {
        return ok(role.isActive() ? role : Role.STARTED);
      }
      if (done && rc == OperationRecord.OCF_RUNNING_PROMOTED) {
        return ok(Role.PROMOTED);
      }
      if (done && rc == OperationRecord.OCF_NOT_RUNNING) {
        return new ResourceState(Role.STOPPED, !op.probe() && role.isActive());
      }
      if (done && rc == OperationRecord.OCF_FAILED_PROMOTED) {
        return failed(Role.PROMOTED);
      }
      if (done && rc == OperationRecord.OCF_NOT_INSTALLED && op.probe()) {
        return ok(Role.STOPPED);
      }
      return failed(role.isActive() ? role : Role.STARTED);
    }
    boolean success = done && rc == OperationRecord.OCF_OK;
    return switch (op.operation()) {
      case "start", "migrate_from" -> success ? ok(Role.STARTED) : failed(Role.STARTED);
      case "stop" ->
          success || (done && rc == OperationRecord.OCF_NOT_RUNNING)
              ? ok(Role.STOPPED)
              : failed(role.isActive() ? role : Role.STARTED);
      case "promote" -> success ? ok(Role.PROMOTED) : failed(Role.PROMOTED);
      case "demote" -> success ? ok(Role.UNPROMOTED) : failed(Role.PROMOTED);
      default -> success ? state : failed(role);
    };
  }

  private static ResourceState ok(Role role) {
    return new ResourceState(role, false);
  }

  private static ResourceState failed(Role role) {
    return new ResourceState(role, true);
  }
}
