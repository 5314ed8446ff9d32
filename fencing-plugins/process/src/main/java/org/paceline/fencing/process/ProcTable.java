package org.paceline.fencing.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The processes of this host as Linux's {@code /proc} shows them. Java has no {@code getsid} and no
 * way to list a session; this reads {@code /proc/PID/stat}.
 */
public final class ProcTable {

  private static final Path PROC = Path.of("/proc");

  private ProcTable() {}

  /**
   * What {@code /proc/PID/stat} says about a process.
   *
   * @param pid the process id
   * @param state the state letter ({@code R}, {@code S}, {@code T}, {@code Z}, ...)
   * @param ppid the parent's pid
   * @param pgrp the process group id
   * @param session the session id
   */
  public record Stat(long pid, char state, long ppid, long pgrp, long session) {
    /** Whether the process has exited (a zombie waiting to be reaped, or dead). */
    public boolean exited() {
      return state == 'Z' || state == 'X' || state == 'x';
    }
  }

  /** The stat of {@code pid}, or empty when there is no such process. */
  public static Optional<Stat> stat(long pid) {
    return Optional.ofNullable(read(PROC.resolve(Long.toString(pid)).resolve("stat"), pid));
  }

  /** Whether {@code pid} is a process that has not exited (zombies count as exited). */
  public static boolean live(long pid) {
    return stat(pid).filter(s -> !s.exited()).isPresent();
  }

  /** Every process of the host that has not exited, by pid. */
  public static Map<Long, Stat> liveProcesses() {
    Map<Long, Stat> all = new HashMap<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path p : dir) {
        long pid;
        try {
          pid = Long.parseLong(p.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        Stat s = read(p.resolve("stat"), pid);
        if (s != null && !s.exited()) {
          all.put(pid, s);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e, e);
    }
    return all;
  }

  /** When {@code pid} started, as the JDK reads it, if the process exists. */
  public static Optional<Instant> startInstant(long pid) {
    return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
  }

  private static Stat read(Path stat, long pid) {
    String line;
    try {
      line = Files.readString(stat, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return null;
    }
    // pid (comm) state ppid pgrp session ...; comm may hold spaces and parentheses
    int close = line.lastIndexOf(')');
    if (close < 0 || close + 2 >= line.length()) {
      return null;
    }
    String[] f = line.substring(close + 2).split(" ");
    if (f.length < 4 || f[0].isEmpty()) {
      return null;
    }
    try {
      return new Stat(
          pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
