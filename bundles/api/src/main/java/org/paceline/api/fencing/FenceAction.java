package org.paceline.api.fencing;

import java.util.Arrays;
import java.util.Optional;

/** What a fence device can be asked to do, with the names fence-agents use. */
public enum FenceAction {
  /** Power the target off (or cut it off from shared resources). */
  OFF("off"),
  /** Power the target on (unfencing). */
  ON("on"),
  /** Power-cycle the target. */
  REBOOT("reboot"),
  /** Report whether the target is on (0), off (2) or unknown. */
  STATUS("status"),
  /** List the ports (targets) the device controls. */
  LIST("list"),
  /** Check that the device itself is reachable and working. */
  MONITOR("monitor");

  private final String agentName;

  FenceAction(String agentName) {
    this.agentName = agentName;
  }

  /** The action name as fence-agents spell it ({@code action=off} on stdin). */
  public String agentName() {
    return agentName;
  }

  /** Whether the action concerns one target node (as opposed to the device). */
  public boolean hasTarget() {
    return this == OFF || this == ON || this == REBOOT || this == STATUS;
  }

  /** The action spelled {@code name}; {@code poweroff} is read as off. */
  public static Optional<FenceAction> fromAgentName(String name) {
    if ("poweroff".equals(name)) {
      return Optional.of(OFF);
    }
    return Arrays.stream(values()).filter(a -> a.agentName.equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return agentName;
  }
}
