package org.paceline.fencing.external;

import java.util.Objects;
import org.paceline.api.agent.AgentMetadata;

/**
 * A fence agent's meta-data: the common agent model plus what only fence agents declare.
 *
 * @param agent parameters and actions in the common model
 * @param automaticUnfencing the {@code on} action is marked {@code automatic="1"}: a node must be
 *     unfenced ({@code on}) through this device before it may run resources (fence_scsi,
 *     fence_mpath)
 * @param unfenceOnTarget the {@code on} action is marked {@code on_target="1"}: it must run on the
 *     node being unfenced, not on another node
 */
public record FenceMetadata(
    AgentMetadata agent, boolean automaticUnfencing, boolean unfenceOnTarget) {

  /** The parameter through which fence-agents take the target's port. */
  public static final String PLUG = "plug";

  /** The older name of {@link #PLUG}, which Pacemaker passes when the agent has no plug. */
  public static final String PORT = "port";

  public FenceMetadata {
    Objects.requireNonNull(agent, "agent");
  }

  /**
   * The parameter that names the target when nothing else is configured: {@code plug} if the agent
   * declares it, else {@code port} (Pacemaker's default for {@code pcmk_host_argument}).
   */
  public String defaultHostArgument() {
    return agent.parameter(PLUG).isPresent() ? PLUG : PORT;
  }

  /** Whether the agent declares the action {@code name} ({@code off}, {@code list}, ...). */
  public boolean supports(String name) {
    return agent.supports(name);
  }
}
