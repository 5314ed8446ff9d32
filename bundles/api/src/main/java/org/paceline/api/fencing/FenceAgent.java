package org.paceline.api.fencing;

import org.osgi.annotation.versioning.ConsumerType;
import org.paceline.api.agent.AgentMetadata;

/**
 * A fence agent: powers off, reboots or cuts off a cluster node through some device. A plugin
 * bundle registers one OSGi service of this type per agent it offers, with the service property
 * {@value #AGENT_PROPERTY} set to {@link #name()} (e.g. {@code fence_dummy}); configurations refer
 * to it as {@code stonith:NAME}.
 */
@ConsumerType
public interface FenceAgent {

  /** The service property that carries the agent's name. */
  String AGENT_PROPERTY = "paceline.fence.agent";

  /** The agent's name, e.g. {@code fence_ipmilan}, {@code fence_process}. */
  String name();

  /** The agent's meta-data: the device parameters it takes and the actions it supports. */
  AgentMetadata metadata();

  /**
   * Carries out one request. Blocks until done; the caller interrupts the thread when the timeout
   * expires.
   *
   * @throws InterruptedException if interrupted at the timeout
   */
  FenceResult execute(FenceRequest request) throws InterruptedException;
}
