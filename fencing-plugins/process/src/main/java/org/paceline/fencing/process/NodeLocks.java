package org.paceline.fencing.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who holds a POSIX lock on a file, from {@code /proc/locks}, without taking the lock. A Paceline
 * node holds an exclusive lock on {@code <state_dir>/run/node.lock} for its whole life (the kernel
 * drops it when the process dies), which proves which process the node is, whatever the clocks did.
 */
public final class NodeLocks {

  /** The lock file beside a node's pid file. */
  public static final String LOCK_FILE = "node.lock";

  private static final Path PROC_LOCKS = Path.of("/proc/locks");

  private NodeLocks() {}

  /**
   * The pids holding a POSIX lock on {@code file} (waiters not included).
   *
   * @throws IOException if the file or {@code /proc/locks} cannot be read
   */
  public static Set<Long> holders(Path file) throws IOException {
    Map<String, Object> attrs = Files.readAttributes(file, "unix:ino,dev");
    long ino = ((Number) attrs.get("ino")).longValue();
    long dev = ((Number) attrs.get("dev")).longValue();
    long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    return holders(Files.readString(PROC_LOCKS, StandardCharsets.US_ASCII), major, minor, ino);
  }

  /**
   * The holders in {@code procLocks} (the text of {@code /proc/locks}) of POSIX locks on the file
   * {@code major:minor:ino}. Lines look like {@code 2: POSIX ADVISORY WRITE 29525 fe:00:2171199 0
   * EOF}; a waiter's line has {@code ->} after the number.
   */
  static Set<Long> holders(String procLocks, long major, long minor, long ino) {
    Set<Long> pids = new TreeSet<>();
    for (String line : procLocks.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 6 || !f[1].equals("POSIX")) {
        continue; // FLOCK, OFDLCK, LEASE, or a waiter ("->" in the second field)
      }
      String[] id = f[5].split(":");
      if (id.length != 3) {
        continue;
      }
      try {
        if (Long.parseLong(id[0], 16) == major
            && Long.parseLong(id[1], 16) == minor
            && Long.parseLong(id[2]) == ino) {
          long pid = Long.parseLong(f[4]);
          if (pid > 0) {
            pids.add(pid);
          }
        }
      } catch (NumberFormatException e) {
        // a line this reader does not understand is not a holder
      }
    }
    return pids;
  }
}
