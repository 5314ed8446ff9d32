package org.paceline.fencer;

import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceResult;
import org.paceline.cib.model.Configuration;

/**
 * The node's fencer, as an OSGi service: fences nodes with the fence devices of a configuration and
 * keeps the fencing history. The fencer carries out what it is asked; whether fencing is enabled
 * ({@code fencing-enabled}) and which node should carry it out is the controller's decision.
 */
@ProviderType
public interface FencerService {

  /**
   * Fences {@code target}: runs the plan ({@link FencingPlan}) for it in {@code config} on this
   * node. The future never fails: a failure to fence is an outcome that says why. Identical
   * requests (same target and action) made while one is in progress share its outcome.
   */
  CompletableFuture<FencingOutcome> fence(FencingRequest request, Configuration config);

  /** Shorthand for {@link #fence(FencingRequest, Configuration)} with defaults. */
  default CompletableFuture<FencingOutcome> fence(
      String target, FenceAction action, Configuration config, String requester) {
    return fence(FencingRequest.of(target, action, requester, "api"), config);
  }

  /**
   * The plan the fencer would follow to carry out {@code action} on {@code target} (a dry run; may
   * ask agents for their meta-data).
   */
  FencingPlan plan(Configuration config, String target, FenceAction action);

  /**
   * Checks a fence device: runs its agent's {@code monitor} action (timeout {@code
   * pcmk_monitor_timeout}, else the fencing timeout), as a {@code stonith} resource's start and
   * monitor operations do. Never fails: a device that is not configured, misconfigured or whose
   * agent is not installed gives a failed (or not-installed) result saying so.
   */
  CompletableFuture<FenceResult> monitor(String deviceId, Configuration config);

  /** The fencing history: this node's operations and those replicated from other nodes. */
  FencingHistory history();
}
