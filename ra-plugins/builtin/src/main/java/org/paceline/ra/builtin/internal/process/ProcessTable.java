package org.paceline.ra.builtin.internal.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The processes of this host as Linux's {@code /proc} shows them, and signals to them. Java has no
 * {@code kill(-pgid)} and {@code setsid}; the agent starts commands through {@code setsid} so each
 * is the leader of its own session, and finds the members of that session here.
 */
final class ProcessTable {

  /**
   * Two readings of one process's start instant made by different JVMs may differ by a second: Java
   * adds the start time since boot to {@code btime} from {@code /proc/stat}, which the kernel
   * rounds to whole seconds and recomputes as the clock is adjusted.
   */
  static final Duration START_TOLERANCE = Duration.ofSeconds(1);

  private static final Path PROC = Path.of("/proc");

  /**
   * What {@code /proc/PID/stat} says about a process.
   *
   * @param pid the process id
   * @param state the state letter ({@code R}, {@code S}, {@code D}, {@code Z}, ...)
   * @param pgrp the process group id
   * @param session the session id
   */
  record Stat(long pid, char state, long pgrp, long session) {
    /** Whether the process has exited and waits to be reaped by its parent. */
    boolean zombie() {
      return state == 'Z' || state == 'X' || state == 'x';
    }
  }

  /** How a pid file's process stands now. */
  enum Leader {
    /** The pid runs and started when the pid file says. */
    ALIVE,
    /** No process has the pid (or only a zombie). */
    GONE,
    /** Another process, started at another time, now has the pid. */
    REUSED
  }

  private ProcessTable() {}

  /** The stat line of {@code pid}, or empty when there is no such process. */
  static Optional<Stat> stat(long pid) {
    String line;
    try {
      line =
          Files.readString(
              PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    // pid (comm) state ppid pgrp session ...; comm may hold spaces and parentheses
    int close = line.lastIndexOf(')');
    if (close < 0 || close + 2 >= line.length()) {
      return Optional.empty();
    }
    String[] f = line.substring(close + 2).split(" ");
    if (f.length < 4 || f[0].isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Stat(pid, f[0].charAt(0), Long.parseLong(f[2]), Long.parseLong(f[3])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code pid} is a running (not zombie) process. */
  static boolean running(long pid) {
    return stat(pid).filter(s -> !s.zombie()).isPresent();
  }

  /** The start instant of {@code pid} as the JVM reports it, if the process runs. */
  static Optional<Instant> startInstant(long pid) {
    return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
  }

  /** Whether the process in {@code pidFile} still runs, is gone, or its pid was reused. */
  static Leader leader(PidFile pidFile) {
    if (!running(pidFile.pid())) {
      return Leader.GONE;
    }
    Optional<Instant> now = startInstant(pidFile.pid());
    if (now.isEmpty()) {
      return running(pidFile.pid()) ? Leader.REUSED : Leader.GONE;
    }
    Duration diff = Duration.between(pidFile.started(), now.get()).abs();
    return diff.compareTo(START_TOLERANCE) <= 0 ? Leader.ALIVE : Leader.REUSED;
  }

  /** The live (not zombie) processes of session {@code sid}, in pid order. */
  static List<Long> sessionMembers(long sid) {
    List<Long> members = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        long pid;
        try {
          pid = Long.parseLong(name);
        } catch (NumberFormatException e) {
          continue;
        }
        stat(pid).filter(s -> s.session() == sid && !s.zombie()).ifPresent(s -> members.add(pid));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e, e);
    }
    members.sort(null);
    return members;
  }

  /**
   * Sends SIGTERM ({@code force} false) or SIGKILL to {@code pid}. Java checks the process's start
   * time between looking it up and signalling it, so a pid reused meanwhile is not hit.
   */
  static void signal(long pid, boolean force) {
    if (pid <= 1 || pid == ProcessHandle.current().pid()) {
      return; // never init, never the node itself, whatever a pid file says
    }
    ProcessHandle.of(pid)
        .ifPresent(
            h -> {
              if (force) {
                h.destroyForcibly();
              } else {
                h.destroy();
              }
            });
  }
}
