package org.paceline.api.ring;

import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The ring's group-messaging service (like Corosync's CPG): join a named group, send messages
 * delivered in agreed order to every member, and see the group's membership change in the same
 * order everywhere. Registered as an OSGi service by the ring bundle.
 */
@ProviderType
public interface GroupChannel {

  /** This node's id in the nodelist. */
  int localNodeId();

  /** The ring view this node is in now. */
  RingView currentView();

  /** The largest message {@link Group#send} accepts (1 MiB). */
  int maxMessageSize();

  /**
   * Joins group {@code name}. The listener first sees a view containing this node, then the group's
   * messages sent after it joined.
   *
   * @throws IllegalStateException if this node already joined {@code name}
   */
  Group join(String name, GroupListener listener);

  /**
   * Adds a listener for ring views; it is called with every new view, in order, from the ring's
   * delivery thread, starting with the current one.
   *
   * @return a handle that removes the listener when closed
   */
  AutoCloseable addViewListener(Consumer<RingView> listener);
}
