package org.paceline.api.quorum;

import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/** The quorum bundle's service: the current quorum state and its changes, in ring view order. */
@ProviderType
public interface QuorumService {

  /** The state for the current ring view. */
  QuorumState current();

  /**
   * Adds a listener called with each new state (one per ring view, in view order), starting with
   * the current one.
   *
   * @return a handle that removes the listener when closed
   */
  AutoCloseable addListener(Consumer<QuorumState> listener);
}
