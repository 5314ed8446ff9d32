package org.paceline.fencing.process;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.paceline.ra.script.CommandResult;
import org.paceline.ra.script.CommandRunner;
import org.paceline.ra.script.CommandSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a {@linkplain ProcessTree process tree}, and the processes that carry the node's
 * {@linkplain MarkedProcesses marker}, and confirms they are gone. The tree is frozen first
 * (SIGSTOP, repeated until a scan finds no new member), so that nothing it is starting meanwhile
 * escapes; then every member gets SIGKILL, and the killer waits until none is left. A tree that
 * would include the calling process itself is never touched, nor is pid 1; a frozen process is
 * never left stopped, whatever happens.
 */
public final class TreeKiller {

  /** The tree includes the process that would kill it. */
  public static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message);
    }
  }

  /**
   * How a kill ended.
   *
   * @param members every process that was killed
   * @param survivors the ones still alive at the deadline (empty: all are gone)
   * @param byMarker the members that carried the node's marker (a subset of members)
   */
  public record Result(Set<Long> members, Set<Long> survivors, Set<Long> byMarker) {
    public Result {
      members = Set.copyOf(members);
      survivors = Set.copyOf(survivors);
      byMarker = Set.copyOf(byMarker);
    }

    /** Whether every member is gone. */
    public boolean gone() {
      return survivors.isEmpty();
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(TreeKiller.class);
  private static final int MAX_FREEZE_ROUNDS = 20;
  private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(5);
  private static final long POLL_MILLIS = 20;

  private final CommandRunner runner;
  private final long self;

  /** A killer that sends SIGSTOP with {@code kill(1)} run by {@code runner}. */
  public TreeKiller(CommandRunner runner) {
    this(runner, ProcessHandle.current().pid());
  }

  TreeKiller(CommandRunner runner, long self) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.self = self;
  }

  /**
   * Kills the tree of {@code leader} and waits, until {@code deadline}, for it to be gone.
   *
   * @param sessionLeader whether {@code leader} leads a session whose members belong to the tree
   * @throws RefusedException if the tree includes this process (nothing is signalled then)
   * @throws InterruptedException if interrupted while waiting; every frozen process has been sent
   *     SIGKILL by then
   */
  public Result kill(long leader, boolean sessionLeader, Instant deadline)
      throws RefusedException, InterruptedException {
    return kill(leader, sessionLeader, null, deadline);
  }

  /**
   * Kills the tree of {@code leader} together with every process that carries the node's marker
   * (and their descendants), and waits, until {@code deadline}, for all of them to be gone.
   *
   * @param sessionLeader whether {@code leader} leads a session whose members belong to the tree
   * @param marked the node's marked processes, or {@code null} to kill the tree only
   * @throws RefusedException if the processes include this one (nothing is signalled then)
   * @throws InterruptedException if interrupted while waiting; every frozen process has been sent
   *     SIGKILL by then
   */
  public Result kill(long leader, boolean sessionLeader, MarkedProcesses marked, Instant deadline)
      throws RefusedException, InterruptedException {
    if (leader <= 1 || leader == self) {
      throw new RefusedException("refusing to kill pid " + leader + ": it is " + whose(leader));
    }
    return kill(
        "the tree of pid " + leader,
        (live, known) -> {
          Set<Long> roots = new TreeSet<>(known);
          Set<Long> byMarker = marked == null ? Set.of() : marked.scan(live).pids();
          roots.addAll(byMarker);
          return new Found(ProcessTree.members(leader, sessionLeader, roots, live), byMarker);
        },
        deadline);
  }

  /**
   * Kills every process that carries the node's marker, and their descendants, and waits until
   * {@code deadline} for all of them to be gone: what is left of a node whose own process died.
   *
   * @throws RefusedException if this process carries the marker (nothing is signalled then)
   * @throws InterruptedException if interrupted while waiting; every frozen process has been sent
   *     SIGKILL by then
   */
  public Result killMarked(MarkedProcesses marked, Instant deadline)
      throws RefusedException, InterruptedException {
    return kill(
        "the processes marked " + marked,
        (live, known) -> {
          Set<Long> roots = new TreeSet<>(known);
          Set<Long> byMarker = marked.scan(live).pids();
          roots.addAll(byMarker);
          return new Found(ProcessTree.withDescendants(roots, live), byMarker);
        },
        deadline);
  }

  /** What a scope found in one scan: every member, and those found by the marker. */
  private record Found(Set<Long> members, Set<Long> byMarker) {}

  /** The processes to kill, given the live ones and the members found so far. */
  @FunctionalInterface
  private interface Scope {
    Found scan(Map<Long, ProcTable.Stat> live, Set<Long> known);
  }

  private Result kill(String what, Scope scope, Instant deadline)
      throws RefusedException, InterruptedException {
    Set<Long> frozen = new TreeSet<>();
    Set<Long> byMarker = new TreeSet<>();
    boolean killed = false;
    try {
      for (int round = 0; round < MAX_FREEZE_ROUNDS; round++) {
        Found found = scope.scan(ProcTable.liveProcesses(), frozen);
        Set<Long> members = new TreeSet<>(found.members());
        if (members.contains(self)) {
          throw new RefusedException(
              "refusing to kill " + what + ": it includes this process (pid " + self + ")");
        }
        byMarker.addAll(found.byMarker());
        members.removeAll(frozen);
        if (members.isEmpty()) {
          break;
        }
        frozen.addAll(members); // before the signal: never leave a stopped process behind
        signal("STOP", members);
        if (!Instant.now().isBefore(deadline)) {
          break;
        }
      }
      killAll(frozen);
      killed = true;
      while (true) {
        Set<Long> left = new TreeSet<>();
        for (long pid : frozen) {
          if (ProcTable.live(pid)) {
            left.add(pid);
          }
        }
        Found again = scope.scan(ProcTable.liveProcesses(), frozen);
        Set<Long> late = new TreeSet<>(again.members());
        late.removeAll(frozen);
        late.remove(self);
        if (!late.isEmpty()) {
          frozen.addAll(late);
          left.addAll(late);
          again.byMarker().stream().filter(late::contains).forEach(byMarker::add);
        }
        if (left.isEmpty()) {
          return new Result(frozen, Set.of(), byMarker);
        }
        if (!Instant.now().isBefore(deadline)) {
          LOG.warn("processes {} of {} survived SIGKILL", left, what);
          return new Result(frozen, left, byMarker);
        }
        killAll(left);
        Thread.sleep(POLL_MILLIS);
      }
    } finally {
      if (!killed && !frozen.isEmpty()) {
        killAll(frozen);
      }
    }
  }

  private static String whose(long pid) {
    return pid <= 1 ? "init" : "this process";
  }

  private static void killAll(Collection<Long> pids) {
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** Sends {@code signal} to {@code pids} with kill(1); a pid that is gone meanwhile is fine. */
  private void signal(String signal, Collection<Long> pids) throws InterruptedException {
    List<String> argv = new ArrayList<>(List.of("kill", "-s", signal, "--"));
    for (long pid : pids) {
      argv.add(Long.toString(pid));
    }
    CommandResult r = runner.run(CommandSpec.of(argv), SIGNAL_TIMEOUT);
    if (!r.exited()) {
      LOG.warn("sending SIG{} to {} failed: {}", signal, pids, r.detail());
    } else if (r.exitCode() != 0) {
      LOG.debug("kill -s {} {}: {} {}", signal, pids, r.exitCode(), r.stderr().strip());
    }
  }
}
