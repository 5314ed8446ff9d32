package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.executor.ExecutedOperation;
import org.paceline.executor.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /agents/{id}/run}: runs one operation of a resource agent on this node through the
 * executor, outside any cluster decision, and answers with its result. This is for trying agents
 * out (like Pacemaker's {@code crm_resource --force-start}): nothing is recorded in the CIB, and
 * the cluster does not know what it started. The body is described in {@link RunRequests}.
 */
final class RunRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(RunRoutes.class);

  /** How many runs may wait for their result at once (each holds an HTTP thread). */
  static final int MAX_RUNNING = 4;

  /**
   * How much longer than the operation's timeout a run waits for the executor's answer (the
   * executor itself answers at the timeout plus its grace period).
   */
  static final Duration RESULT_GRACE = Duration.ofSeconds(30);

  private final String nodeName;
  private final AgentCatalog catalog;
  private final Supplier<Optional<Executor>> executor;
  private final Duration resultGrace;
  private final Semaphore running = new Semaphore(MAX_RUNNING);

  RunRoutes(String nodeName, AgentCatalog catalog, Supplier<Optional<Executor>> executor) {
    this(nodeName, catalog, executor, RESULT_GRACE);
  }

  RunRoutes(
      String nodeName,
      AgentCatalog catalog,
      Supplier<Optional<Executor>> executor,
      Duration resultGrace) {
    this.nodeName = nodeName;
    this.catalog = catalog;
    this.executor = executor;
    this.resultGrace = resultGrace;
  }

  AdminApi.Response run(String id, String body) {
    AgentId agent;
    try {
      agent = AgentId.parse(id);
    } catch (IllegalArgumentException e) {
      return Responses.error(400, e.getMessage());
    }
    if (agent.standard().equals("stonith")) {
      return Responses.error(
          400, id + " is a fence agent; ra run runs resource agents (fence agents come later)");
    }
    Optional<AgentCatalog.Entry> entry =
        catalog.find(agent.toString()).filter(e -> e.kind() == AgentCatalog.Kind.RESOURCE);
    if (entry.isEmpty()) {
      return Responses.error(404, "no agent '" + id + "' on node " + nodeName + " (see ra list)");
    }
    OperationRequest request;
    try {
      request = RunRequests.parse(body);
    } catch (BadRequest e) {
      return Responses.error(400, e.getMessage());
    }
    Optional<Executor> exec = executor.get();
    if (exec.isEmpty()) {
      return Responses.error(
          503,
          "the executor is not running on node "
              + nodeName
              + " (bundle org.paceline.executor); agents cannot be run");
    }
    if (!running.tryAcquire()) {
      return Responses.error(
          503, MAX_RUNNING + " runs are in progress on node " + nodeName + "; try again later");
    }
    try {
      return await(agent, request, exec.get().execute(agent, request));
    } finally {
      running.release();
    }
  }

  private AdminApi.Response await(
      AgentId agent, OperationRequest request, CompletableFuture<ExecutedOperation> future) {
    Duration wait = request.timeout().plus(resultGrace);
    ExecutedOperation op;
    try {
      op = future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Responses.error(
          504,
          "no result for "
              + agent
              + " "
              + request.action()
              + " "
              + request.resourceId()
              + " within "
              + DurationText.format(wait)
              + "; it may still be running (see node "
              + nodeName
              + "'s log)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Responses.error(503, "interrupted while waiting for the result");
    } catch (ExecutionException e) {
      LOG.error("node {}: running {} {} failed", nodeName, agent, request.action(), e.getCause());
      return Responses.error(500, "the executor failed: " + e.getCause());
    }
    OperationResult r = op.result();
    LOG.info(
        "node {}: ra run {} {} {}: {} rc={} in {} ms{}",
        nodeName,
        agent,
        request.action(),
        request.resourceId(),
        r.status(),
        r.rc().code(),
        op.runTime().toMillis(),
        r.exitReason().isEmpty() ? "" : ": " + r.exitReason());
    return Responses.ok(json(op));
  }

  /**
   * {@code node, agent, resource, action, intervalMillis, timeoutMillis, callId, status, rc,
   * rcName, rcText, exitReason, output, queued, queueTimeMillis, runTimeMillis}.
   */
  ObjectNode json(ExecutedOperation op) {
    ObjectNode o = Responses.object();
    OperationRequest req = op.request();
    OperationResult r = op.result();
    o.put("node", nodeName);
    o.put("agent", op.agent().toString());
    o.put("resource", req.resourceId());
    o.put("action", req.action().ocfName());
    o.put("intervalMillis", req.interval().toMillis());
    o.put("timeoutMillis", req.timeout().toMillis());
    o.put("callId", op.callId());
    o.put("status", r.status().name());
    o.put("rc", r.rc().code());
    o.put("rcName", r.rc().ocfName());
    o.put("rcText", r.rc().description());
    o.put("exitReason", r.exitReason());
    o.put("output", r.output());
    o.put("queued", op.queued().toString());
    o.put("queueTimeMillis", op.queueTime().toMillis());
    o.put("runTimeMillis", op.runTime().toMillis());
    return o;
  }
}
