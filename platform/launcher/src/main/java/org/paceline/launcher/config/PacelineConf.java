package org.paceline.launcher.config;

import java.util.Map;
import java.util.Objects;
import org.paceline.api.config.NodeSettings;

/**
 * Everything paceline.conf says.
 *
 * @param node the node's settings, shared with the bundles as part of the node configuration
 * @param agents where agent plugins look for scripts, given to the bundles as framework properties
 * @param events the {@code events { }} section's settings for the event log ({@code kafka { }}
 *     entries prefixed {@code kafka.}), passed to it as framework properties
 */
public record PacelineConf(
    NodeSettings node,
    AgentSettings agents,
    Map<String, String> events,
    java.util.Optional<java.nio.file.Path> watchdogDevice) {

  /** The framework property naming the hardware watchdog the watchdog plugin feeds. */
  public static final String WATCHDOG_DEVICE = "paceline.watchdog.device";

  /** The framework property listing the event log's keys (comma-separated). */
  public static final String EVENTS_KEYS = "paceline.events.keys";

  /** The prefix of the event log's settings among the framework properties. */
  public static final String EVENTS_PREFIX = "paceline.events.";

  public PacelineConf {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(agents, "agents");
    events = Map.copyOf(events);
    Objects.requireNonNull(watchdogDevice, "watchdogDevice");
  }

  /** Settings without an {@code events} or {@code fencing} section. */
  public PacelineConf(NodeSettings node, AgentSettings agents, Map<String, String> events) {
    this(node, agents, events, java.util.Optional.empty());
  }

  /** The event log's settings and the watchdog device as framework properties. */
  public Map<String, String> eventsFrameworkProperties() {
    Map<String, String> out = new java.util.TreeMap<>();
    events.forEach((k, v) -> out.put(EVENTS_PREFIX + k, v));
    if (!events.isEmpty()) {
      out.put(EVENTS_KEYS, String.join(",", new java.util.TreeSet<>(events.keySet())));
    }
    watchdogDevice.ifPresent(d -> out.put(WATCHDOG_DEVICE, d.toString()));
    return out;
  }
}
