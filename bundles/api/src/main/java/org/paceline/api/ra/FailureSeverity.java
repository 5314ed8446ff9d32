package org.paceline.api.ra;

/**
 * How far a failed result reaches, as Pacemaker classifies OCF return codes: a soft error may be
 * recovered on the same node, a hard error bans the resource from that node, a fatal error from the
 * whole cluster.
 */
public enum FailureSeverity {
  NONE,
  SOFT,
  HARD,
  FATAL
}
