package org.paceline.fencing.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a node's pid file and tells whether the process it names still runs. The file holds the pid
 * on its first line (what the launcher writes to {@code <state_dir>/run/paceline.pid}; more lines
 * are ignored).
 *
 * <p>When a {@value NodeLocks#LOCK_FILE} lies beside the pid file (a Paceline node's run
 * directory), the lock decides: the node runs if and only if the pid from the file holds the lock
 * on it ({@link NodeLocks}); a pid file without a lock holder is left over from a killed node. A
 * lock held by another process than the pid file names (a node starting or stopping this instant)
 * is {@link Unknown}.
 *
 * <p>Without a lock file, the pid file's modification time stands in for a start time: the process
 * it names was started before the file was written. A live process with that pid that started later
 * than the file (by more than {@link #START_TOLERANCE}) took over a freed pid and is someone
 * else's; the node is then not running. (This check trusts the clock; nodes have lock files.)
 */
public final class NodePidFile {

  /**
   * Slack between a process's start instant as the JDK computes it (from the boot time, which the
   * kernel gives in whole seconds) and a file time.
   */
  static final Duration START_TOLERANCE = Duration.ofSeconds(1);

  private NodePidFile() {}

  /** What a pid file says about its node. */
  public sealed interface State permits Running, NotRunning, Unknown {}

  /**
   * The node runs.
   *
   * @param pid its main process
   * @param sessionLeader whether that process leads its own session (started with setsid)
   */
  public record Running(long pid, boolean sessionLeader) implements State {}

  /**
   * The node does not run.
   *
   * @param why in words (no pid file, process gone, pid reused)
   */
  public record NotRunning(String why) implements State {}

  /**
   * The pid file cannot be read or understood.
   *
   * @param why in words, naming the file
   */
  public record Unknown(String why) implements State {}

  /** What {@code pidFile} says now. */
  public static State read(Path pidFile) {
    Path lock = pidFile.resolveSibling(NodeLocks.LOCK_FILE);
    Set<Long> holders = null;
    if (Files.exists(lock)) {
      try {
        holders = NodeLocks.holders(lock);
      } catch (IOException | RuntimeException e) {
        return new Unknown("cannot tell who holds " + lock + ": " + e);
      }
    }
    List<String> lines;
    Instant written;
    try {
      written = Files.getLastModifiedTime(pidFile).toInstant();
      lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      if (holders != null && !holders.isEmpty()) {
        return new Unknown(
            "pid " + holders + " holds " + lock + " but there is no pid file " + pidFile);
      }
      return new NotRunning("no pid file " + pidFile);
    } catch (IOException e) {
      return new Unknown("cannot read pid file " + pidFile + ": " + e);
    }
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      return new Unknown("pid file " + pidFile + " is empty");
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).strip());
    } catch (NumberFormatException e) {
      return new Unknown("pid file " + pidFile + " does not start with a pid");
    }
    if (pid <= 1) {
      return new Unknown("pid file " + pidFile + " names pid " + pid + ", which is never a node");
    }
    Optional<ProcTable.Stat> stat = ProcTable.stat(pid).filter(s -> !s.exited());
    if (holders != null) {
      if (holders.isEmpty()) {
        return new NotRunning(
            "no process holds " + lock + " (pid " + pid + " from " + pidFile + " is stale)");
      }
      if (!holders.contains(pid) || stat.isEmpty()) {
        return new Unknown(
            "pid file " + pidFile + " names pid " + pid + " but " + holders + " hold(s) " + lock);
      }
      return new Running(pid, stat.get().session() == pid);
    }
    if (stat.isEmpty()) {
      return new NotRunning("pid " + pid + " from " + pidFile + " is not running");
    }
    Optional<Instant> started = ProcTable.startInstant(pid);
    if (started.isEmpty() || !ProcTable.live(pid)) {
      return new NotRunning("pid " + pid + " from " + pidFile + " is not running");
    }
    if (started.get().isAfter(written.plus(START_TOLERANCE))) {
      return new NotRunning(
          "pid "
              + pid
              + " from "
              + pidFile
              + " now belongs to a process started at "
              + started.get()
              + ", after the pid file was written ("
              + written
              + ")");
    }
    return new Running(pid, stat.get().session() == pid);
  }
}
