package org.paceline.fencing.external;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the external fencing bundle finds and runs fence agents. Every setting has a default; each
 * can be given as a component configuration property (pid {@code org.paceline.fencing.external}) or
 * a framework property of the same name.
 *
 * @param dirs directories searched for {@code fence_*} executables, in order ({@value #DIR},
 *     default {@code /usr/sbin}); an agent found in several is taken from the first
 * @param rescanInterval how often the directories are scanned for added and removed agents ({@value
 *     #RESCAN}, default 15 s)
 * @param metadataTimeout how long {@code -o metadata} may take ({@value #METADATA_TIMEOUT}, default
 *     10 s)
 * @param killGrace how long an agent killed at its deadline gets between SIGTERM and SIGKILL
 *     ({@value #KILL_GRACE}, default 2 s)
 */
public record ExternalFenceSettings(
    List<Path> dirs, Duration rescanInterval, Duration metadataTimeout, Duration killGrace) {

  /** Property: the directories holding fence agents, separated by commas or colons. */
  public static final String DIR = "paceline.fence.dir";

  /** Property: rescan interval ({@code 15s}, {@code 500ms}; a plain number is milliseconds). */
  public static final String RESCAN = "paceline.fence.rescan";

  /** Property: how long the meta-data call may take. */
  public static final String METADATA_TIMEOUT = "paceline.fence.metadata.timeout";

  /** Property: grace period between SIGTERM and SIGKILL for an agent killed at its deadline. */
  public static final String KILL_GRACE = "paceline.fence.kill.grace";

  /** Every property this bundle reads. */
  public static final Set<String> KEYS = Set.of(DIR, RESCAN, METADATA_TIMEOUT, KILL_GRACE);

  /** Where the fence-agents package installs its agents. */
  public static final Path DEFAULT_DIR = Path.of("/usr/sbin");

  private static final String PREFIX = "paceline.fence.";
  private static final Pattern DURATION =
      Pattern.compile("(\\d{1,9})\\s*(ms|s|m|min|h)?", Pattern.CASE_INSENSITIVE);

  public ExternalFenceSettings {
    dirs = List.copyOf(dirs);
    Objects.requireNonNull(rescanInterval, "rescanInterval");
    Objects.requireNonNull(metadataTimeout, "metadataTimeout");
    Objects.requireNonNull(killGrace, "killGrace");
    if (dirs.isEmpty()) {
      throw new IllegalArgumentException(DIR + ": at least one directory is needed");
    }
    for (Path dir : dirs) {
      if (!dir.isAbsolute()) {
        throw new IllegalArgumentException(DIR + ": '" + dir + "' is not an absolute path");
      }
    }
    positive(RESCAN, rescanInterval);
    positive(METADATA_TIMEOUT, metadataTimeout);
    if (killGrace.isNegative()) {
      throw new IllegalArgumentException(KILL_GRACE + " must not be negative, got " + killGrace);
    }
  }

  /** The defaults: {@code /usr/sbin}, rescan every 15 s, meta-data within 10 s, 2 s grace. */
  public static ExternalFenceSettings defaults() {
    return new ExternalFenceSettings(
        List.of(DEFAULT_DIR),
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }

  /** These settings with other directories. */
  public ExternalFenceSettings withDirs(List<Path> newDirs) {
    return new ExternalFenceSettings(newDirs, rescanInterval, metadataTimeout, killGrace);
  }

  /** These settings with another meta-data timeout. */
  public ExternalFenceSettings withMetadataTimeout(Duration timeout) {
    return new ExternalFenceSettings(dirs, rescanInterval, timeout, killGrace);
  }

  /**
   * Settings from configuration properties. Keys outside {@code paceline.fence.} are ignored; an
   * unknown {@code paceline.fence.} key or a bad value is an error naming the key.
   *
   * @throws IllegalArgumentException naming the key and what is wrong with its value
   */
  public static ExternalFenceSettings fromProperties(Map<String, ?> properties) {
    Map<String, Object> props = new LinkedHashMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith(PREFIX)) {
            if (!KEYS.contains(k)) {
              List<String> known = new ArrayList<>(KEYS);
              known.sort(null);
              throw new IllegalArgumentException(
                  "unknown external fencing setting '"
                      + k
                      + "' (known: "
                      + String.join(", ", known)
                      + ")");
            }
            if (v != null) {
              props.put(k, v);
            }
          }
        });
    ExternalFenceSettings d = defaults();
    return new ExternalFenceSettings(
        props.containsKey(DIR) ? parseDirs(props.get(DIR)) : d.dirs(),
        duration(props, RESCAN, d.rescanInterval()),
        duration(props, METADATA_TIMEOUT, d.metadataTimeout()),
        duration(props, KILL_GRACE, d.killGrace()));
  }

  private static List<Path> parseDirs(Object value) {
    List<String> parts = new ArrayList<>();
    if (value instanceof String[]) {
      for (String s : (String[]) value) {
        parts.addAll(List.of(s.split("[,:]")));
      }
    } else {
      parts.addAll(List.of(value.toString().split("[,:]")));
    }
    List<Path> dirs = new ArrayList<>();
    for (String part : parts) {
      if (!part.isBlank()) {
        dirs.add(Path.of(part.trim()));
      }
    }
    return dirs;
  }

  private static Duration duration(Map<String, Object> props, String key, Duration dflt) {
    Object v = props.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number) {
      return Duration.ofMillis(((Number) v).longValue());
    }
    Matcher m = DURATION.matcher(v.toString().trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          key + ": '" + v + "' is not a duration (e.g. 500ms, 15s, 2m; a plain number is ms)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m", "min" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static void positive(String key, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, got " + d);
    }
  }
}
