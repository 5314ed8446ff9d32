package org.paceline.ra.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where this node's systemd lives: the inputs of the availability probe, of unit discovery and of
 * the boot-enabled check. {@link #defaults()} is the real system; tests point every path into a
 * temporary directory.
 *
 * @param procRoot {@code /proc}: {@code <procRoot>/1/comm} names PID 1
 * @param runDir {@code /run/systemd/system}: exists only while systemd runs as the init system;
 *     also where the runtime drop-ins for cluster-managed units go
 * @param systemctl the {@code systemctl} executable
 * @param configDir {@code /etc/systemd/system}: the administrator's units and the {@code
 *     *.wants}/{@code *.requires} links that enable units at boot
 * @param unitDirs the unit search path, highest priority first, for discovery
 */
public record SystemdHost(
    Path procRoot, Path runDir, Path systemctl, Path configDir, List<Path> unitDirs) {

  /** What systemd writes to {@code /proc/1/comm} when it is PID 1. */
  static final String SYSTEMD_COMM = "systemd";

  public SystemdHost {
    Objects.requireNonNull(procRoot, "procRoot");
    Objects.requireNonNull(runDir, "runDir");
    Objects.requireNonNull(systemctl, "systemctl");
    Objects.requireNonNull(configDir, "configDir");
    unitDirs = List.copyOf(unitDirs);
  }

  /**
   * The real system: {@code /proc}, {@code /run/systemd/system}, systemctl from the usual place.
   */
  public static SystemdHost defaults() {
    Path systemctl =
        Files.isExecutable(Path.of("/usr/bin/systemctl"))
            ? Path.of("/usr/bin/systemctl")
            : Files.isExecutable(Path.of("/bin/systemctl"))
                ? Path.of("/bin/systemctl")
                : Path.of("/usr/bin/systemctl");
    return new SystemdHost(
        Path.of("/proc"),
        Path.of("/run/systemd/system"),
        systemctl,
        Path.of("/etc/systemd/system"),
        List.of(
            Path.of("/etc/systemd/system"),
            Path.of("/run/systemd/system"),
            Path.of("/usr/local/lib/systemd/system"),
            Path.of("/usr/lib/systemd/system"),
            Path.of("/lib/systemd/system")));
  }

  /** The same host with another systemctl (tests use a stand-in). */
  public SystemdHost withSystemctl(Path other) {
    return new SystemdHost(procRoot, runDir, other, configDir, unitDirs);
  }

  /**
   * Why systemd units cannot be managed on this node, or empty when they can: systemd must be PID 1
   * ({@code <procRoot>/1/comm} is {@code systemd}), running as the init system ({@code runDir}
   * exists) and {@code systemctl} must be executable. Cheap (reads two paths), so callers may ask
   * before every operation.
   */
  public Optional<String> unavailableReason() {
    String cannotRun = "; systemd:* resources cannot run here";
    Path comm = procRoot.resolve("1").resolve("comm");
    String pid1;
    try {
      pid1 = printable(Files.readString(comm, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Optional.of(
          "cannot tell what PID 1 is: reading " + comm + " failed (" + e + ")" + cannotRun);
    }
    if (!SYSTEMD_COMM.equals(pid1)) {
      return Optional.of("systemd is not PID 1 on this node (PID 1 is '" + pid1 + "')" + cannotRun);
    }
    if (!Files.isDirectory(runDir)) {
      return Optional.of(
          "PID 1 is systemd but "
              + runDir
              + " does not exist, so it is not running as the init"
              + " system"
              + cannotRun);
    }
    if (!Files.isRegularFile(systemctl) || !Files.isExecutable(systemctl)) {
      return Optional.of("systemctl not found or not executable at " + systemctl + cannotRun);
    }
    return Optional.empty();
  }

  private static String printable(String raw) {
    String s = raw.strip().replaceAll("[^\\x20-\\x7e]", "?");
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
