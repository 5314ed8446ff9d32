package org.paceline.ra.lsb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the LSB bundle finds init scripts. Each setting can be given as a component configuration
 * property (pid {@code org.paceline.ra.lsb}) or a framework property of the same name.
 *
 * @param initDir the init scripts' directory ({@value #INIT_DIR}, default {@code /etc/init.d})
 * @param rcRoot the directory holding {@code rc2.d} ... {@code rc5.d}, where boot links live
 *     ({@value #RC_ROOT}, default {@code /etc})
 * @param rescanInterval how often the init directory is scanned for added and removed scripts
 *     ({@value #RESCAN}, default 15 s)
 * @param killGrace how long a script killed at its deadline gets between SIGTERM and SIGKILL
 *     ({@value #KILL_GRACE}, default 2 s)
 */
public record LsbSettings(Path initDir, Path rcRoot, Duration rescanInterval, Duration killGrace) {

  /** Property: the init scripts' directory. */
  public static final String INIT_DIR = "paceline.lsb.initdir";

  /** Property: the directory holding rcN.d. */
  public static final String RC_ROOT = "paceline.lsb.rcroot";

  /** Property: rescan interval ({@code 15s}, {@code 500ms}; a plain number is milliseconds). */
  public static final String RESCAN = "paceline.lsb.rescan";

  /** Property: grace period between SIGTERM and SIGKILL. */
  public static final String KILL_GRACE = "paceline.lsb.kill.grace";

  /** Every property this bundle reads. */
  public static final Set<String> KEYS = Set.of(INIT_DIR, RC_ROOT, RESCAN, KILL_GRACE);

  private static final Pattern DURATION =
      Pattern.compile("(\\d{1,9})\\s*(ms|s|m|min|h)?", Pattern.CASE_INSENSITIVE);

  public LsbSettings {
    Objects.requireNonNull(initDir, "initDir");
    Objects.requireNonNull(rcRoot, "rcRoot");
    Objects.requireNonNull(rescanInterval, "rescanInterval");
    Objects.requireNonNull(killGrace, "killGrace");
    if (!initDir.isAbsolute()) {
      throw new IllegalArgumentException(INIT_DIR + ": '" + initDir + "' is not an absolute path");
    }
    if (!rcRoot.isAbsolute()) {
      throw new IllegalArgumentException(RC_ROOT + ": '" + rcRoot + "' is not an absolute path");
    }
    if (rescanInterval.isZero() || rescanInterval.isNegative()) {
      throw new IllegalArgumentException(RESCAN + " must be positive, got " + rescanInterval);
    }
    if (killGrace.isNegative()) {
      throw new IllegalArgumentException(KILL_GRACE + " must not be negative");
    }
  }

  /** {@code /etc/init.d}, boot links under {@code /etc}, rescan every 15 s. */
  public static LsbSettings defaults() {
    return new LsbSettings(
        Path.of("/etc/init.d"), Path.of("/etc"), Duration.ofSeconds(15), Duration.ofSeconds(2));
  }

  /** These settings with another init directory and rc root. */
  public LsbSettings withDirs(Path newInitDir, Path newRcRoot) {
    return new LsbSettings(newInitDir, newRcRoot, rescanInterval, killGrace);
  }

  /**
   * Settings from configuration properties; keys outside {@code paceline.lsb.} are ignored.
   *
   * @throws IllegalArgumentException for an unknown {@code paceline.lsb.} key or a bad value,
   *     naming the key
   */
  public static LsbSettings fromProperties(Map<String, ?> properties) {
    Map<String, String> props = new LinkedHashMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith("paceline.lsb.")) {
            if (!KEYS.contains(k)) {
              throw new IllegalArgumentException(
                  "unknown LSB setting '"
                      + k
                      + "' (known: "
                      + String.join(", ", new TreeSet<>(KEYS))
                      + ")");
            }
            if (v != null) {
              props.put(k, v.toString().trim());
            }
          }
        });
    LsbSettings d = defaults();
    return new LsbSettings(
        props.containsKey(INIT_DIR) ? Path.of(props.get(INIT_DIR)) : d.initDir(),
        props.containsKey(RC_ROOT) ? Path.of(props.get(RC_ROOT)) : d.rcRoot(),
        duration(props, RESCAN, d.rescanInterval()),
        duration(props, KILL_GRACE, d.killGrace()));
  }

  private static Duration duration(Map<String, String> props, String key, Duration dflt) {
    String v = props.get(key);
    if (v == null) {
      return dflt;
    }
    Matcher m = DURATION.matcher(v);
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

  /** The runlevels whose {@code S} links mean "started at boot": 2 to 5. */
  static List<String> bootRunlevels() {
    return List.of("rc2.d", "rc3.d", "rc4.d", "rc5.d");
  }
}
