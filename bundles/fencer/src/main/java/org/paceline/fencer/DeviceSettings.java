package org.paceline.fencer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.HostMap;
import org.paceline.cib.model.PacemakerDurations;

/**
 * A fence device's own settings for the fencer: its {@code pcmk_*} parameters, typed. Parameters
 * the fencer leaves to the agent plugin ({@code pcmk_host_argument}, {@code pcmk_<action>_action})
 * are kept in the device's parameters only.
 *
 * @param hostList {@code pcmk_host_list}: the nodes the device can fence (blank, comma or semicolon
 *     separated)
 * @param hostMap {@code pcmk_host_map}: node to port
 * @param hostCheck {@code pcmk_host_check}, or {@code null} for the default ({@link HostCheck})
 * @param delayBase {@code pcmk_delay_base} when given as one time for every node, else zero
 * @param delayBaseByNode {@code pcmk_delay_base} when given as a node map ({@code n1:0s;n2:5s})
 * @param delayMax {@code pcmk_delay_max}: the upper bound of the random delay, zero for none
 * @param timeouts {@code pcmk_<action>_timeout} per action, where configured
 * @param retries {@code pcmk_<action>_retries} per action, where configured
 * @param actionLimit {@code pcmk_action_limit}: actions the device may run at once, -1 for no limit
 */
public record DeviceSettings(
    List<String> hostList,
    HostMap hostMap,
    HostCheck hostCheck,
    Duration delayBase,
    Map<String, Duration> delayBaseByNode,
    Duration delayMax,
    Map<FenceAction, Duration> timeouts,
    Map<FenceAction, Integer> retries,
    int actionLimit) {

  /** Retries of an action when {@code pcmk_<action>_retries} is not set. */
  public static final int DEFAULT_RETRIES = 2;

  private static final String[] TIMED = {"reboot", "off", "on", "list", "monitor", "status"};

  /** The {@code pcmk_*} parameters the fencer or the agent plugins understand. */
  public static final Set<String> KNOWN = known();

  public DeviceSettings {
    hostList = List.copyOf(hostList);
    hostMap = hostMap == null ? HostMap.empty() : hostMap;
    delayBase = delayBase == null ? Duration.ZERO : delayBase;
    delayBaseByNode = Collections.unmodifiableMap(new LinkedHashMap<>(delayBaseByNode));
    delayMax = delayMax == null ? Duration.ZERO : delayMax;
    timeouts = Collections.unmodifiableMap(copy(timeouts));
    retries = Collections.unmodifiableMap(copy(retries));
  }

  private static <V> Map<FenceAction, V> copy(Map<FenceAction, V> in) {
    Map<FenceAction, V> out = new EnumMap<>(FenceAction.class);
    out.putAll(in);
    return out;
  }

  private static Set<String> known() {
    List<String> names =
        new ArrayList<>(
            List.of(
                "pcmk_host_map",
                "pcmk_host_list",
                "pcmk_host_check",
                "pcmk_host_argument",
                "pcmk_delay_base",
                "pcmk_delay_max",
                "pcmk_action_limit"));
    for (String a : TIMED) {
      names.add("pcmk_" + a + "_action");
      names.add("pcmk_" + a + "_timeout");
      names.add("pcmk_" + a + "_retries");
    }
    return Set.copyOf(names);
  }

  /**
   * Reads the {@code pcmk_*} parameters of a device.
   *
   * @throws IllegalArgumentException naming the parameter whose value is malformed
   */
  public static DeviceSettings parse(Map<String, String> params) {
    List<String> hostList = splitList(params.get("pcmk_host_list"));
    HostMap hostMap;
    try {
      hostMap = HostMap.parse(params.get("pcmk_host_map"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pcmk_host_map: " + e.getMessage(), e);
    }
    String check = params.get("pcmk_host_check");
    HostCheck hostCheck = check == null || check.isBlank() ? null : HostCheck.parse(check);
    Duration delayBase = Duration.ZERO;
    Map<String, Duration> delayBaseByNode = new LinkedHashMap<>();
    String base = params.get("pcmk_delay_base");
    if (base != null && !base.isBlank()) {
      if (base.indexOf(':') >= 0 || base.indexOf('=') >= 0) {
        HostMap perNode;
        try {
          perNode = HostMap.parse(base);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("pcmk_delay_base: " + e.getMessage(), e);
        }
        perNode
            .ports()
            .forEach(
                (node, text) ->
                    delayBaseByNode.put(
                        node.toLowerCase(Locale.ROOT),
                        PacemakerDurations.parse(text, "pcmk_delay_base for node " + node)));
      } else {
        delayBase = PacemakerDurations.parse(base, "pcmk_delay_base");
      }
    }
    Duration delayMax = duration(params, "pcmk_delay_max").orElse(Duration.ZERO);
    Map<FenceAction, Duration> timeouts = new EnumMap<>(FenceAction.class);
    Map<FenceAction, Integer> retries = new EnumMap<>(FenceAction.class);
    for (String a : TIMED) {
      FenceAction action = FenceAction.fromAgentName(a).orElseThrow();
      Optional<Duration> t = duration(params, "pcmk_" + a + "_timeout");
      if (t.isPresent()) {
        if (t.get().isZero()) {
          throw new IllegalArgumentException("pcmk_" + a + "_timeout must be more than 0");
        }
        timeouts.put(action, t.get());
      }
      integer(params, "pcmk_" + a + "_retries", 0).ifPresent(n -> retries.put(action, n));
    }
    int actionLimit = integer(params, "pcmk_action_limit", -1).orElse(1);
    if (actionLimit == 0) {
      throw new IllegalArgumentException("pcmk_action_limit must be -1 (no limit) or at least 1");
    }
    return new DeviceSettings(
        hostList,
        hostMap,
        hostCheck,
        delayBase,
        delayBaseByNode,
        delayMax,
        timeouts,
        retries,
        actionLimit);
  }

  /** Splits a {@code pcmk_host_list}: names separated by blanks, commas or semicolons. */
  static List<String> splitList(String text) {
    List<String> out = new ArrayList<>();
    if (text != null) {
      for (String s : text.strip().split("[\\s,;]+")) {
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static Optional<Duration> duration(Map<String, String> params, String name) {
    String v = params.get(name);
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(PacemakerDurations.parse(v, name));
  }

  private static Optional<Integer> integer(Map<String, String> params, String name, int min) {
    String v = params.get(name);
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    int n;
    try {
      n = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + v + "' is not an integer", e);
    }
    if (n < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + n);
    }
    return Optional.of(n);
  }

  /** Whether {@code pcmk_host_list} or {@code pcmk_host_map} names any node. */
  public boolean hasStaticList() {
    return !hostList.isEmpty() || !hostMap.ports().isEmpty();
  }

  /** Whether the static list or map names {@code node} (node names compare ignoring case). */
  public boolean listed(String node) {
    return hostList.stream().anyMatch(n -> n.equalsIgnoreCase(node)) || mappedPort(node) != null;
  }

  /** The port {@code pcmk_host_map} gives {@code node} (ignoring case), or {@code null}. */
  public String mappedPort(String node) {
    String exact = hostMap.ports().get(node);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, String> e : hostMap.ports().entrySet()) {
      if (e.getKey().equalsIgnoreCase(node)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The timeout of {@code action}: {@code pcmk_<action>_timeout}, else {@code fallback}. */
  public Duration timeout(FenceAction action, Duration fallback) {
    return timeouts.getOrDefault(action, fallback);
  }

  /** The retries of {@code action}: {@code pcmk_<action>_retries}, else 2. */
  public int retries(FenceAction action) {
    return retries.getOrDefault(action, DEFAULT_RETRIES);
  }

  /** The base delay before fencing {@code node}. */
  public Duration delayBase(String node) {
    if (delayBaseByNode.isEmpty()) {
      return delayBase;
    }
    return delayBaseByNode.getOrDefault(node.toLowerCase(Locale.ROOT), Duration.ZERO);
  }

  /**
   * The longest delay before fencing {@code node}: the base, or {@code pcmk_delay_max} when that is
   * longer.
   */
  public Duration longestDelay(String node) {
    Duration b = delayBase(node);
    return delayMax.compareTo(b) > 0 ? delayMax : b;
  }
}
