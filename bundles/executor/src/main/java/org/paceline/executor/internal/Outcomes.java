package org.paceline.executor.internal;

import java.time.Duration;
import java.time.Instant;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The results the executor makes itself, and what an agent call amounts to. */
final class Outcomes {

  private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

  private Outcomes() {}

  /** How one agent call ended, as the worker saw it. */
  record Call(
      OperationResult answer,
      Throwable failure,
      boolean interrupted,
      Job.Interrupt why,
      Instant start,
      Duration ran) {}

  /**
   * What a call amounts to: a timeout if the executor interrupted it at the deadline (whatever the
   * agent answered then), an error if it threw or answered nothing, otherwise the agent's answer.
   */
  static OperationResult judge(String node, Job job, Call call) {
    if (call.why() == Job.Interrupt.TIMEOUT) {
      return timeout(
          job, call.answer() == null ? "" : call.answer().output(), call.start(), call.ran());
    }
    if (call.failure() != null) {
      LOG.warn("node {}: {}: the agent failed", node, job.describe(), call.failure());
      return new OperationResult(
          ExecutionStatus.ERROR,
          OcfResultCode.ERR_GENERIC,
          "agent " + job.agent + " failed: " + call.failure(),
          "",
          call.start(),
          call.ran());
    }
    OperationResult answer = call.answer();
    if (answer != null
        && answer.status() == ExecutionStatus.TIMEOUT
        && answer.exitReason().isEmpty()) {
      return timeout(job, answer.output(), answer.started(), answer.runTime());
    }
    if (answer != null) {
      return answer;
    }
    if (call.why() == Job.Interrupt.SHUTDOWN) {
      return new OperationResult(
          ExecutionStatus.CANCELLED,
          OcfResultCode.ERR_GENERIC,
          job.request.action() + " interrupted: the executor is shutting down",
          "",
          call.start(),
          call.ran());
    }
    String reason =
        call.interrupted()
            ? "agent " + job.agent + " threw InterruptedException without being interrupted"
            : "agent " + job.agent + " returned no result";
    LOG.warn("node {}: {}: {}", node, job.describe(), reason);
    return new OperationResult(
        ExecutionStatus.ERROR, OcfResultCode.ERR_GENERIC, reason, "", call.start(), call.ran());
  }

  /** TIMEOUT: "start timed out after 20s". */
  static OperationResult timeout(Job job, String output, Instant start, Duration ran) {
    return new OperationResult(
        ExecutionStatus.TIMEOUT,
        OcfResultCode.ERR_GENERIC,
        job.request.action() + " timed out after " + DurationText.format(job.request.timeout()),
        output,
        start,
        ran);
  }

  /** NOT_INSTALLED with OCF_ERR_INSTALLED, naming the agent and the node. */
  static OperationResult notInstalled(AgentId agent, String node, Instant start) {
    return new OperationResult(
        ExecutionStatus.NOT_INSTALLED,
        OcfResultCode.ERR_INSTALLED,
        "agent " + agent + " is not installed on node " + node,
        "",
        start,
        Duration.ZERO);
  }

  /** CANCELLED with {@code reason}. */
  static OperationResult cancelled(Job job, String reason) {
    return new OperationResult(
        ExecutionStatus.CANCELLED,
        OcfResultCode.ERR_GENERIC,
        reason,
        "",
        startOf(job),
        Duration.ZERO);
  }

  /** ERROR with {@code reason}. */
  static OperationResult error(Job job, String reason) {
    return new OperationResult(
        ExecutionStatus.ERROR, OcfResultCode.ERR_GENERIC, reason, "", startOf(job), Duration.ZERO);
  }

  private static Instant startOf(Job job) {
    return job.started == null ? Instant.now() : job.started;
  }
}
