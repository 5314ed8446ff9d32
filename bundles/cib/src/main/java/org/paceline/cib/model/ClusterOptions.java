package org.paceline.cib.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed cluster options over the {@code crm_config} properties, with Pacemaker's defaults. Both
 * Pacemaker 3 names ({@code fencing-enabled}, {@code fencing-action}, {@code fencing-timeout}) and
 * the older {@code stonith-*} names are read; the newer name wins when both are set. A malformed
 * value fails with an {@link IllegalArgumentException} naming the option.
 *
 * @param properties the cluster properties
 */
public record ClusterOptions(Map<String, String> properties) {

  /** Older option names and the Pacemaker 3 names that replace them. */
  public static final Map<String, String> RENAMED =
      Map.of(
          "stonith-enabled", "fencing-enabled",
          "stonith-action", "fencing-action",
          "stonith-timeout", "fencing-timeout",
          "stonith-watchdog-timeout", "fencing-watchdog-timeout");

  /** What to do without quorum ({@code no-quorum-policy}). */
  public enum NoQuorumPolicy {
    STOP,
    FREEZE,
    IGNORE,
    DEMOTE,
    /**
     * Fence the nodes of the partition itself ({@code suicide}; Pacemaker 3 also {@code fence}).
     */
    FENCE;

    public static NoQuorumPolicy parse(String text) {
      return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
        case "stop" -> STOP;
        case "freeze" -> FREEZE;
        case "ignore" -> IGNORE;
        case "demote" -> DEMOTE;
        case "suicide", "fence" -> FENCE;
        default ->
            throw new IllegalArgumentException(
                "no-quorum-policy '"
                    + text
                    + "' is not one of stop, freeze, ignore, demote, suicide, fence");
      };
    }
  }

  /** How resources are placed with respect to utilization ({@code placement-strategy}). */
  public enum PlacementStrategy {
    DEFAULT,
    UTILIZATION,
    MINIMAL,
    BALANCED;

    public static PlacementStrategy parse(String text) {
      return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
        case "default" -> DEFAULT;
        case "utilization" -> UTILIZATION;
        case "minimal" -> MINIMAL;
        case "balanced" -> BALANCED;
        default ->
            throw new IllegalArgumentException(
                "placement-strategy '"
                    + text
                    + "' is not one of default, utilization, minimal, balanced");
      };
    }
  }

  /** What fencing does to a node ({@code fencing-action}). */
  public enum FencingAction {
    REBOOT,
    OFF;

    public static FencingAction parse(String text) {
      return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
        case "reboot" -> REBOOT;
        case "off", "poweroff" -> OFF;
        default ->
            throw new IllegalArgumentException(
                "fencing-action '" + text + "' is not one of reboot, off");
      };
    }
  }

  public ClusterOptions {
    properties = Checks.attributes(properties, "cluster options");
  }

  private Optional<String> get(String name) {
    String v = properties.get(name);
    if (v == null) {
      for (Map.Entry<String, String> e : RENAMED.entrySet()) {
        if (e.getValue().equals(name)) {
          v = properties.get(e.getKey());
        }
      }
    }
    return Optional.ofNullable(v);
  }

  private boolean bool(String name, boolean dflt) {
    return get(name).map(v -> Checks.bool(v, name)).orElse(dflt);
  }

  private Duration duration(String name, Duration dflt) {
    return get(name).map(v -> PacemakerDurations.parse(v, name)).orElse(dflt);
  }

  private int integer(String name, int dflt) {
    return get(name)
        .map(
            v -> {
              try {
                return Integer.parseInt(v.trim());
              } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " '" + v + "' is not an integer", e);
              }
            })
        .orElse(dflt);
  }

  /** {@code fencing-enabled} (or {@code stonith-enabled}), default true. */
  public boolean fencingEnabled() {
    return bool("fencing-enabled", true);
  }

  /** {@code fencing-action} (or {@code stonith-action}), default reboot. */
  public FencingAction fencingAction() {
    return get("fencing-action").map(FencingAction::parse).orElse(FencingAction.REBOOT);
  }

  /** {@code fencing-timeout} (or {@code stonith-timeout}), default 60 s. */
  public Duration fencingTimeout() {
    return duration("fencing-timeout", Duration.ofSeconds(60));
  }

  /** {@code no-quorum-policy}, default stop. */
  public NoQuorumPolicy noQuorumPolicy() {
    return get("no-quorum-policy").map(NoQuorumPolicy::parse).orElse(NoQuorumPolicy.STOP);
  }

  /** {@code symmetric-cluster}: resources may run anywhere unless constrained; default true. */
  public boolean symmetricCluster() {
    return bool("symmetric-cluster", true);
  }

  /** {@code start-failure-is-fatal}: a failed start bans the node; default true. */
  public boolean startFailureIsFatal() {
    return bool("start-failure-is-fatal", true);
  }

  /** {@code cluster-recheck-interval}, default 15 minutes. */
  public Duration clusterRecheckInterval() {
    return duration("cluster-recheck-interval", Duration.ofMinutes(15));
  }

  /** {@code placement-strategy}, default {@code default}. */
  public PlacementStrategy placementStrategy() {
    return get("placement-strategy")
        .map(PlacementStrategy::parse)
        .orElse(PlacementStrategy.DEFAULT);
  }

  /** {@code maintenance-mode}: manage nothing; default false. */
  public boolean maintenanceMode() {
    return bool("maintenance-mode", false);
  }

  /** {@code stop-all-resources}, default false. */
  public boolean stopAllResources() {
    return bool("stop-all-resources", false);
  }

  /** {@code stop-orphan-resources}: stop resources no longer configured; default true. */
  public boolean stopOrphanResources() {
    return bool("stop-orphan-resources", true);
  }

  /**
   * {@code stop-orphan-actions}: cancel recurring operations no longer configured; default true.
   */
  public boolean stopOrphanActions() {
    return bool("stop-orphan-actions", true);
  }

  /** {@code enable-startup-probes}, default true. */
  public boolean enableStartupProbes() {
    return bool("enable-startup-probes", true);
  }

  /** {@code startup-fencing}: fence nodes not seen since startup; default true. */
  public boolean startupFencing() {
    return bool("startup-fencing", true);
  }

  /** {@code shutdown-lock}, default false. */
  public boolean shutdownLock() {
    return bool("shutdown-lock", false);
  }

  /** {@code shutdown-lock-limit}, default 0 (no limit). */
  public Duration shutdownLockLimit() {
    return duration("shutdown-lock-limit", Duration.ZERO);
  }

  /** {@code priority-fencing-delay}, default 0. */
  public Duration priorityFencingDelay() {
    return duration("priority-fencing-delay", Duration.ZERO);
  }

  /** {@code cluster-delay}: allowance for network delay in actions; default 60 s. */
  public Duration clusterDelay() {
    return duration("cluster-delay", Duration.ofSeconds(60));
  }

  /** {@code batch-limit}: actions in flight at once, 0 for no limit; default 0. */
  public int batchLimit() {
    return integer("batch-limit", 0);
  }

  /** {@code migration-limit}: parallel live migrations per node, -1 for no limit; default -1. */
  public int migrationLimit() {
    return integer("migration-limit", -1);
  }

  /** {@code dc-deadtime}, default 20 s. */
  public Duration dcDeadtime() {
    return duration("dc-deadtime", Duration.ofSeconds(20));
  }

  /** {@code node-health-strategy}, default {@code none}. */
  public String nodeHealthStrategy() {
    return get("node-health-strategy").orElse("none");
  }

  /** {@code cluster-name}, if set. */
  public Optional<String> clusterName() {
    return get("cluster-name");
  }

  /** Any option by name, reading the older name of a renamed option too. */
  public Optional<String> option(String name) {
    return get(name);
  }
}
