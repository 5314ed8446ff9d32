package org.paceline.fencing.watchdog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.PacemakerDurations;
import org.paceline.cib.model.Primitive;

/**
 * The watchdog timeout, read the same way on both sides of a partition.
 *
 * <p>The quorate side's {@value WatchdogFenceAgent#NAME} device waits {@link #forDevice} before it
 * reports a node fenced: the device's {@value #PARAMETER} parameter, else the cluster property
 * {@value #PROPERTY} (or its newer name {@value #NEW_PROPERTY}), else {@link #DEFAULT}. A node that
 * loses quorum self-fences after {@link #selfFenceDelay half} of the shortest timeout any {@code
 * fence_watchdog} device of the configuration would wait ({@link #forSelfFencing}), so that it is
 * dead before any device's wait ends.
 */
public final class WatchdogTimeouts {

  /** The device parameter with the timeout. */
  public static final String PARAMETER = "watchdog_timeout";

  /** The cluster property with the timeout (Pacemaker 2 name). */
  public static final String PROPERTY = "stonith-watchdog-timeout";

  /** The cluster property with the timeout (Pacemaker 3 name; wins over {@value #PROPERTY}). */
  public static final String NEW_PROPERTY = "fencing-watchdog-timeout";

  /** The timeout when neither the device nor the cluster sets one. */
  public static final Duration DEFAULT = Duration.ofSeconds(10);

  private WatchdogTimeouts() {}

  /**
   * Parses a watchdog timeout: a Pacemaker time ({@code 10}, {@code 10s}, {@code 5000ms}, {@code
   * 1min}); a plain number means seconds.
   *
   * @param what names the value in the error message
   * @throws IllegalArgumentException naming {@code what} if the value is not a time, or is 0 (which
   *     Pacemaker reads as "watchdog fencing disabled")
   */
  public static Duration parse(String text, String what) {
    if (text != null && text.strip().startsWith("-")) {
      throw new IllegalArgumentException(
          what
              + " '"
              + text.strip()
              + "' is negative: Paceline has no sbd to derive the timeout from; set it explicitly,"
              + " e.g. 10s");
    }
    Duration d = PacemakerDurations.parse(text, what);
    if (d.isZero()) {
      throw new IllegalArgumentException(
          what
              + " is 0, which disables watchdog fencing: fence_watchdog cannot confirm anything"
              + " with it; set a positive time such as 10s");
    }
    return d;
  }

  /** The cluster property's text ({@value #NEW_PROPERTY}, else {@value #PROPERTY}), if set. */
  public static Optional<String> property(Configuration config) {
    Optional<String> newer = config.property(NEW_PROPERTY).filter(v -> !v.isBlank());
    return newer.isPresent() ? newer : config.property(PROPERTY).filter(v -> !v.isBlank());
  }

  /**
   * The timeout a device with {@code params} waits: its {@value #PARAMETER}, else {@code property}
   * (the cluster property's text, if set), else {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException naming the parameter or property that is malformed or 0
   */
  public static Duration forDevice(Map<String, String> params, Optional<String> property) {
    String own = params.get(PARAMETER);
    if (own != null && !own.isBlank()) {
      return parse(own, "parameter " + PARAMETER);
    }
    if (property.isPresent()) {
      return parse(property.get(), "cluster property " + PROPERTY);
    }
    return DEFAULT;
  }

  /**
   * How long after losing quorum a node self-fences: half the watchdog timeout. The other half is
   * the safety margin for the quorate side seeing the split later than this node did, and for the
   * kill itself.
   */
  public static Duration selfFenceDelay(Duration watchdogTimeout) {
    return watchdogTimeout.dividedBy(2);
  }

  /**
   * What self-fencing needs to know from a configuration.
   *
   * @param timeout the shortest watchdog timeout any party may wait, or empty when watchdog fencing
   *     is not configured (no {@code fence_watchdog} device and no positive cluster property)
   * @param source where {@code timeout} came from, for logs
   * @param problems malformed timeouts that were skipped, for logs
   */
  public record SelfFencing(Optional<Duration> timeout, String source, List<String> problems) {

    public SelfFencing {
      problems = List.copyOf(problems);
    }

    /** Whether the node must self-fence when it loses quorum. */
    public boolean armed() {
      return timeout.isPresent();
    }
  }

  /**
   * The timeout self-fencing uses with {@code config}: the shortest of what each {@code
   * stonith:fence_watchdog} device waits ({@link #forDevice}) and of the cluster property when it
   * is set. A malformed or zero value is skipped and reported in {@link SelfFencing#problems()}
   * (the device that has it refuses to fence, so it cannot recover anything early).
   */
  public static SelfFencing forSelfFencing(Configuration config) {
    Optional<String> property = property(config);
    List<String> problems = new ArrayList<>();
    Duration shortest = null;
    String source = "";
    for (Primitive p : config.primitives()) {
      if (!p.fencingDevice() || !WatchdogFenceAgent.NAME.equals(p.agent().type())) {
        continue;
      }
      try {
        Duration d = forDevice(p.params(), property);
        if (shortest == null || d.compareTo(shortest) < 0) {
          shortest = d;
          source = "fence device " + p.id();
        }
      } catch (IllegalArgumentException e) {
        problems.add("fence device " + p.id() + ": " + e.getMessage());
      }
    }
    if (property.isPresent()) {
      try {
        Duration d = parse(property.get(), "cluster property " + PROPERTY);
        if (shortest == null || d.compareTo(shortest) < 0) {
          shortest = d;
          source = "cluster property " + PROPERTY;
        }
      } catch (IllegalArgumentException e) {
        if (!isZero(property.get())) {
          problems.add(e.getMessage());
        }
      }
    }
    return new SelfFencing(Optional.ofNullable(shortest), source, problems);
  }

  private static boolean isZero(String text) {
    try {
      return PacemakerDurations.parse(text, "value").isZero();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
