package org.paceline.api.ra;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.paceline.api.agent.AgentMetadata;

/**
 * A resource agent: starts, stops and monitors one kind of service. A plugin bundle registers one
 * OSGi service of this type per agent it offers, with the service property {@value #AGENT_PROPERTY}
 * set to {@link #id()}'s text.
 *
 * <p>Implementations must be safe to call from several threads for different resources at once. The
 * executor never runs two operations for the same resource at the same time.
 */
@ConsumerType
public interface ResourceAgent {

  /** The service property that carries the agent's {@code class:provider:type}. */
  String AGENT_PROPERTY = "paceline.agent";

  /** The agent's identity. */
  AgentId id();

  /** The agent's meta-data: parameters and supported actions. */
  AgentMetadata metadata();

  /**
   * Runs one operation and returns its result. Blocks until the agent answers; the executor
   * interrupts the thread at {@link OperationContext#deadline()}, after which the agent must stop
   * whatever it runs and return (or throw {@link InterruptedException}).
   *
   * @throws InterruptedException if interrupted at the deadline or on cancellation
   */
  OperationResult execute(OperationRequest request, OperationContext context)
      throws InterruptedException;

  /**
   * What is wrong with how this agent's service is set up on this node, as readable lines; for
   * example an LSB or systemd service that is also enabled to start at boot, so two managers would
   * start it. {@code ra info} and {@code configure verify} show these as warnings. The default is
   * none.
   */
  default List<String> warnings() {
    return List.of();
  }
}
