package org.paceline.api.ra;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * Where and under what limits an operation runs, given by the executor to the agent.
 *
 * @param nodeName the local node's name ({@code OCF_RESKEY_CRM_meta_on_node})
 * @param stateDir a directory owned by the node where agents may keep state across restarts of the
 *     agent's bundle (but not across reboots, like {@code /run})
 * @param deadline when the operation's timeout expires; an agent that runs a child process must not
 *     outlive it, and the executor interrupts the calling thread at that moment
 */
public record OperationContext(String nodeName, Path stateDir, Instant deadline) {

  public OperationContext {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(deadline, "deadline");
  }
}
