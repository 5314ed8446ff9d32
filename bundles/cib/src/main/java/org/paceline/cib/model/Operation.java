package org.paceline.cib.model;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A configured resource operation ({@code <op>}).
 *
 * @param name the action: {@code start}, {@code stop}, {@code monitor}, {@code promote}, ...
 * @param interval how often a recurring action runs; zero for a one-shot action
 * @param timeout how long the action may take, or {@code null} to use op_defaults
 * @param role the role a monitor applies to, or {@code null} for any role
 * @param onFail the {@code on-fail} policy, or {@code null} for the default
 * @param enabled {@code false} disables the operation (Pacemaker's {@code enabled=false})
 * @param extra any other attributes (for example {@code record-pending}, {@code start-delay})
 * @param params instance attributes passed to the agent for this operation only (for example {@code
 *     OCF_CHECK_LEVEL})
 */
public record Operation(
    String name,
    Duration interval,
    Duration timeout,
    Role role,
    OnFail onFail,
    boolean enabled,
    Map<String, String> extra,
    Map<String, String> params) {

  private static final Set<String> TYPED =
      Set.of("name", "interval", "timeout", "role", "on-fail", "enabled", "id");

  /** Pacemaker's {@code on-fail} policies. */
  public enum OnFail {
    IGNORE("ignore"),
    BLOCK("block"),
    DEMOTE("demote"),
    STOP("stop"),
    RESTART("restart"),
    STANDBY("standby"),
    FENCE("fence"),
    RESTART_CONTAINER("restart-container");

    private final String text;

    OnFail(String text) {
      this.text = text;
    }

    public static OnFail parse(String text) {
      for (OnFail f : values()) {
        if (f.text.equalsIgnoreCase(text == null ? "" : text.trim())) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "unknown on-fail '"
              + text
              + "': expected ignore, block, demote, stop, restart, standby, fence or"
              + " restart-container");
    }

    @Override
    public String toString() {
      return text;
    }
  }

  public Operation {
    Checks.nonBlank(name, "operation name");
    interval = interval == null ? Duration.ZERO : interval;
    if (interval.isNegative()) {
      throw new IllegalArgumentException(
          "operation '" + name + "' interval must not be negative, got " + interval);
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException(
          "operation '" + name + "' timeout must be positive, got " + timeout);
    }
    extra = Checks.attributes(extra, "operation '" + name + "'");
    params = Checks.attributes(params, "operation '" + name + "' params");
    for (String key : extra.keySet()) {
      if (TYPED.contains(key)) {
        throw new IllegalArgumentException(
            "operation '" + name + "' attribute '" + key + "' belongs in its typed field");
      }
    }
  }

  /** An operation without per-operation params. */
  public Operation(
      String name,
      Duration interval,
      Duration timeout,
      Role role,
      OnFail onFail,
      boolean enabled,
      Map<String, String> extra) {
    this(name, interval, timeout, role, onFail, enabled, extra, Map.of());
  }

  /** A simple enabled operation with a timeout and nothing else. */
  public static Operation of(String name, Duration interval, Duration timeout) {
    return new Operation(name, interval, timeout, null, null, true, Map.of(), Map.of());
  }

  public boolean recurring() {
    return !interval.isZero();
  }

  public Optional<Role> roleOpt() {
    return Optional.ofNullable(role);
  }

  /** The key Pacemaker uses for this operation of {@code rsc}: {@code RSC_NAME_INTERVALMS}. */
  public String key(String rsc) {
    return rsc + "_" + name + "_" + interval.toMillis();
  }
}
