package org.paceline.fencer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.api.fencing.FenceResult.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link FenceRequest} on an agent without blocking the caller: on the agent executor,
 * interrupted when the request's timeout expires. The result is always a {@link FenceResult}: an
 * agent that throws, returns nothing, cannot be scheduled or overruns its timeout gives a failed or
 * timed-out result saying so.
 */
final class AgentInvoker {

  private static final Logger LOG = LoggerFactory.getLogger(AgentInvoker.class);

  private final Executor executor;
  private final FencingTimer timer;
  private final Clock clock;

  AgentInvoker(Executor executor, FencingTimer timer, Clock clock) {
    this.executor = executor;
    this.timer = timer;
    this.clock = clock;
  }

  CompletableFuture<FenceResult> invoke(FenceAgent agent, FenceRequest request) {
    CompletableFuture<FenceResult> out = new CompletableFuture<>();
    Instant started = clock.instant();
    FutureTask<FenceResult> task =
        new FutureTask<>(() -> agent.execute(request)) {
          @Override
          protected void done() {
            if (isCancelled()) {
              return;
            }
            try {
              FenceResult r = get();
              out.complete(
                  r != null
                      ? r
                      : result(
                          Outcome.FAILED,
                          "agent " + agent.name() + " returned no result",
                          started));
            } catch (ExecutionException e) {
              Throwable cause = e.getCause() == null ? e : e.getCause();
              if (cause instanceof InterruptedException) {
                out.complete(result(Outcome.FAILED, "agent was interrupted", started));
              } else {
                LOG.warn(
                    "fence device {}: agent {} failed on {}",
                    request.deviceId(),
                    agent.name(),
                    request.action(),
                    cause);
                out.complete(
                    result(Outcome.FAILED, "agent " + agent.name() + " failed: " + cause, started));
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              out.complete(result(Outcome.FAILED, "interrupted", started));
            }
          }
        };
    FencingTimer.Scheduled timeout =
        timer.schedule(
            request.timeout(),
            () -> {
              if (out.complete(
                  result(
                      Outcome.TIMEOUT,
                      "the agent did not finish within " + Durations.text(request.timeout()),
                      started))) {
                task.cancel(true);
              }
            });
    out.whenComplete((r, e) -> timeout.cancel());
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      out.complete(
          result(Outcome.FAILED, "the fencer is busy or stopping: " + e.getMessage(), started));
    }
    return out;
  }

  private FenceResult result(Outcome outcome, String message, Instant started) {
    Duration ran = Duration.between(started, clock.instant());
    return new FenceResult(
        outcome,
        outcome == Outcome.TIMEOUT ? -1 : 1,
        message,
        "",
        List.of(),
        ran.isNegative() ? Duration.ZERO : ran);
  }
}
