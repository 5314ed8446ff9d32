package org.paceline.api.ra;

/**
 * Whether an operation ran to an answer. Only {@link #DONE} carries a meaningful OCF code from the
 * agent; the others say why there is none.
 */
public enum ExecutionStatus {
  /** The agent ran and returned an exit code. */
  DONE,
  /** The agent did not finish within the operation's timeout and was killed. */
  TIMEOUT,
  /** The operation was cancelled before it finished (e.g. a recurring monitor removed). */
  CANCELLED,
  /** No agent for the requested {@link AgentId} is installed on this node. */
  NOT_INSTALLED,
  /** The agent could not be run, or returned something that is not an answer. */
  ERROR
}
