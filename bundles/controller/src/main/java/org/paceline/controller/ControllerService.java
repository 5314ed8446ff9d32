package org.paceline.controller;

import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;
import org.paceline.fencer.FencingOutcome;

/** This node's controller: the DC role when the view makes it the DC, the action runner always. */
@ProviderType
public interface ControllerService {

  /** What the controller knows and does now. */
  ControllerStatus status();

  /**
   * Fences {@code node} now ({@code paceline node fence}), with this node's fencer and the
   * configured devices: on success the CIB records the node as fenced (its resources count as
   * stopped and are recovered elsewhere) and every node's fencing history gets the result.
   *
   * @param action {@code reboot} or {@code off}
   * @param requester who asked, for the history (e.g. {@code admin on n1})
   */
  CompletableFuture<FencingOutcome> fence(String node, String action, String requester);
}
