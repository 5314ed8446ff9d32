package org.paceline.api.ring;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a group's messages and view changes, in the same order on every member. Called from one
 * delivery thread per group member; must not block for long.
 */
@ConsumerType
public interface GroupListener {

  /** The group's membership changed. Called before any message of the new view. */
  void viewChanged(GroupView view);

  /**
   * A message sent to the group, in agreed order (the same order on every member, the sender
   * included).
   *
   * @param sender the node id of the sender
   * @param message the message as sent
   */
  void deliver(int sender, byte[] message);
}
