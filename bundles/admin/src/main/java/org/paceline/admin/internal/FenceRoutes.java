package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.paceline.api.fencing.FenceAction;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibService;
import org.paceline.fencer.FencerService;
import org.paceline.fencer.FencingOutcome;
import org.paceline.fencer.FencingRequest;

/**
 * {@code POST /nodes/{node}/fence} {@code {"action": "reboot"|"off"}}: {@code paceline node fence}.
 * This node's fencer runs the configured devices; on success the CIB records the node as fenced, so
 * its resources count as stopped and are recovered elsewhere. The controllers pass the result to
 * every node's fencing history.
 */
final class FenceRoutes {

  /** How long the request waits for the fencing to finish. */
  static final Duration WAIT = Duration.ofSeconds(150);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String me;
  private final Supplier<Optional<FencerService>> fencer;
  private final Supplier<Optional<CibService>> cib;

  FenceRoutes(
      String me, Supplier<Optional<FencerService>> fencer, Supplier<Optional<CibService>> cib) {
    this.me = me;
    this.fencer = fencer;
    this.cib = cib;
  }

  AdminApi.Response fence(String node, Set<String> knownNodes, String body) {
    if (!knownNodes.contains(node)) {
      return Responses.error(404, "'" + node + "' is not a node of this cluster");
    }
    if (node.equals(me)) {
      return Responses.error(
          409,
          "node " + me + " will not fence itself; ask another node (--config of another node)");
    }
    String action = "reboot";
    if (body != null && !body.isBlank()) {
      try {
        JsonNode req = JSON.readTree(body);
        action = req.path("action").asText("reboot");
      } catch (IOException e) {
        return Responses.error(400, "the request body is not JSON: " + e.getMessage());
      }
    }
    FenceAction fa;
    if (action.equals("reboot")) {
      fa = FenceAction.REBOOT;
    } else if (action.equals("off")) {
      fa = FenceAction.OFF;
    } else {
      return Responses.error(400, "action must be reboot or off, not '" + action + "'");
    }
    Optional<FencerService> f = fencer.get();
    Optional<CibService> c = cib.get();
    if (f.isEmpty() || c.isEmpty()) {
      return Responses.error(503, "the fencer or the CIB is not running on " + me + " yet");
    }
    FencingOutcome outcome;
    try {
      outcome =
          f.get()
              .fence(FencingRequest.of(node, fa, me, "admin"), c.get().current().configuration())
              .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Responses.error(503, "interrupted while fencing " + node);
    } catch (ExecutionException e) {
      return Responses.error(500, "fencing " + node + " failed: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      return Responses.error(
          504, "fencing " + node + " did not finish within " + WAIT.toSeconds() + " s");
    }
    ObjectNode b = Responses.object();
    b.put("target", node);
    b.put("action", action);
    b.put("succeeded", outcome.succeeded());
    b.put("description", outcome.describe());
    outcome.toRecord().toAttributes().forEach(b.putObject("record")::put);
    if (!outcome.succeeded()) {
      b.put("error", outcome.describe());
      return new AdminApi.Response(502, b);
    }
    try {
      c.get().propose(new CibChange.NodeFenced(node), true).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      b.put("warning", node + " was fenced but the CIB did not record it: " + e);
    }
    return Responses.ok(b);
  }
}
