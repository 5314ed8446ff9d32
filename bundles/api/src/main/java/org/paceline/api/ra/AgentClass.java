package org.paceline.api.ra;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One agent class a plugin bundle offers on this node ({@code ocf}, {@code lsb}, {@code systemd},
 * ...), registered as an OSGi service by the plugin next to its {@link ResourceAgent}s, so {@code
 * ra list} can say that a class exists but cannot run here, and why.
 */
@ConsumerType
public interface AgentClass {

  /** The class name, e.g. {@code systemd}; the first part of an {@link AgentId}. */
  String standard();

  /**
   * Why no agent of this class can run on this node (e.g. "systemd is not PID 1 here (PID 1 is
   * 'init')"), or empty when the class is available.
   */
  Optional<String> unavailableReason();
}
