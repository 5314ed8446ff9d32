package org.paceline.ra.ocf;

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
 * How the OCF bundle finds and runs agents. Every setting has a default; each can be given as a
 * component configuration property or a framework property of the same name.
 *
 * @param roots OCF roots, searched in order ({@value #ROOT}, default {@code /usr/lib/ocf}); an
 *     agent found in several roots is taken from the first
 * @param rescanInterval how often the roots are scanned for added and removed agents ({@value
 *     #RESCAN}, default 15 s)
 * @param metadataTimeout how long {@code meta-data} may take ({@value #METADATA_TIMEOUT}, default
 *     20 s)
 * @param runtimeDir where agents keep their runtime files ({@code HA_RSCTMP} is {@code
 *     runtimeDir/rsctmp}, {@code HA_VARRUN} is {@code runtimeDir/run}); {@code null} (the default)
 *     means {@code ocf} under the node's agent state directory, so that nodes sharing a host never
 *     share state files ({@value #RUNTIME_DIR})
 * @param killGrace how long an agent killed at its deadline gets between SIGTERM and SIGKILL
 *     ({@value #KILL_GRACE}, default 2 s)
 */
public record OcfSettings(
    List<Path> roots,
    Duration rescanInterval,
    Duration metadataTimeout,
    Path runtimeDir,
    Duration killGrace) {

  /** Property: OCF roots, separated by commas or colons. */
  public static final String ROOT = "paceline.ocf.root";

  /** Property: rescan interval ({@code 15s}, {@code 500ms}; a plain number is milliseconds). */
  public static final String RESCAN = "paceline.ocf.rescan";

  /** Property: meta-data timeout. */
  public static final String METADATA_TIMEOUT = "paceline.ocf.metadata.timeout";

  /** Property: the runtime directory (absolute path). */
  public static final String RUNTIME_DIR = "paceline.ocf.runtime.dir";

  /** Property: grace period between SIGTERM and SIGKILL. */
  public static final String KILL_GRACE = "paceline.ocf.kill.grace";

  /** Every property this bundle reads. */
  public static final Set<String> KEYS =
      Set.of(ROOT, RESCAN, METADATA_TIMEOUT, RUNTIME_DIR, KILL_GRACE);

  /** The standard OCF root. */
  public static final Path DEFAULT_ROOT = Path.of("/usr/lib/ocf");

  private static final Pattern DURATION =
      Pattern.compile("(\\d{1,9})\\s*(ms|s|m|min|h)?", Pattern.CASE_INSENSITIVE);

  public OcfSettings {
    roots = List.copyOf(roots);
    Objects.requireNonNull(rescanInterval, "rescanInterval");
    Objects.requireNonNull(metadataTimeout, "metadataTimeout");
    Objects.requireNonNull(killGrace, "killGrace");
    if (roots.isEmpty()) {
      throw new IllegalArgumentException(ROOT + ": at least one OCF root is needed");
    }
    for (Path root : roots) {
      if (!root.isAbsolute()) {
        throw new IllegalArgumentException(ROOT + ": '" + root + "' is not an absolute path");
      }
    }
    if (runtimeDir != null && !runtimeDir.isAbsolute()) {
      throw new IllegalArgumentException(
          RUNTIME_DIR + ": '" + runtimeDir + "' is not an absolute path");
    }
    positive(RESCAN, rescanInterval);
    positive(METADATA_TIMEOUT, metadataTimeout);
    if (killGrace.isNegative()) {
      throw new IllegalArgumentException(KILL_GRACE + " must not be negative");
    }
  }

  /** The defaults: {@code /usr/lib/ocf}, rescan every 15 s, meta-data within 20 s. */
  public static OcfSettings defaults() {
    return new OcfSettings(
        List.of(DEFAULT_ROOT),
        Duration.ofSeconds(15),
        Duration.ofSeconds(20),
        null,
        Duration.ofSeconds(2));
  }

  /** These settings with other roots. */
  public OcfSettings withRoots(List<Path> newRoots) {
    return new OcfSettings(newRoots, rescanInterval, metadataTimeout, runtimeDir, killGrace);
  }

  /** These settings with a fixed runtime directory. */
  public OcfSettings withRuntimeDir(Path dir) {
    return new OcfSettings(roots, rescanInterval, metadataTimeout, dir, killGrace);
  }

  /** These settings with another meta-data timeout. */
  public OcfSettings withMetadataTimeout(Duration timeout) {
    return new OcfSettings(roots, rescanInterval, timeout, runtimeDir, killGrace);
  }

  /**
   * Settings from configuration properties. Keys outside {@code paceline.ocf.} are ignored; an
   * unknown {@code paceline.ocf.} key or a bad value is an error naming the key.
   *
   * @throws IllegalArgumentException naming the key and what is wrong with its value
   */
  public static OcfSettings fromProperties(Map<String, ?> properties) {
    Map<String, Object> props = new LinkedHashMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith("paceline.ocf.")) {
            if (!KEYS.contains(k)) {
              throw new IllegalArgumentException(
                  "unknown OCF setting '" + k + "' (known: " + String.join(", ", sorted()) + ")");
            }
            if (v != null) {
              props.put(k, v);
            }
          }
        });
    OcfSettings d = defaults();
    List<Path> roots = props.containsKey(ROOT) ? parseRoots(props.get(ROOT)) : d.roots();
    Object runtime = props.get(RUNTIME_DIR);
    return new OcfSettings(
        roots,
        duration(props, RESCAN, d.rescanInterval()),
        duration(props, METADATA_TIMEOUT, d.metadataTimeout()),
        runtime == null || runtime.toString().isBlank() ? null : Path.of(runtime.toString().trim()),
        duration(props, KILL_GRACE, d.killGrace()));
  }

  private static List<String> sorted() {
    List<String> keys = new ArrayList<>(KEYS);
    keys.sort(null);
    return keys;
  }

  private static List<Path> parseRoots(Object value) {
    List<String> parts = new ArrayList<>();
    if (value instanceof String[]) {
      for (String s : (String[]) value) {
        parts.addAll(List.of(s.split("[,:]")));
      }
    } else {
      parts.addAll(List.of(value.toString().split("[,:]")));
    }
    List<Path> roots = new ArrayList<>();
    for (String part : parts) {
      if (!part.isBlank()) {
        roots.add(Path.of(part.trim()));
      }
    }
    return roots;
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
