package org.paceline.ra.systemd;

import java.time.Duration;
import java.util.List;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;

/**
 * The meta-data of a {@code systemd:<unit>} agent. A unit has no parameters and no meta-data of its
 * own, so it is made up the way Pacemaker does for systemd resources: no parameters; start, stop
 * and monitor with a 100 s timeout (systemd's own start/stop timeouts default to 90 s, so 100 s
 * lets systemd give up first and report why), monitor every 60 s, meta-data 5 s. The unit file's
 * {@code Description=} is the long description.
 */
public final class SystemdMetadata {

  /** Default timeout of start, stop and monitor. */
  public static final Duration ACTION_TIMEOUT = Duration.ofSeconds(100);

  /** Default interval of the recurring monitor. */
  public static final Duration MONITOR_INTERVAL = Duration.ofSeconds(60);

  private SystemdMetadata() {}

  /** The meta-data for {@code unit}, whose unit file says {@code description} (may be empty). */
  public static AgentMetadata of(UnitName unit, String description) {
    String shortDescription = "systemd unit file for " + unit.agentType();
    return new AgentMetadata(
        unit.agentType(),
        "1.0",
        shortDescription,
        description == null || description.isBlank() ? shortDescription : description.strip(),
        List.of(),
        List.of(
            ActionSpec.of("start", ACTION_TIMEOUT),
            ActionSpec.of("stop", ACTION_TIMEOUT),
            new ActionSpec("monitor", ACTION_TIMEOUT, MONITOR_INTERVAL, 0, null),
            ActionSpec.of("meta-data", Duration.ofSeconds(5))));
  }
}
