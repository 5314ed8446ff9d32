package org.paceline.fencing.process;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.paceline.ra.script.CommandResult;
import org.paceline.ra.script.CommandRunner;
import org.paceline.ra.script.CommandSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a {@linkplain ProcessTree process tree} and confirms it is gone. The tree is frozen first
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
   * @param members every process that was part of the tree
   * @param survivors the ones still alive at the deadline (empty: the whole tree is gone)
   */
  public record Result(Set<Long> members, Set<Long> survivors) {
    public Result {
      members = Set.copyOf(members);
      survivors = Set.copyOf(survivors);
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
    if (leader <= 1 || leader == self) {
      throw new RefusedException("refusing to kill pid " + leader + ": it is " + whose(leader));
    }
    Set<Long> frozen = new TreeSet<>();
    boolean killed = false;
    try {
      for (int round = 0; round < MAX_FREEZE_ROUNDS; round++) {
        Set<Long> tree =
            ProcessTree.members(leader, sessionLeader, frozen, ProcTable.liveProcesses());
        if (tree.contains(self)) {
          throw new RefusedException(
              "refusing to kill the tree of pid "
                  + leader
                  + ": it includes this process (pid "
                  + self
                  + ")");
        }
        tree.removeAll(frozen);
        if (tree.isEmpty()) {
          break;
        }
        frozen.addAll(tree); // before the signal: never leave a stopped process behind
        signal("STOP", tree);
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
        Set<Long> late =
            ProcessTree.members(leader, sessionLeader, frozen, ProcTable.liveProcesses());
        late.removeAll(frozen);
        late.remove(self);
        if (!late.isEmpty()) {
          frozen.addAll(late);
          left.addAll(late);
        }
        if (left.isEmpty()) {
          return new Result(frozen, Set.of());
        }
        if (!Instant.now().isBefore(deadline)) {
          LOG.warn("processes {} of the tree of pid {} survived SIGKILL", left, leader);
          return new Result(frozen, left);
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
