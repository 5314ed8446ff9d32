package org.paceline.scheduler.internal;

import org.paceline.cib.model.ExecStatus;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.model.Role;

/**
 * Interprets recorded operation results, Pacemaker's way: the expected result comes from the
 * transition key; a result is remapped to success, a soft, hard or fatal error by its exit code;
 * expired failures (failure-timeout) are disregarded; successes and failures move the resource's
 * role on the node and accumulate the on-fail policy that applies.
 */
final class OperationResults {

  static final int OCF_OK = 0;
  static final int OCF_NOT_RUNNING = 7;
  static final int OCF_RUNNING_PROMOTED = 8;
  static final int OCF_FAILED_PROMOTED = 9;
  static final int OCF_DEGRADED = 190;
  static final int OCF_DEGRADED_PROMOTED = 191;

  /** What is known of one resource on one node while its history is read. */
  static final class Local {
    Role role;
    FailPolicy onFail = FailPolicy.IGNORE;
    OperationRecord lastFailure;
  }

  private final Cluster c;

  OperationResults(Cluster c) {
    this.c = c;
  }

  /** The result the cluster expected: from the transition key, else a sensible default. */
  static int targetRc(OperationRecord op) {
    String key = op.transitionKey();
    if (key != null) {
      // action:transition:target-rc:uuid
      int c1 = key.indexOf(':');
      int c2 = c1 < 0 ? -1 : key.indexOf(':', c1 + 1);
      int c3 = c2 < 0 ? -1 : key.indexOf(':', c2 + 1);
      if (c3 > c2 + 1) {
        int rc = 0;
        boolean ok = true;
        for (int i = c2 + 1; i < c3; i++) {
          char ch = key.charAt(i);
          if (ch < '0' || ch > '9' || rc > 1000) {
            ok = false;
            break;
          }
          rc = rc * 10 + (ch - '0');
        }
        if (ok) {
          return rc;
        }
      }
    }
    if ("monitor".equals(op.operation())) {
      if (op.intervalMs() == 0) {
        return OCF_NOT_RUNNING;
      }
      return op.targetRole() == Role.PROMOTED ? OCF_RUNNING_PROMOTED : OCF_OK;
    }
    return OCF_OK;
  }

  /** Applies one recorded operation to what is known of {@code rsc} on {@code node}. */
  void apply(SchedPrimitive rsc, SchedNode node, OperationRecord op, Local local) {
    String task = op.operation();
    if ("notify".equals(task) || "meta-data".equals(task)) {
      return;
    }
    int rc = op.rc();
    int target = targetRc(op);
    boolean probe = "monitor".equals(task) && op.intervalMs() == 0;
    ExecStatus status = op.status();
    SchedResource parent = rsc.unique ? rsc : rsc.top();

    boolean expired = status != ExecStatus.NOT_INSTALLED && expired(rsc, node, rc, op);
    int oldRc = rc;
    if (status == ExecStatus.DONE || status == ExecStatus.ERROR) {
      status = remap(rsc, node, op, rc, target, probe, local);
    }
    boolean maskable =
        probe && (oldRc == 5 || oldRc == 2 || op.status() == ExecStatus.NOT_INSTALLED);
    if (expired && maskable && oldRc != target) {
      return;
    }
    if (expired && rc != target) {
      return;
    }
    if (maskable) {
      success(rsc, node, op, task, target, local);
      local.role = Role.STOPPED;
      parent.addScore(node, -Scores.INF);
      parent.note(node, -Scores.INF, "probe of " + rsc.id + " failed (not installed)");
      return;
    }
    switch (status) {
      case CANCELLED:
        return;
      case PENDING:
        if ("start".equals(task)) {
          rsc.startPending = true;
          setActive(rsc, local);
        } else if ("promote".equals(task)) {
          local.role = Role.PROMOTED;
        }
        if (rsc.pendingTask == null && !probe) {
          rsc.pendingTask = task;
          rsc.pendingNode = node;
        }
        return;
      case DONE:
        success(rsc, node, op, task, rc, local);
        return;
      case NOT_INSTALLED:
        {
          FailPolicy p = FailPolicy.of(c, rsc, task, op.intervalMs());
          if (p == FailPolicy.IGNORE) {
            local.onFail = FailPolicy.MIGRATE;
          }
          parent.addScore(node, -Scores.INF);
          parent.note(node, -Scores.INF, rsc.id + " is not installed there");
          failure(rsc, node, op, rc, local);
          return;
        }
      default:
        break;
    }
    if (status == ExecStatus.NO_FENCE_DEVICE || status == ExecStatus.NO_SECRETS) {
      status = ExecStatus.ERROR_HARD;
    }
    FailPolicy p = FailPolicy.of(c, rsc, task, op.intervalMs());
    if (p == FailPolicy.IGNORE) {
      success(rsc, node, op, task, target, local);
      rsc.failureIgnored = true;
    } else {
      failure(rsc, node, op, rc, local);
      if (status == ExecStatus.ERROR_HARD) {
        parent.addScore(node, -Scores.INF);
        parent.note(node, -Scores.INF, rsc.id + " failed there with a hard error (rc " + rc + ")");
      } else if (status == ExecStatus.ERROR_FATAL) {
        for (SchedNode n : c.nodes) {
          parent.addScore(n, -Scores.INF);
        }
        parent.note(null, -Scores.INF, rsc.id + " failed with a fatal error (rc " + rc + ")");
      }
    }
  }

  /** Maps a completed result to success or a failure class, updating the role where it tells. */
  private ExecStatus remap(
      SchedPrimitive rsc,
      SchedNode node,
      OperationRecord op,
      int rc,
      int target,
      boolean probe,
      Local local) {
    ExecStatus result = rc == target ? ExecStatus.DONE : ExecStatus.ERROR;
    switch (rc) {
      case OCF_OK:
        if (probe && target == OCF_NOT_RUNNING) {
          result = ExecStatus.DONE;
        }
        break;
      case OCF_NOT_RUNNING:
        if (probe || target == rc || !rsc.managed) {
          result = ExecStatus.DONE;
          local.role = Role.STOPPED;
          local.onFail = FailPolicy.IGNORE;
          rsc.nextRole = null;
        }
        break;
      case OCF_RUNNING_PROMOTED:
        if (probe && rc != target) {
          result = ExecStatus.DONE;
        }
        local.role = Role.PROMOTED;
        break;
      case OCF_DEGRADED_PROMOTED:
      case OCF_FAILED_PROMOTED:
        local.role = Role.PROMOTED;
        result = ExecStatus.ERROR;
        break;
      case 6:
        result = ExecStatus.ERROR_FATAL;
        break;
      case 3:
        if (op.intervalMs() > 0) {
          result = ExecStatus.NOT_SUPPORTED;
          break;
        }
        result = hard(rsc, node, op);
        break;
      case 5:
      case 2:
      case 4:
        result = hard(rsc, node, op);
        break;
      case OCF_DEGRADED:
        break;
      default:
        if (result == ExecStatus.DONE) {
          result = ExecStatus.ERROR;
        }
        break;
    }
    return result;
  }

  private ExecStatus hard(SchedPrimitive rsc, SchedNode node, OperationRecord op) {
    if (!c.canFence(node) && "stop".equals(op.operation())) {
      rsc.managed = false;
      rsc.blocked = true;
    }
    return ExecStatus.ERROR_HARD;
  }

  /** Whether a failure is old enough (failure-timeout) to be disregarded. */
  private boolean expired(SchedPrimitive rsc, SchedNode node, int rc, OperationRecord op) {
    if (rsc.failureTimeoutMs <= 0 || op.lastRcChange() <= 0 || c.now == null) {
      return false;
    }
    boolean expired = c.now.toEpochMilli() >= op.lastRcChange() * 1000 + rsc.failureTimeoutMs;
    if (!expired) {
      return false;
    }
    int all = FailCounts.count(c, rsc, node, false);
    int effective = FailCounts.count(c, rsc, node, true);
    if (all > 0 && effective > 0) {
      expired = false;
    }
    if (expired && op.intervalMs() == 0 && "monitor".equals(op.operation())) {
      if (rc == OCF_OK
          || rc == OCF_NOT_RUNNING
          || rc == OCF_RUNNING_PROMOTED
          || rc == OCF_DEGRADED
          || rc == OCF_DEGRADED_PROMOTED) {
        expired = false;
      }
    }
    return expired;
  }

  static void setActive(SchedPrimitive rsc, Local local) {
    local.role = rsc.inPromotable() ? Role.UNPROMOTED : Role.STARTED;
  }

  /** A successful result (or one treated as successful). */
  private void success(
      SchedPrimitive rsc, SchedNode node, OperationRecord op, String task, int rc, Local local) {
    boolean clear = false;
    boolean probeMasked = "monitor".equals(task) && op.intervalMs() == 0 && (rc == 5 || rc == 2);
    if (rc == 5 || probeMasked) {
      local.role = Role.STOPPED;
    } else if (rc == OCF_NOT_RUNNING) {
      clear = true;
    } else if ("monitor".equals(task)) {
      if (local.lastFailure != null
          && local.lastFailure.operation().equals(op.operation())
          && local.lastFailure.intervalMs() == op.intervalMs()) {
        clear = true;
      }
      if (local.role == null || local.role.ordinal() < Role.STARTED.ordinal()) {
        setActive(rsc, local);
      }
    } else if ("start".equals(task) || "migrate_from".equals(task)) {
      local.role = Role.STARTED;
      clear = true;
    } else if ("stop".equals(task)) {
      local.role = Role.STOPPED;
      clear = true;
    } else if ("promote".equals(task)) {
      local.role = Role.PROMOTED;
      clear = true;
    } else if ("demote".equals(task)) {
      if (local.onFail == FailPolicy.DEMOTE) {
        clear = true;
      }
      local.role = Role.UNPROMOTED;
    } else if ("migrate_to".equals(task)) {
      // a completed migrate_to: the resource is (partially) on the target; treat as active here
      if (local.role == null || local.role.ordinal() < Role.STARTED.ordinal()) {
        setActive(rsc, local);
      }
    } else if (local.role == null || local.role.ordinal() < Role.STARTED.ordinal()) {
      setActive(rsc, local);
    }
    if (clear) {
      switch (local.onFail) {
        case STOP, FENCE, MIGRATE, STANDBY:
          break;
        default:
          local.onFail = FailPolicy.IGNORE;
          rsc.nextRole = null;
          break;
      }
    }
  }

  /** A failed result: records the failure and its consequences for the resource's role. */
  private void failure(
      SchedPrimitive rsc, SchedNode node, OperationRecord op, int rc, Local local) {
    String task = op.operation();
    boolean probe = "monitor".equals(task) && op.intervalMs() == 0;
    local.lastFailure = op;
    FailPolicy policy = FailPolicy.of(c, rsc, task, op.intervalMs());
    if (policy.worseThan(local.onFail)) {
      local.onFail = policy;
    }
    if ("stop".equals(task)) {
      rsc.addScore(node, -Scores.INF);
      rsc.note(node, -Scores.INF, "stop of " + rsc.id + " failed there");
    } else if ("promote".equals(task)) {
      local.role = Role.PROMOTED;
    } else if ("demote".equals(task)) {
      if (policy == FailPolicy.BLOCK) {
        local.role = Role.PROMOTED;
        rsc.nextRole = Role.STOPPED;
      } else if (rc == OCF_NOT_RUNNING) {
        local.role = Role.STOPPED;
      } else {
        local.role = Role.UNPROMOTED;
      }
    }
    if (probe && rc == 5) {
      local.role = Role.STOPPED;
    } else if (local.role == null || local.role.ordinal() < Role.STARTED.ordinal()) {
      setActive(rsc, local);
    }
    Role failRole = policy.failRole();
    if (failRole != Role.STARTED
        && (rsc.nextRole == null || rsc.nextRole.ordinal() > failRole.ordinal())) {
      rsc.nextRole = failRole;
    }
    if (failRole == Role.STOPPED) {
      SchedResource banned = rsc;
      if (rsc.parent != null) {
        SchedResource top = rsc.top();
        if (top instanceof SchedClone cl && !cl.unique) {
          banned = top;
        }
      }
      banned.addScoreEverywhere(c.nodes, -Scores.INF);
      banned.note(null, -Scores.INF, rsc.id + " failed with on-fail=stop");
    }
  }
}
