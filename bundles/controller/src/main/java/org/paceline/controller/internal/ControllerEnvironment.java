package org.paceline.controller.internal;

import java.util.Optional;
import org.paceline.api.quorum.QuorumState;
import org.paceline.fencer.FencerService;

/** What the controller asks of the rest of the node: quorum and the fencer. */
public interface ControllerEnvironment {

  /** This partition's quorum now (with the ring it was computed for), or null if unknown. */
  QuorumState quorum();

  /** Calls {@code listener} whenever quorum may have changed. */
  void onQuorumChange(Runnable listener);

  /** This node's fencer, if one is running. */
  Optional<FencerService> fencer();

  /**
   * Fences this node itself (no-quorum-policy=suicide, or a failure whose on-fail fences the DC's
   * own node): what a reboot does to a machine. Does not return on a real node.
   *
   * @param reason why, for the log
   */
  void fenceSelf(String reason);
}
