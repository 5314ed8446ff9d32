package org.paceline.api.ring;

import org.osgi.annotation.versioning.ProviderType;

/** Diagnostics and fault injection of the local node's ring, registered by the ring bundle. */
@ProviderType
public interface RingControl {

  /** The ring's state now. */
  RingStatus status();

  /**
   * Replaces the fault injection in force on this node's ring traffic. Cutting links on both sides
   * of a partition (each side cuts the other's node ids) splits a cluster of real processes.
   */
  void setFaults(RingStatus.FaultSpec faults);
}
