package org.paceline.api.ra;

import java.util.Arrays;
import java.util.Optional;

/** The actions of an OCF 1.1 resource agent, with the names agents and configurations use. */
public enum AgentAction {
  START("start"),
  STOP("stop"),
  MONITOR("monitor"),
  PROMOTE("promote"),
  DEMOTE("demote"),
  NOTIFY("notify"),
  RELOAD("reload"),
  RELOAD_AGENT("reload-agent"),
  MIGRATE_TO("migrate_to"),
  MIGRATE_FROM("migrate_from"),
  META_DATA("meta-data"),
  VALIDATE_ALL("validate-all");

  private final String ocfName;

  AgentAction(String ocfName) {
    this.ocfName = ocfName;
  }

  /** The name as the OCF standard and the configuration spell it. */
  public String ocfName() {
    return ocfName;
  }

  /** The action whose OCF name is {@code name}. */
  public static Optional<AgentAction> fromOcfName(String name) {
    return Arrays.stream(values()).filter(a -> a.ocfName.equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return ocfName;
  }
}
