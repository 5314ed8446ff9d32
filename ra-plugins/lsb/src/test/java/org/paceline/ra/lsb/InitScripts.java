package org.paceline.ra.lsb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Small LSB init scripts written by the tests. */
final class InitScripts {

  private InitScripts() {}

  /**
   * A compliant script for a daemon ({@code sleep 1000}) with a pid file in {@code run}; its
   * environment at each call is dumped NUL-separated to {@code run/<name>.env}.
   */
  static Path daemon(Path initDir, String name, Path run) throws IOException {
    String pidfile = run.resolve(name + ".pid").toString();
    return write(
        initDir,
        name,
        "### BEGIN INIT INFO\n"
            + "# Provides:          "
            + name
            + "\n# Required-Start:    $remote_fs\n"
            + "# Default-Start:     2 3 4 5\n"
            + "# Short-Description: Test daemon\n"
            + "# Description:       A daemon that sleeps,\n"
            + "#                    for tests.\n"
            + "### END INIT INFO\n"
            + "PIDFILE="
            + pidfile
            + "\n"
            + "env -0 > "
            + run.resolve(name + ".env")
            + "\n"
            + "running() { [ -f \"$PIDFILE\" ] && kill -0 \"$(cat \"$PIDFILE\")\" 2>/dev/null; }\n"
            + "case \"$1\" in\n"
            + "start)\n"
            + "  running && exit 0\n"
            + "  sleep 1000 </dev/null >/dev/null 2>&1 &\n"
            + "  echo $! > \"$PIDFILE\"\n"
            + "  echo started\n"
            + "  exit 0;;\n"
            + "stop)\n"
            + "  if running; then kill \"$(cat \"$PIDFILE\")\"; fi\n"
            + "  rm -f \"$PIDFILE\"\n"
            + "  exit 0;;\n"
            + "status)\n"
            + "  running && { echo running; exit 0; }\n"
            + "  [ -f \"$PIDFILE\" ] && exit 1\n"
            + "  exit 3;;\n"
            + "*) echo \"usage: $0 {start|stop|status}\" >&2; exit 2;;\n"
            + "esac\n");
  }

  static Path write(Path initDir, String name, String body) throws IOException {
    Files.createDirectories(initDir);
    Path file = initDir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  static boolean isLive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }
}
