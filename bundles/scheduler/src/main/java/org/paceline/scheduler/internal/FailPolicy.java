package org.paceline.scheduler.internal;

import java.util.Locale;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.Role;

/** What to do when an operation fails ({@code on-fail}), in order of increasing severity. */
enum FailPolicy {
  IGNORE,
  DEMOTE,
  RECOVER,
  RESTART_CONTAINER,
  MIGRATE,
  BLOCK,
  STOP,
  STANDBY,
  FENCE;

  /** The role a failed resource should end in: stopped for stop, unpromoted for demote. */
  Role failRole() {
    return switch (this) {
      case STOP -> Role.STOPPED;
      case DEMOTE -> Role.UNPROMOTED;
      default -> Role.STARTED;
    };
  }

  /**
   * The policy for a failed {@code task} with interval {@code intervalMs} of {@code rsc}: the
   * configured on-fail of the matching operation (or op_defaults), else Pacemaker's default:
   * restart, except stop (fence when fencing is enabled, block otherwise).
   */
  static FailPolicy of(Cluster c, SchedPrimitive rsc, String task, long intervalMs) {
    String value = null;
    for (Operation op : rsc.operations()) {
      if (op.name().equals(task) && op.interval().toMillis() == intervalMs) {
        if (op.onFail() != null) {
          value = op.onFail().toString();
        }
        break;
      }
    }
    if (value == null && "monitor".equals(task) && intervalMs == 0) {
      // a probe uses the policy of a configured one-time monitor, if any; otherwise the default
      value = null;
    }
    if (value == null) {
      value = c.config.opDefaults().get("on-fail");
    }
    if (value == null) {
      if ("stop".equals(task)) {
        return c.fencingEnabled ? FENCE : BLOCK;
      }
      return RECOVER;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "ignore" -> IGNORE;
      case "block" -> BLOCK;
      case "demote" -> DEMOTE;
      case "stop" -> STOP;
      case "standby" -> STANDBY;
      case "fence" -> c.fencingEnabled ? FENCE : STOP;
      case "restart-container" -> RESTART_CONTAINER;
      default -> RECOVER;
    };
  }

  /** Whether this policy is more severe than {@code other}. */
  boolean worseThan(FailPolicy other) {
    return ordinal() > other.ordinal();
  }
}
