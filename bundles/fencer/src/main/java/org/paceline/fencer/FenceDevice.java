package org.paceline.fencer;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceAgent;

/**
 * One configured fence device: a {@code stonith:TYPE} primitive, with the agent that carries out
 * its requests on this node.
 *
 * @param id the primitive's id
 * @param agentName the agent's name ({@code TYPE} of {@code stonith:TYPE})
 * @param params every configured parameter, as they go to the agent (the agent plugins drop the
 *     {@code pcmk_*} ones themselves, and read {@code pcmk_host_argument} and {@code
 *     pcmk_<action>_action})
 * @param enabled false when the device's {@code target-role} is {@code Stopped}
 * @param priority the {@code priority} meta-attribute (or parameter): without a topology, devices
 *     are tried from the highest priority down, then in configuration order
 * @param agent the agent, or {@code null} when no agent of that name is installed on this node
 * @param agentActions the actions the agent declares; empty when it declares none (then all are
 *     taken to be supported)
 * @param settings the typed {@code pcmk_*} parameters, or {@code null} when {@code problem} says
 *     why they could not be read
 * @param problem why the device cannot be used as configured, or {@code null}
 */
public record FenceDevice(
    String id,
    String agentName,
    Map<String, String> params,
    boolean enabled,
    int priority,
    FenceAgent agent,
    Set<String> agentActions,
    DeviceSettings settings,
    String problem) {

  public FenceDevice {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(agentName, "agentName");
    params = Map.copyOf(params);
    agentActions = Set.copyOf(agentActions);
    if ((settings == null) == (problem == null)) {
      throw new IllegalArgumentException("device '" + id + "' needs settings or a problem");
    }
  }

  /** The agent, when installed on this node. */
  public Optional<FenceAgent> installedAgent() {
    return Optional.ofNullable(agent);
  }

  /** Why the device's configuration cannot be used, if it cannot. */
  public Optional<String> configurationProblem() {
    return Optional.ofNullable(problem);
  }

  /** Whether the device is enabled, its settings valid and its agent installed. */
  public boolean usable() {
    return enabled && problem == null && agent != null;
  }

  /** The parameters meant for the agent itself: all but {@code pcmk_*} and {@code #...}. */
  public Map<String, String> agentParams() {
    Map<String, String> out = new TreeMap<>();
    params.forEach(
        (k, v) -> {
          if (!fencerParam(k)) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** The fencer's own parameters, {@code pcmk_*}. */
  public Map<String, String> fencerParams() {
    Map<String, String> out = new TreeMap<>();
    params.forEach(
        (k, v) -> {
          if (fencerParam(k)) {
            out.put(k, v);
          }
        });
    return out;
  }

  static boolean fencerParam(String key) {
    return key.toLowerCase(Locale.ROOT).startsWith("pcmk_") || key.startsWith("#");
  }

  /**
   * Whether the agent supports {@code action} (by its name as fence-agents spell it). An agent that
   * declares no actions supports them all.
   */
  public boolean supports(FenceAction action) {
    return agentActions.isEmpty() || agentActions.contains(action.agentName());
  }

  /**
   * The host check in effect: the configured one, or the default for this device (see {@link
   * HostCheck}).
   */
  public HostCheck hostCheck() {
    if (settings == null) {
      return HostCheck.NONE;
    }
    if (settings.hostCheck() != null) {
      return settings.hostCheck();
    }
    if (settings.hasStaticList()) {
      return HostCheck.STATIC_LIST;
    }
    if (supports(FenceAction.LIST)) {
      return HostCheck.DYNAMIC_LIST;
    }
    if (supports(FenceAction.STATUS)) {
      return HostCheck.STATUS;
    }
    return HostCheck.NONE;
  }

  /** The port to pass for {@code target}: its {@code pcmk_host_map} entry, or {@code null}. */
  public String portFor(String target) {
    return settings == null ? null : settings.mappedPort(target);
  }

  /** The timeout of {@code action}: {@code pcmk_<action>_timeout}, else {@code fencingTimeout}. */
  public Duration timeout(FenceAction action, Duration fencingTimeout) {
    return settings == null ? fencingTimeout : settings.timeout(action, fencingTimeout);
  }

  /**
   * How many times a failed {@code action} is tried again: {@code pcmk_<action>_retries}, else 2.
   */
  public int retries(FenceAction action) {
    return settings == null ? DeviceSettings.DEFAULT_RETRIES : settings.retries(action);
  }

  @Override
  public String toString() {
    return id + " (stonith:" + agentName + ")";
  }
}
