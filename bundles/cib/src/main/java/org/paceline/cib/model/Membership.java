package org.paceline.cib.model;

/** A node's membership as the status section records it ({@code node_state}). */
public enum Membership {
  /** In the ring's membership, but its controller has not (yet) joined. */
  MEMBER,
  /** In the membership and joined: resources may run here. */
  ONLINE,
  /** Cleanly out of the cluster: nothing runs there. */
  OFFLINE,
  /** Lost without a clean shutdown: its resources' state is unknown until it is fenced. */
  UNCLEAN
}
