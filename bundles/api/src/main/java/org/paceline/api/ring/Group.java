package org.paceline.api.ring;

import org.osgi.annotation.versioning.ProviderType;

/** This node's membership of one process group. */
@ProviderType
public interface Group extends AutoCloseable {

  /** The group's name. */
  String name();

  /**
   * Sends {@code message} to every member of the group (this node included), in agreed order.
   * Returns once the message is queued; delivery follows on the listener.
   *
   * @throws MessageTooLargeException if the message is larger than {@link
   *     GroupChannel#maxMessageSize()}
   * @throws IllegalStateException if the group was left
   */
  void send(byte[] message) throws MessageTooLargeException;

  /** Leaves the group; the other members see a view without this node. */
  @Override
  void close();
}
