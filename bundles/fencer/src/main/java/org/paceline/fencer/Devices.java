package org.paceline.fencer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Primitive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fence devices of one configuration, as this node sees them: every {@code stonith:TYPE}
 * primitive (at any depth), in configuration order, each with its agent if installed. A device
 * whose {@code pcmk_*} parameters are malformed is kept, with its {@link FenceDevice#problem()
 * problem}, so a fencing attempt can say why it cannot use it; one bad device never hides the
 * others.
 *
 * <p>Building a snapshot asks each installed agent for its {@link FenceAgent#metadata() meta-data}
 * (which actions it supports), which may block for as long as the agent plugin allows.
 *
 * @param devices the devices in configuration order
 * @param fencingTimeout the cluster's {@code fencing-timeout} ({@code stonith-timeout})
 * @param warnings things worth telling the operator (unknown {@code pcmk_*} parameters)
 */
public record Devices(List<FenceDevice> devices, Duration fencingTimeout, List<String> warnings) {

  private static final Logger LOG = LoggerFactory.getLogger(Devices.class);

  public Devices {
    devices = List.copyOf(devices);
    warnings = List.copyOf(warnings);
    Set<String> ids = new HashSet<>();
    for (FenceDevice d : devices) {
      if (!ids.add(d.id())) {
        throw new IllegalArgumentException("two fence devices with id '" + d.id() + "'");
      }
    }
  }

  /**
   * The devices of {@code config}.
   *
   * @throws IllegalArgumentException if the cluster's {@code fencing-timeout} is malformed
   */
  public static Devices from(Configuration config, FenceAgentLookup agents) {
    Duration fencingTimeout = config.clusterOptions().fencingTimeout();
    if (fencingTimeout.isZero()) {
      throw new IllegalArgumentException("fencing-timeout must be more than 0");
    }
    List<FenceDevice> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Primitive p : config.primitives()) {
      if (!p.fencingDevice()) {
        continue;
      }
      Map<String, String> meta = config.effectiveMeta(p.id());
      out.add(device(p, meta, agents, warnings));
    }
    return new Devices(out, fencingTimeout, warnings);
  }

  private static FenceDevice device(
      Primitive p, Map<String, String> meta, FenceAgentLookup agents, List<String> warnings) {
    String name = p.agent().type();
    Map<String, String> params = new LinkedHashMap<>(p.params());
    for (String key : params.keySet()) {
      if (FenceDevice.fencerParam(key)
          && key.startsWith("pcmk_")
          && !DeviceSettings.KNOWN.contains(key)) {
        warnings.add("fence device '" + p.id() + "' has unknown parameter '" + key + "'");
      }
    }
    boolean enabled = !"stopped".equalsIgnoreCase(meta.getOrDefault("target-role", "").strip());
    String problem = null;
    DeviceSettings settings = null;
    int priority = 0;
    try {
      settings = DeviceSettings.parse(params);
      String prio = meta.getOrDefault("priority", params.get("priority"));
      if (prio != null && !prio.isBlank()) {
        try {
          priority = Integer.parseInt(prio.strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("priority '" + prio + "' is not an integer", e);
        }
      }
    } catch (IllegalArgumentException e) {
      problem = "fence device '" + p.id() + "': " + e.getMessage();
      settings = null;
    }
    FenceAgent agent = agents.agent(name).orElse(null);
    Set<String> actions = agent == null ? Set.of() : actions(agent, p.id());
    return new FenceDevice(
        p.id(), name, params, enabled, priority, agent, actions, settings, problem);
  }

  private static Set<String> actions(FenceAgent agent, String device) {
    try {
      AgentMetadata md = agent.metadata();
      Set<String> out = new HashSet<>();
      if (md != null) {
        for (ActionSpec a : md.actions()) {
          out.add(a.name());
        }
      }
      return out;
    } catch (RuntimeException e) {
      LOG.warn(
          "fence device {}: agent {} gave no meta-data, taking every action as supported: {}",
          device,
          agent.name(),
          e.toString());
      return Set.of();
    }
  }

  /** The device with this id. */
  public Optional<FenceDevice> device(String id) {
    return devices.stream().filter(d -> d.id().equals(id)).findFirst();
  }

  /**
   * The enabled devices in the order they are tried without a topology: highest priority first,
   * then in configuration order.
   */
  public List<FenceDevice> byPriority() {
    return devices.stream()
        .filter(FenceDevice::enabled)
        .sorted(Comparator.comparingInt(FenceDevice::priority).reversed())
        .toList();
  }
}
