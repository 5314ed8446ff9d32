package org.paceline.fencer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.paceline.api.fencing.FenceAction;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.FencingLevel;
import org.paceline.cib.model.Node;

/**
 * In which order the fencer tries which devices to carry out one action on one node. A pure,
 * deterministic function of the configuration and the devices' declared actions.
 *
 * <p><b>With a topology for the target</b> ({@link Kind#TOPOLOGY}): the levels of the first
 * matching target, in index order. Targets match in this order: the node's name (ignoring case),
 * then target patterns and node attributes in the order their first level appears in the
 * configuration. A pattern is a regular expression searched in the node name (as POSIX {@code
 * regexec} does: anchor it with {@code ^...$} to match the whole name); an attribute target {@code
 * name=value} matches a node whose permanent attribute (in the configuration's {@code nodes})
 * {@code name} is {@code value}. A level succeeds when every device in it succeeds, in order; the
 * first failing device fails the level and the next level is tried. A device that cannot fence the
 * target (host check) fails its level.
 *
 * <p><b>Without a topology</b> ({@link Kind#DEVICES}): every enabled device, one per level, from
 * the highest {@code priority} down, then in configuration order; devices whose static host list or
 * map leaves the target out are left out of the plan, and devices checked dynamically are checked
 * when their turn comes. The first device that succeeds ends the plan.
 *
 * <p><b>Remapped reboots</b>, as Pacemaker does them: a device whose agent does not support {@code
 * reboot} but supports {@code off} is asked for {@code off}; a topology level with more than one
 * device reboots by turning every device {@code off} (all must succeed), then every device that
 * supports it {@code on} again (failures to turn on are recorded but do not fail the level).
 *
 * @param target the node to fence
 * @param action what to do to it ({@code reboot}, {@code off} or {@code on})
 * @param kind whether the plan follows a topology
 * @param topologyTarget the topology target that matched ({@code node n1}, {@code pattern ^n[12]$},
 *     {@code attribute rack=r1}), or {@code null} without a topology
 * @param levels the levels in the order they are tried
 */
public record FencingPlan(
    String target, FenceAction action, Kind kind, String topologyTarget, List<Level> levels) {

  /** Where the plan's levels come from. */
  public enum Kind {
    /** From the fencing topology. */
    TOPOLOGY,
    /** One level per capable device, without a topology. */
    DEVICES
  }

  /**
   * One level of the plan.
   *
   * @param index the level's index (topology) or position from 1 (devices)
   * @param id the topology level's id, or {@code null} without a topology
   * @param steps the device requests, in order
   */
  public record Level(int index, String id, List<Step> steps) {
    public Level {
      steps = List.copyOf(steps);
    }

    /** The devices of the level, in order, once each. */
    public List<String> devices() {
      return steps.stream().map(Step::deviceId).distinct().toList();
    }
  }

  /**
   * One request to one device.
   *
   * @param deviceId the device
   * @param action the action asked of it
   * @param required whether the level fails when this request fails (false only for the {@code on}
   *     half of a remapped reboot)
   */
  public record Step(String deviceId, FenceAction action, boolean required) {
    public Step {
      Objects.requireNonNull(deviceId, "deviceId");
      Objects.requireNonNull(action, "action");
    }
  }

  public FencingPlan {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(kind, "kind");
    levels = List.copyOf(levels);
  }

  /** Whether there is nothing to try: no device could fence the target. */
  public boolean isEmpty() {
    return levels.isEmpty();
  }

  /**
   * The plan to carry out {@code action} on {@code target}.
   *
   * @throws IllegalArgumentException if {@code action} is not reboot, off or on
   */
  public static FencingPlan build(
      Configuration config, Devices devices, String target, FenceAction action) {
    checkAction(action);
    Optional<Topology> topology = topologyFor(config, target);
    if (topology.isPresent()) {
      List<Level> levels = new ArrayList<>();
      for (FencingLevel l : topology.get().levels()) {
        levels.add(new Level(l.index(), l.id(), steps(l.devices(), devices, action)));
      }
      return new FencingPlan(target, action, Kind.TOPOLOGY, topology.get().describe(), levels);
    }
    List<Level> levels = new ArrayList<>();
    for (FenceDevice d : devices.byPriority()) {
      if (d.settings() != null
          && d.hostCheck() == HostCheck.STATIC_LIST
          && !d.settings().listed(target)) {
        continue;
      }
      levels.add(new Level(levels.size() + 1, null, steps(List.of(d.id()), devices, action)));
    }
    return new FencingPlan(target, action, Kind.DEVICES, null, levels);
  }

  static void checkAction(FenceAction action) {
    if (action != FenceAction.REBOOT && action != FenceAction.OFF && action != FenceAction.ON) {
      throw new IllegalArgumentException(
          "a node can be fenced with reboot, off or on, not '" + action + "'");
    }
  }

  private static List<Step> steps(List<String> ids, Devices devices, FenceAction action) {
    List<Step> steps = new ArrayList<>();
    if (action == FenceAction.REBOOT && ids.size() > 1) {
      ids.forEach(id -> steps.add(new Step(id, FenceAction.OFF, true)));
      for (String id : ids) {
        boolean canOn = devices.device(id).map(d -> d.supports(FenceAction.ON)).orElse(false);
        if (canOn) {
          steps.add(new Step(id, FenceAction.ON, false));
        }
      }
      return steps;
    }
    for (String id : ids) {
      FenceAction a = action;
      if (action == FenceAction.REBOOT) {
        Optional<FenceDevice> d = devices.device(id);
        if (d.isPresent()
            && !d.get().supports(FenceAction.REBOOT)
            && d.get().supports(FenceAction.OFF)) {
          a = FenceAction.OFF;
        }
      }
      steps.add(new Step(id, a, true));
    }
    return steps;
  }

  /** The levels of one topology target, in index order. */
  private record Topology(String describe, List<FencingLevel> levels) {}

  private static Optional<Topology> topologyFor(Configuration config, String target) {
    Map<String, List<FencingLevel>> byTarget = new LinkedHashMap<>();
    for (FencingLevel l : config.fencingTopology()) {
      byTarget.computeIfAbsent(describe(l), k -> new ArrayList<>()).add(l);
    }
    Optional<Node> node =
        config.nodes().stream().filter(n -> n.uname().equalsIgnoreCase(target)).findFirst();
    String chosen = null;
    for (Map.Entry<String, List<FencingLevel>> e : byTarget.entrySet()) {
      FencingLevel first = e.getValue().get(0);
      if (first.target() != null && first.target().equalsIgnoreCase(target)) {
        chosen = e.getKey();
        break;
      }
    }
    if (chosen == null) {
      for (Map.Entry<String, List<FencingLevel>> e : byTarget.entrySet()) {
        if (matchesIndirectly(e.getValue().get(0), target, node)) {
          chosen = e.getKey();
          break;
        }
      }
    }
    if (chosen == null) {
      return Optional.empty();
    }
    List<FencingLevel> levels = new ArrayList<>(byTarget.get(chosen));
    levels.sort(Comparator.comparingInt(FencingLevel::index));
    return Optional.of(new Topology(chosen, levels));
  }

  private static boolean matchesIndirectly(FencingLevel l, String target, Optional<Node> node) {
    if (l.targetPattern() != null) {
      return Pattern.compile(l.targetPattern()).matcher(target).find();
    }
    if (l.targetAttribute() != null) {
      return node.map(n -> l.targetValue().equals(n.attributes().get(l.targetAttribute())))
          .orElse(false);
    }
    return false;
  }

  private static String describe(FencingLevel l) {
    if (l.target() != null) {
      return "node " + l.target();
    }
    if (l.targetPattern() != null) {
      return "pattern " + l.targetPattern();
    }
    return "attribute " + l.targetAttribute() + "=" + l.targetValue();
  }

  /** The plan in a few lines: one per level, its devices and actions. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(action).append(" of ").append(target);
    sb.append(kind == Kind.TOPOLOGY ? " by topology (" + topologyTarget + ")" : " by device");
    if (levels.isEmpty()) {
      sb.append(": no device can fence it");
    }
    for (Level l : levels) {
      sb.append("\n  level ").append(l.index());
      if (l.id() != null) {
        sb.append(" (").append(l.id()).append(')');
      }
      sb.append(':');
      for (Step s : l.steps()) {
        sb.append(' ').append(s.deviceId()).append('/').append(s.action());
        if (!s.required()) {
          sb.append("(optional)");
        }
      }
    }
    return sb.toString();
  }
}
