package org.paceline.fencing.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processes that make up a node: its main process, every process of its session when the main
 * process leads a session ({@code paceline node start} runs the node under {@code setsid}), and
 * every descendant of those, including agents and services that moved to sessions of their own.
 * Daemons that detached to init before the scan are not part of the tree; {@link MarkedProcesses}
 * finds them by the node's marker. Pid 1 never is included.
 */
public final class ProcessTree {

  private ProcessTree() {}

  /**
   * The live members of the tree of {@code leader} in {@code processes}.
   *
   * @param sessionLeader whether to include the session {@code leader} leads (decided once, while
   *     the leader still ran: the session keeps its id after the leader is gone)
   */
  public static Set<Long> members(
      long leader, boolean sessionLeader, Map<Long, ProcTable.Stat> processes) {
    return members(leader, sessionLeader, Set.of(), processes);
  }

  /**
   * Like {@link #members(long, boolean, Map)}, with the live ones of {@code known} (members found
   * earlier) and their descendants added: once the leader is gone its children hang under init.
   */
  public static Set<Long> members(
      long leader, boolean sessionLeader, Set<Long> known, Map<Long, ProcTable.Stat> processes) {
    if (leader <= 1) {
      throw new IllegalArgumentException("refusing to take the process tree of pid " + leader);
    }
    Set<Long> tree = new TreeSet<>();
    if (processes.containsKey(leader)) {
      tree.add(leader);
    }
    for (long pid : known) {
      if (pid > 1 && processes.containsKey(pid)) {
        tree.add(pid);
      }
    }
    if (sessionLeader) {
      for (ProcTable.Stat s : processes.values()) {
        if (s.session() == leader && s.pid() > 1) {
          tree.add(s.pid());
        }
      }
    }
    return withDescendants(tree, processes);
  }

  /**
   * {@code roots} that are live in {@code processes}, with all their live descendants (pid 1 and
   * below 1 never included).
   */
  public static Set<Long> withDescendants(Set<Long> roots, Map<Long, ProcTable.Stat> processes) {
    Set<Long> tree = new TreeSet<>();
    for (long pid : roots) {
      if (pid > 1 && processes.containsKey(pid)) {
        tree.add(pid);
      }
    }
    boolean grew = true;
    while (grew) {
      List<Long> children = new ArrayList<>();
      for (ProcTable.Stat s : processes.values()) {
        if (s.pid() > 1 && !tree.contains(s.pid()) && tree.contains(s.ppid())) {
          children.add(s.pid());
        }
      }
      grew = tree.addAll(children);
    }
    return tree;
  }
}
