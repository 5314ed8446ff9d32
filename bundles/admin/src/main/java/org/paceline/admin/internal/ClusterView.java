package org.paceline.admin.internal;

import java.util.Optional;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.RingStatus;

/**
 * Where the admin API reads the cluster's live state from; each part is empty while the service
 * behind it is not running.
 */
public interface ClusterView {

  /** The local ring's status. */
  Optional<RingStatus> ring();

  /** The local quorum state. */
  Optional<QuorumState> quorum();

  /**
   * Changes the local ring's fault injection.
   *
   * @return false if the ring is not running
   */
  boolean setFaults(RingStatus.FaultSpec faults);

  /**
   * This node's fencer, if it runs: its history holds every fencing of the cluster (the controllers
   * pass each result to every node's fencer).
   */
  default Optional<org.paceline.fencer.FencerService> fencer() {
    return Optional.empty();
  }

  /** Nothing running: for tests of the API alone and for nodes still starting. */
  static ClusterView none() {
    return new ClusterView() {
      @Override
      public Optional<RingStatus> ring() {
        return Optional.empty();
      }

      @Override
      public Optional<QuorumState> quorum() {
        return Optional.empty();
      }

      @Override
      public boolean setFaults(RingStatus.FaultSpec faults) {
        return false;
      }
    };
  }
}
