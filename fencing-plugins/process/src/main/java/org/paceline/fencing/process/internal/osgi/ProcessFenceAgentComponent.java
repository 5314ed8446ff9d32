package org.paceline.fencing.process.internal.osgi;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.fencing.process.ProcessFenceAgent;
import org.paceline.ra.script.CommandRunner;

/**
 * Registers {@link ProcessFenceAgent} as the fence agent {@value ProcessFenceAgent#NAME}. The local
 * node's name (which the agent refuses to fence) is the framework property {@value #NODE_PROPERTY}
 * the launcher sets.
 */
@Component(
    service = FenceAgent.class,
    property = FenceAgent.AGENT_PROPERTY + "=" + ProcessFenceAgent.NAME)
public final class ProcessFenceAgentComponent extends ProcessFenceAgent {

  /** The framework property with this node's name. */
  static final String NODE_PROPERTY = "paceline.node";

  /** The agent for the node this framework runs. */
  @Activate
  public ProcessFenceAgentComponent(BundleContext context) {
    super(context.getProperty(NODE_PROPERTY), new CommandRunner());
  }
}
