package org.paceline.ra.systemd;

import java.util.Optional;
import java.util.function.Supplier;
import org.paceline.api.ra.AgentClass;

/** The {@code systemd} agent class on this node: available only where systemd is PID 1. */
public final class SystemdAgentClass implements AgentClass {

  /** The class name. */
  public static final String STANDARD = "systemd";

  private final Supplier<Optional<String>> reason;

  /**
   * The class on {@code host}: available while {@link SystemdHost#unavailableReason()} is empty.
   */
  public SystemdAgentClass(SystemdHost host) {
    this.reason = host::unavailableReason;
  }

  private SystemdAgentClass(String reason) {
    Optional<String> fixed = Optional.of(reason);
    this.reason = () -> fixed;
  }

  /** The class where it can never run, for {@code reason}. */
  public static SystemdAgentClass unavailable(String reason) {
    return new SystemdAgentClass(reason);
  }

  @Override
  public String standard() {
    return STANDARD;
  }

  @Override
  public Optional<String> unavailableReason() {
    return reason.get();
  }

  @Override
  public String toString() {
    return "AgentClass["
        + STANDARD
        + unavailableReason().map(r -> ", unavailable: " + r).orElse("")
        + "]";
  }
}
