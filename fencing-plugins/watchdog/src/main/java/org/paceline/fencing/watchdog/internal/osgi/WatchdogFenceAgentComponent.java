package org.paceline.fencing.watchdog.internal.osgi;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.api.quorum.QuorumService;
import org.paceline.cib.service.CibService;
import org.paceline.fencing.watchdog.WatchdogFenceAgent;
import org.paceline.fencing.watchdog.WatchdogTimeouts;

/**
 * Registers {@link WatchdogFenceAgent} as the fence agent {@value WatchdogFenceAgent#NAME}: the
 * timeout property comes from this node's CIB replica, the partition from the quorum service.
 */
@Component(
    service = FenceAgent.class,
    property = FenceAgent.AGENT_PROPERTY + "=" + WatchdogFenceAgent.NAME)
public final class WatchdogFenceAgentComponent extends WatchdogFenceAgent {

  /** The agent for the node this framework runs. */
  @Activate
  public WatchdogFenceAgentComponent(
      @Reference(name = "config") NodeConfiguration config,
      @Reference(name = "quorum") QuorumService quorum,
      @Reference(name = "cib") CibService cib) {
    super(
        config.node().name(),
        config.cluster().nodes().stream().map(ClusterNode::name).toList(),
        () -> WatchdogTimeouts.property(cib.current().configuration()),
        () -> Partitions.view(config.cluster().nodes(), quorum.current()));
  }
}
