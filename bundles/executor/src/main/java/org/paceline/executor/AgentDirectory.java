package org.paceline.executor;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ResourceAgent;

/**
 * The resource agents installed on this node right now. Plugin bundles come and go, so an answer is
 * only true at the moment it is given; the executor asks again each time an operation is about to
 * run. Implementations must be safe for concurrent use.
 */
@ConsumerType
public interface AgentDirectory {

  /** The agent registered for {@code id}, or empty if none is installed. */
  Optional<ResourceAgent> find(AgentId id);

  /** The ids of all installed agents, sorted, each once. */
  List<AgentId> list();
}
