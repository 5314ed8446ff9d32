package org.paceline.fencing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {

  private final Map<Long, ProcTable.Stat> procs = new HashMap<>();

  private void proc(long pid, long ppid, long session) {
    procs.put(pid, new ProcTable.Stat(pid, 'S', ppid, pid, session));
  }

  @Test
  void sessionMembersAndAllDescendants() {
    proc(1, 0, 1);
    proc(100, 1, 100); // the node, a session leader
    proc(101, 100, 100); // its child
    proc(150, 1, 100); // orphan still in the session
    proc(200, 100, 200); // an agent started with setsid: own session, child of the node
    proc(201, 200, 200); // the agent's child
    proc(300, 1, 300); // unrelated
    proc(301, 300, 300);
    assertThat(ProcessTree.members(100, true, procs)).containsExactly(100L, 101L, 150L, 200L, 201L);
    assertThat(ProcessTree.members(100, false, procs)).containsExactly(100L, 101L, 200L, 201L);
  }

  @Test
  void knownMembersKeepTheirChildrenAfterTheLeaderIsGone() {
    proc(1, 0, 1);
    proc(200, 1, 200); // reparented to init
    proc(201, 200, 200);
    assertThat(ProcessTree.members(100, true, Set.of(200L), procs)).containsExactly(200L, 201L);
    assertThat(ProcessTree.members(100, true, procs)).isEmpty();
  }

  @Test
  void initIsNeverPartOfATree() {
    proc(1, 0, 100); // absurd, but must not pull in everything
    proc(100, 1, 100);
    proc(5, 1, 5);
    assertThat(ProcessTree.members(100, true, Set.of(1L), procs)).containsExactly(100L);
    assertThatThrownBy(() -> ProcessTree.members(1, true, procs))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rootsWithTheirDescendants() {
    proc(1, 0, 1);
    proc(200, 1, 200); // a marked daemon adopted by init
    proc(201, 200, 200);
    proc(202, 201, 202);
    proc(300, 1, 300);
    assertThat(ProcessTree.withDescendants(Set.of(200L, 999L, 1L), procs))
        .containsExactly(200L, 201L, 202L);
    assertThat(ProcessTree.withDescendants(Set.of(), procs)).isEmpty();
  }
}
