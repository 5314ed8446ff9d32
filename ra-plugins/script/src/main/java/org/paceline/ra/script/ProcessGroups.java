package org.paceline.ra.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Signals whole process groups (with kill(1)) and looks processes up in {@code /proc}. */
final class ProcessGroups {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessGroups.class);
  private static final Path PROC = Path.of("/proc");

  private final Path kill;

  ProcessGroups(Path kill) {
    this.kill = kill;
  }

  /**
   * Sends {@code signal} (e.g. {@code TERM}) to every process in group {@code pgid}. Never blocks
   * longer than a few seconds and ignores interrupts (it runs during cleanup); returns whether the
   * group existed.
   */
  boolean signalGroup(long pgid, String signal) {
    if (pgid <= 1) {
      throw new IllegalArgumentException("refusing to signal process group " + pgid);
    }
    ProcessBuilder pb =
        new ProcessBuilder(kill.toString(), "-s", signal, "--", "-" + pgid)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().clear();
    try {
      Process p = pb.start();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      Uninterruptibly.awaitExit(p, end);
      if (p.isAlive()) {
        p.destroyForcibly();
        LOG.warn("kill -{} -{} did not finish within 5 s", signal, pgid);
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      LOG.warn("could not run {} to send SIG{} to process group {}", kill, signal, pgid, e);
      return false;
    }
  }

  /** The process group of {@code pid}, if it exists. */
  static OptionalLong pgidOf(long pid) {
    String[] fields = statFields(PROC.resolve(Long.toString(pid)).resolve("stat"));
    return fields == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fields[2]));
  }

  /** Whether {@code pid} exists and is not a zombie (the JDK counts zombies as alive). */
  static boolean isLive(long pid) {
    String[] fields = statFields(PROC.resolve(Long.toString(pid)).resolve("stat"));
    return fields != null && !"Z".equals(fields[0]);
  }

  /** The ids of the live (not zombie) processes in group {@code pgid}. */
  static List<Long> liveMembers(long pgid) {
    List<Long> members = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path dir : dirs) {
        String[] fields = statFields(dir.resolve("stat"));
        if (fields != null && Long.parseLong(fields[2]) == pgid && !"Z".equals(fields[0])) {
          members.add(Long.parseLong(dir.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot list {}", PROC, e);
    }
    return members;
  }

  /**
   * The fields of a {@code /proc/PID/stat} file after the command name: state, ppid, pgrp, ...; or
   * {@code null} when the process is gone.
   */
  private static String[] statFields(Path stat) {
    String text;
    try {
      text = Files.readString(stat, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return null;
    }
    int close = text.lastIndexOf(')');
    if (close < 0 || close + 2 >= text.length()) {
      return null;
    }
    String[] fields = text.substring(close + 2).trim().split(" ");
    return fields.length >= 3 ? fields : null;
  }
}
