package org.paceline.fencing.watchdog;

import java.time.Duration;
import java.util.List;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.agent.ParameterSpec;

/** The meta-data of {@value WatchdogFenceAgent#NAME}. */
final class WatchdogFenceMetadata {

  private WatchdogFenceMetadata() {}

  static final AgentMetadata METADATA =
      new AgentMetadata(
          WatchdogFenceAgent.NAME,
          "1.0",
          "Watchdog self-fencing: waits until a node cut off from quorum has halted itself",
          "Fencing without a power switch. Every node runs the watchdog plugin's self-fencing"
              + " component: when its partition loses quorum it starts a timer of half the"
              + " watchdog timeout; if quorum comes back first nothing happens, if its resources"
              + " have been stopped by then (no-quorum-policy) it stays up, and otherwise it kills"
              + " every process of the node and halts (and, when a hardware watchdog device is"
              + " configured, stops feeding it, so the machine resets). This device runs on the"
              + " quorate side: off and reboot wait the full watchdog timeout and then report the"
              + " target fenced, because by then it has halted itself if it still ran anything."
              + " They refuse a target that is in this node's partition (it keeps quorum and"
              + " would not halt), a request from a partition without quorum, the node the device"
              + " runs on, a watchdog timeout of 0, and a fencing timeout (fencing-timeout or"
              + " pcmk_off_timeout) not longer than the watchdog timeout; they fail if the target"
              + " comes back into the partition or the partition loses quorum during the wait, or"
              + " if the wait is interrupted. monitor checks the timeout. status reports a node in"
              + " this partition as on and any other as unknown (failure). list names every other"
              + " node of the nodelist; pcmk_host_list narrows it. on is not supported.\n"
              + "Watchdog fencing needs a partition that can keep quorum (three or more nodes, or"
              + " a tie breaker): with two_node both halves keep quorum and nobody self-fences."
              + " Without a hardware watchdog, a node whose Paceline process is frozen cannot halt"
              + " itself; configure the watchdog device (/dev/watchdog) where that matters.",
          List.of(
              new ParameterSpec(
                  WatchdogTimeouts.PARAMETER,
                  "string",
                  null,
                  false,
                  false,
                  "How long a node cut off from quorum may take to halt itself",
                  "A time such as 10s, 5000ms or 1min (a plain number means seconds). off and"
                      + " reboot wait this long before they report the target fenced; a node"
                      + " that loses quorum halts itself after half of the shortest watchdog"
                      + " timeout in the configuration. Unset: the cluster property "
                      + WatchdogTimeouts.PROPERTY
                      + " ("
                      + WatchdogTimeouts.NEW_PROPERTY
                      + "), else "
                      + WatchdogTimeouts.DEFAULT.toSeconds()
                      + "s. 0 is refused: it means watchdog fencing is disabled. Choose it well"
                      + " above twice the time the ring needs to notice a lost node (token plus"
                      + " consensus) plus the time to kill a node's processes, and keep"
                      + " fencing-timeout above it.")),
          List.of(
              ActionSpec.of("off", Duration.ofSeconds(60)),
              ActionSpec.of("reboot", Duration.ofSeconds(60)),
              ActionSpec.of("status", Duration.ofSeconds(10)),
              ActionSpec.of("list", Duration.ofSeconds(10)),
              ActionSpec.of("monitor", Duration.ofSeconds(10)),
              ActionSpec.of("metadata", Duration.ofSeconds(5))));
}
