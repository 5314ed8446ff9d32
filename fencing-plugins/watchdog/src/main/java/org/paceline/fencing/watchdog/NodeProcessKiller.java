package org.paceline.fencing.watchdog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.paceline.ra.script.NodeMarker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills every process of a node, as found in {@code /proc}: the node's root process (the node JVM),
 * the whole session it leads when it is a session leader ({@code paceline node start} runs nodes
 * under {@code setsid}), all descendants of those, and every process carrying the node's marker
 * ({@code PACELINE_NODE_PIDFILE=<pid file>} in its environment) wherever it ended up.
 *
 * <p>When the root has died, the processes of the session it led are still found by its session id,
 * which the kernel does not hand out again while any of them lives.
 *
 * <p>Never killed: this JVM itself (it halts afterwards), its ancestors (the shell or CLI that
 * started a node in the foreground) and pid 1. When the root is not a session leader its session is
 * someone else's (a terminal's), so only descendants and marked processes are killed.
 */
public final class NodeProcessKiller {

  private static final Logger LOG = LoggerFactory.getLogger(NodeProcessKiller.class);

  /** The pause between two kill rounds. */
  private static final Duration ROUND_PAUSE = Duration.ofMillis(20);

  /** The environment variable that marks a node's processes (see {@link NodeMarker}). */
  public static final String MARKER_VARIABLE = NodeMarker.VARIABLE;

  /**
   * One process as {@code /proc/PID/stat} describes it.
   *
   * @param pid its id
   * @param state the state letter ({@code R}, {@code S}, {@code Z} for a zombie, ...)
   * @param ppid its parent's id
   * @param session its session id
   */
  public record Proc(long pid, char state, long ppid, long session) {

    /** Whether the process still runs (zombies and dead entries do not). */
    public boolean live() {
      return state != 'Z' && state != 'X' && state != 'x';
    }
  }

  /**
   * What a kill did.
   *
   * @param killed the processes SIGKILL was sent to
   * @param survivors the node's processes still alive at the end
   */
  public record Result(Set<Long> killed, Set<Long> survivors) {

    public Result {
      killed = Collections.unmodifiableSet(new TreeSet<>(killed));
      survivors = Collections.unmodifiableSet(new TreeSet<>(survivors));
    }

    /** Whether every process of the node is gone. */
    public boolean gone() {
      return survivors.isEmpty();
    }
  }

  private final long root;
  private final Optional<String> marker;
  private final Path proc;
  private final long self;

  /**
   * A killer for the node whose root process is {@code rootPid}.
   *
   * @param marker the node's marker value (the {@value #MARKER_VARIABLE} of its environment), or
   *     empty to find processes by session and descent only
   */
  public NodeProcessKiller(long rootPid, Optional<String> marker) {
    this(rootPid, marker, Path.of("/proc"), ProcessHandle.current().pid());
  }

  NodeProcessKiller(long rootPid, Optional<String> marker, Path proc, long self) {
    if (rootPid <= 1) {
      throw new IllegalArgumentException("refusing to kill the processes of pid " + rootPid);
    }
    this.root = rootPid;
    this.marker = Objects.requireNonNull(marker, "marker").filter(m -> !m.isBlank());
    this.proc = Objects.requireNonNull(proc, "proc");
    this.self = self;
  }

  /** The root process's id. */
  public long root() {
    return root;
  }

  /** The node's live processes now, except those never killed. */
  public Set<Long> members() {
    Map<Long, Proc> table = table();
    Set<Long> out = new TreeSet<>();
    Deque<Long> todo = new ArrayDeque<>();
    todo.add(root);
    Proc rootProc = table.get(root);
    // A dead root's session id stays reserved while any member of its session lives.
    boolean leader =
        rootProc != null
            ? rootProc.session() == root
            : table.values().stream().anyMatch(p -> p.session() == root);
    for (Proc p : table.values()) {
      if ((leader && p.session() == root) || marked(p.pid())) {
        todo.add(p.pid());
      }
    }
    Map<Long, List<Long>> children = new HashMap<>();
    for (Proc p : table.values()) {
      children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p.pid());
    }
    Set<Long> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      long pid = todo.poll();
      if (!seen.add(pid)) {
        continue;
      }
      Proc p = table.get(pid);
      if (p != null && p.live()) {
        out.add(pid);
      }
      todo.addAll(children.getOrDefault(pid, List.of()));
    }
    out.removeAll(spared(table));
    return out;
  }

  /**
   * Sends SIGKILL to every process of the node, round after round (catching what forks meanwhile),
   * until none is left or {@code within} has passed.
   *
   * @throws InterruptedException if interrupted between rounds
   */
  public Result kill(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    Set<Long> killed = new TreeSet<>();
    Set<Long> left = members();
    while (!left.isEmpty()) {
      for (long pid : left) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isPresent() && h.get().destroyForcibly()) {
          killed.add(pid);
        }
      }
      if (System.nanoTime() - deadline >= 0) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(ROUND_PAUSE.toMillis());
      left = members();
    }
    Set<Long> survivors = left.isEmpty() ? left : members();
    if (!survivors.isEmpty()) {
      LOG.error(
          "processes {} of the tree of pid {} survived SIGKILL for {}", survivors, root, within);
    }
    return new Result(killed, survivors);
  }

  /** This JVM, its ancestors and pid 1. */
  private Set<Long> spared(Map<Long, Proc> table) {
    Set<Long> out = new HashSet<>();
    out.add(1L);
    long pid = self;
    while (pid > 1 && out.add(pid)) {
      Proc p = table.get(pid);
      if (p == null) {
        break;
      }
      pid = p.ppid();
    }
    return out;
  }

  private boolean marked(long pid) {
    if (marker.isEmpty()) {
      return false;
    }
    byte[] env;
    try {
      env = Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("environ"));
    } catch (IOException | SecurityException e) {
      return false; // gone, or another user's: it cannot be this node's anyway unless run as root
    }
    String entry = MARKER_VARIABLE + "=" + marker.get();
    for (String e : new String(env, StandardCharsets.UTF_8).split("\0")) {
      if (e.equals(entry)) {
        return true;
      }
    }
    return false;
  }

  /** Every process in {@code /proc}, by pid. */
  Map<Long, Proc> table() {
    Map<Long, Proc> out = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          parseStat(Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8))
              .ifPresent(p -> out.put(p.pid(), p));
        } catch (IOException e) {
          // the process ended meanwhile
        }
      }
    } catch (IOException e) {
      LOG.error("cannot list {}: {}", proc, e.toString());
    }
    return out;
  }

  /**
   * Reads one {@code /proc/PID/stat} line: {@code PID (COMM) STATE PPID PGRP SESSION ...}, where
   * COMM may hold blanks and parentheses (so the fields are counted from its last {@code ')'}).
   *
   * @return empty if the line is not of that form
   */
  public static Optional<Proc> parseStat(String line) {
    if (line == null) {
      return Optional.empty();
    }
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open <= 0 || close < open) {
      return Optional.empty();
    }
    String[] rest = line.substring(close + 1).strip().split("\\s+");
    if (rest.length < 4 || rest[0].length() != 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Proc(
              Long.parseLong(line.substring(0, open).strip()),
              rest[0].charAt(0),
              Long.parseLong(rest[1]),
              Long.parseLong(rest[3])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "the processes of pid " + root + marker.map(m -> " and of marker " + m).orElse("");
  }
}
