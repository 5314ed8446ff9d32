package org.paceline.fencing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.api.fencing.FenceResult.Outcome;
import org.paceline.ra.script.CommandRunner;
import org.paceline.ra.script.NodeMarker;

/** The agent against real process trees. */
class ProcessFenceAgentTest {

  @TempDir Path tmp;

  private final Trees trees = new Trees();
  private final ProcessFenceAgent agent =
      new ProcessFenceAgent("me", new CommandRunner(Duration.ofMillis(200)));

  @AfterEach
  void cleanUp() {
    trees.close();
  }

  private Map<String, String> pattern() {
    return Map.of(PidFileMap.PATTERN, tmp + "/%n/state/run/paceline.pid");
  }

  private Path pidFile(String node) {
    return tmp.resolve(node).resolve("state/run/paceline.pid");
  }

  private FenceResult run(FenceAction action, String target, Map<String, String> params)
      throws InterruptedException {
    return agent.execute(
        new FenceRequest("fence-procs", action, target, null, params, Duration.ofSeconds(20)));
  }

  /** A node-like tree: the leader, children in its session, a descendant in its own session. */
  private Process node(String name) throws Exception {
    Process p =
        trees.start(
            String.format("%1$s & sh -c '%1$s & wait' & setsid %1$s & wait", trees.sleep()),
            pidFile(name));
    await().atMost(Duration.ofSeconds(10)).until(() -> Trees.tree(p.pid()).size() >= 5);
    return p;
  }

  @Test
  void offKillsTheWholeTreeAndStatusFollows() throws Exception {
    Process n1 = node("n1");
    Set<Long> members = Trees.tree(n1.pid());
    assertThat(members).contains(n1.pid()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(members.stream().map(ProcTable::stat).filter(s -> s.get().session() != n1.pid()))
        .as("the setsid child lives in a session of its own")
        .isNotEmpty();

    FenceResult before = run(FenceAction.STATUS, "n1", pattern());
    assertThat(before.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(before.exitCode()).isZero();
    assertThat(before.message())
        .isEqualTo("device fence-procs: node n1 is on (pid " + n1.pid() + ")");

    FenceResult off = run(FenceAction.OFF, "n1", pattern());
    assertThat(off.outcome()).as(off.message()).isEqualTo(Outcome.SUCCESS);
    assertThat(off.message()).contains("node n1 killed: pid " + n1.pid());
    for (long pid : members) {
      assertThat(ProcTable.live(pid)).as("pid %d", pid).isFalse();
    }
    assertThat(Trees.tree(n1.pid())).isEmpty();
    assertThat(trees.marked()).isEmpty();

    FenceResult after = run(FenceAction.STATUS, "n1", pattern());
    assertThat(after.outcome()).isEqualTo(Outcome.TARGET_OFF);
    assertThat(after.exitCode()).isEqualTo(2);
    FenceResult again = run(FenceAction.OFF, "n1", pattern());
    assertThat(again.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(again.message()).contains("node n1 is already off");
  }

  @Test
  void rebootKillsAndLeavesTheNodeDown() throws Exception {
    Process n2 = node("n2");
    Process other = trees.start("sleep 1000 & wait", pidFile("n3"));
    FenceResult r = run(FenceAction.REBOOT, "n2", pattern());
    assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(r.message()).endsWith("it stays down (this device cannot start a node)");
    assertThat(ProcTable.live(n2.pid())).isFalse();
    assertThat(Trees.tree(other.pid())).as("another node is untouched").isNotEmpty();
    assertThat(ProcTable.live(other.pid())).isTrue();
  }

  @Test
  void aTreeThatKeepsStartingProcessesIsFrozenAndKilledCompletely() throws Exception {
    Process busy =
        trees.start(
            String.format("while :; do %1$s & setsid %1$s & sleep 0.02; done", trees.sleep()),
            pidFile("busy"));
    await().atMost(Duration.ofSeconds(10)).until(() -> Trees.tree(busy.pid()).size() >= 10);
    FenceResult r = run(FenceAction.OFF, "busy", pattern());
    assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.SUCCESS);
    assertThat(Trees.tree(busy.pid())).isEmpty();
    assertThat(trees.marked()).as("no sleep escaped, none is left stopped").isEmpty();
  }

  private Map<String, String> markerOf(String node) {
    return Map.of(NodeMarker.VARIABLE, pidFile(node).toString());
  }

  /** Waits until {@code pid} has been adopted by some process outside the node's tree. */
  private static void awaitAdopted(long pid, long node) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcTable.stat(pid).map(st -> st.ppid() != node).orElse(false));
  }

  @Test
  void whatAKilledNodeLeftRunningIsFoundByItsMarkerAndKilled() throws Exception {
    // n1 starts a daemon in a session of its own, as ocf:paceline:Process does
    Process n1 =
        trees.start(
            "setsid " + trees.sleep() + " </dev/null >/dev/null 2>&1 & wait",
            pidFile("n1"),
            markerOf("n1"));
    await().atMost(Duration.ofSeconds(10)).until(() -> trees.marked().size() == 1);
    long daemon = trees.marked().iterator().next();
    try (Trees others = new Trees()) {
      Process n2 =
          others.start(
              "setsid " + others.sleep() + " </dev/null >/dev/null 2>&1 & wait",
              pidFile("n2"),
              markerOf("n2"));
      others.start(
          "exec " + others.sleep(),
          null,
          Map.of(NodeMarker.VARIABLE, pidFile("n1") + ".old")); // a lookalike marker
      await().atMost(Duration.ofSeconds(10)).until(() -> others.marked().size() == 2);
      Set<Long> untouched = others.marked();

      // SIGKILL of the node's process only, as the kernel's OOM killer or kill -9 would do
      ProcessHandle.of(n1.pid()).orElseThrow().destroyForcibly();
      await().atMost(Duration.ofSeconds(10)).until(() -> !ProcTable.live(n1.pid()));
      awaitAdopted(daemon, n1.pid());
      assertThat(ProcTable.live(daemon)).as("the daemon outlived its node").isTrue();

      FenceResult status = run(FenceAction.STATUS, "n1", pattern());
      assertThat(status.outcome()).isEqualTo(Outcome.TARGET_OFF);
      assertThat(status.message()).contains("1 process(es) it started still run ([" + daemon);

      FenceResult off = run(FenceAction.REBOOT, "n1", pattern());
      assertThat(off.outcome()).as(off.message()).isEqualTo(Outcome.SUCCESS);
      assertThat(off.message())
          .contains("node n1 was off", "killed the 1 process(es) it left running [" + daemon)
          .contains(NodeMarker.VARIABLE + "=" + pidFile("n1"));
      assertThat(ProcTable.live(daemon)).isFalse();
      assertThat(trees.marked()).isEmpty();
      assertThat(others.marked())
          .as("another node's daemon and a lookalike marker are untouched")
          .isEqualTo(untouched);
      assertThat(ProcTable.live(n2.pid())).isTrue();

      FenceResult again = run(FenceAction.OFF, "n1", pattern());
      assertThat(again.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(again.message()).contains("node n1 is already off");
      assertThat(run(FenceAction.STATUS, "n1", pattern()).message()).doesNotContain("still run");
    }
  }

  @Test
  void aRunningNodesDaemonThatLeftItsTreeIsKilledWithTheTree() throws Exception {
    // the subshell exits at once: its setsid child is adopted while the node still runs
    Process n1 =
        trees.start(
            "(setsid " + trees.sleep() + " </dev/null >/dev/null 2>&1 &); sleep 1000 & wait",
            pidFile("n1"),
            markerOf("n1"));
    await().atMost(Duration.ofSeconds(10)).until(() -> trees.marked().size() == 1);
    long daemon = trees.marked().iterator().next();
    awaitAdopted(daemon, n1.pid());
    assertThat(Trees.tree(n1.pid())).doesNotContain(daemon);

    FenceResult off = run(FenceAction.OFF, "n1", pattern());
    assertThat(off.outcome()).as(off.message()).isEqualTo(Outcome.SUCCESS);
    assertThat(off.message()).contains("node n1 killed: pid " + n1.pid(), "carrying its marker");
    assertThat(ProcTable.live(n1.pid())).isFalse();
    assertThat(ProcTable.live(daemon)).isFalse();
    assertThat(trees.marked()).isEmpty();
  }

  @Test
  void aNodeThatCarriesTheFencersOwnMarkerIsRefused() throws Exception {
    Path self = tmp.resolve("self.pid");
    Files.writeString(self, "999999999\n");
    ProcessFenceAgent marked =
        new ProcessFenceAgent(
            "me",
            new TreeKiller(new CommandRunner(Duration.ofMillis(200))),
            file ->
                MarkedProcesses.of(
                    file,
                    pid ->
                        (pid == ProcessHandle.current().pid()
                                ? NodeMarker.VARIABLE + "=" + file + "\0"
                                : "")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    FenceResult r =
        marked.execute(
            new FenceRequest(
                "dev",
                FenceAction.OFF,
                "other",
                null,
                Map.of(PidFileMap.PIDFILES, "other=" + self),
                Duration.ofSeconds(20)));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message()).contains("it includes this process");
  }

  @Test
  void explicitPidFilesAndTheMappedPort() throws Exception {
    Path file = tmp.resolve("elsewhere/a.pid");
    Process p = trees.start("sleep 1000 & wait", file);
    FenceRequest req =
        new FenceRequest(
            "dev",
            FenceAction.OFF,
            "n1",
            "nodeA",
            Map.of(PidFileMap.PIDFILES, "nodeA=" + file),
            Duration.ofSeconds(20));
    assertThat(agent.execute(req).outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(ProcTable.live(p.pid())).isFalse();
  }

  @Test
  void aStaleOrReusedPidFileMeansOffAndNothingIsKilled() throws Exception {
    Process gone = trees.start("exit 0", pidFile("n1"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !ProcTable.live(gone.pid()));
    assertThat(run(FenceAction.STATUS, "n1", pattern()).outcome()).isEqualTo(Outcome.TARGET_OFF);

    Process innocent = trees.start("sleep 1000", pidFile("n2"));
    Files.setLastModifiedTime(pidFile("n2"), FileTime.from(Instant.now().minusSeconds(3600)));
    FenceResult status = run(FenceAction.STATUS, "n2", pattern());
    assertThat(status.outcome()).isEqualTo(Outcome.TARGET_OFF);
    assertThat(status.message()).contains("after the pid file was written");
    FenceResult off = run(FenceAction.OFF, "n2", pattern());
    assertThat(off.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(off.message()).contains("already off");
    assertThat(ProcTable.live(innocent.pid())).isTrue();

    assertThat(run(FenceAction.STATUS, "n3", pattern()).message())
        .contains("no pid file " + pidFile("n3"));
  }

  /** A node that holds its run/node.lock, as the launcher does (python's lockf: a POSIX lock). */
  private Process lockedNode(String name) throws Exception {
    Path lock = pidFile(name).resolveSibling(NodeLocks.LOCK_FILE);
    Files.createDirectories(lock.getParent());
    Path locker = tmp.resolve("locker.py");
    Files.writeString(
        locker,
        "import fcntl, subprocess, sys, time\n"
            + "f = open(sys.argv[1], 'a')\n"
            + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
            + "subprocess.Popen(['sleep', sys.argv[2]])\n"
            + "time.sleep(1000)\n");
    Process p =
        trees.start(
            "exec python3 " + locker + " " + lock + " " + trees.sleep().substring(6),
            pidFile(name));
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> NodeLocks.holders(lock).contains(p.pid()) && !trees.marked().isEmpty());
    return p;
  }

  @Test
  void theNodeLockDecidesWhateverTheClocksSay() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 not installed");
    Process n1 = lockedNode("n1");
    // a pid file older than its process would otherwise mean "pid reused"
    Files.setLastModifiedTime(pidFile("n1"), FileTime.from(Instant.now().minusSeconds(3600)));
    assertThat(run(FenceAction.STATUS, "n1", pattern()).outcome()).isEqualTo(Outcome.SUCCESS);

    FenceResult off = run(FenceAction.OFF, "n1", pattern());
    assertThat(off.outcome()).as(off.message()).isEqualTo(Outcome.SUCCESS);
    assertThat(ProcTable.live(n1.pid())).isFalse();
    assertThat(trees.marked()).isEmpty();
    FenceResult status = run(FenceAction.STATUS, "n1", pattern());
    assertThat(status.outcome()).isEqualTo(Outcome.TARGET_OFF);
    assertThat(status.message()).contains("no process holds", "is stale");
  }

  @Test
  void aStaleNodeLockProtectsAProcessThatReusedThePid() throws Exception {
    Process innocent = trees.start("sleep 1000", pidFile("n1"));
    Files.createFile(pidFile("n1").resolveSibling(NodeLocks.LOCK_FILE));
    FenceResult off = run(FenceAction.OFF, "n1", pattern());
    assertThat(off.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(off.message()).contains("already off", "no process holds");
    assertThat(ProcTable.live(innocent.pid())).isTrue();
  }

  @Test
  void aLockHeldByAnotherProcessIsUnknownAndNothingIsKilled() throws Exception {
    Process p = trees.start("sleep 1000", pidFile("n1"));
    Path lockFile = pidFile("n1").resolveSibling(NodeLocks.LOCK_FILE);
    try (FileChannel ch =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      FenceResult status = run(FenceAction.STATUS, "n1", pattern());
      assertThat(status.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(status.message())
          .contains("names pid " + p.pid() + " but [" + ProcessHandle.current().pid() + "]");
      assertThat(run(FenceAction.OFF, "n1", pattern()).outcome()).isEqualTo(Outcome.FAILED);
      assertThat(ProcTable.live(p.pid())).isTrue();
      Files.delete(pidFile("n1"));
      assertThat(run(FenceAction.STATUS, "n1", pattern()).message())
          .contains("holds " + lockFile + " but there is no pid file");
      assertThat(lock.isValid()).isTrue();
    }
  }

  @Test
  void refusesToKillItselfItsAncestorsOrInit() throws Exception {
    assertThat(run(FenceAction.OFF, "me", pattern()).message())
        .isEqualTo("device fence-procs: refusing to fence node me from itself");

    Files.createDirectories(pidFile("self").getParent());
    Files.writeString(pidFile("self"), ProcessHandle.current().pid() + "\n");
    FenceResult self = run(FenceAction.OFF, "self", pattern());
    assertThat(self.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(self.message()).contains("refusing to kill pid " + ProcessHandle.current().pid());

    long parent = ProcessHandle.current().parent().orElseThrow().pid();
    if (parent > 1) {
      Files.createDirectories(pidFile("parent").getParent());
      Files.writeString(pidFile("parent"), parent + "\n");
      FenceResult up = run(FenceAction.OFF, "parent", pattern());
      assertThat(up.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(up.message()).contains("it includes this process");
      assertThat(ProcTable.stat(parent).orElseThrow().state()).isNotEqualTo('T');
    }

    Files.createDirectories(pidFile("init").getParent());
    Files.writeString(pidFile("init"), "1\n");
    FenceResult init = run(FenceAction.OFF, "init", pattern());
    assertThat(init.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(init.message()).contains("names pid 1, which is never a node");
  }

  @Test
  void badPidFilesAreErrors() throws Exception {
    Files.createDirectories(pidFile("n1").getParent());
    Files.writeString(pidFile("n1"), "not a pid\n");
    FenceResult status = run(FenceAction.STATUS, "n1", pattern());
    assertThat(status.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.message()).contains(pidFile("n1") + " does not start with a pid");
    Files.writeString(pidFile("n1"), "");
    assertThat(run(FenceAction.OFF, "n1", pattern()).message()).contains("is empty");
  }

  @Test
  void badParametersAreClearErrors() throws Exception {
    FenceResult none = run(FenceAction.MONITOR, null, Map.of());
    assertThat(none.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(none.message())
        .isEqualTo(
            "device fence-procs: set pidfile_pattern (e.g. /srv/c/%n/state/run/paceline.pid) or"
                + " pidfiles");
    assertThat(run(FenceAction.OFF, "n1", Map.of("pidfile", "/x/%n.pid")).message())
        .isEqualTo(
            "device fence-procs: unknown parameter 'pidfile' (known: pidfile_pattern, pidfiles)");
    assertThat(run(FenceAction.STATUS, "n/1", pattern()).message())
        .contains("node name 'n/1' cannot be put into pidfile_pattern");
    assertThat(run(FenceAction.OFF, "n4", Map.of(PidFileMap.PIDFILES, "n1=/x.pid")).message())
        .isEqualTo(
            "device fence-procs: no pid file for node n4 (pidfiles does not name it and there is"
                + " no pidfile_pattern)");
    Map<String, String> withClusterParams =
        Map.of(
            PidFileMap.PATTERN,
            tmp + "/%n.pid",
            "pcmk_host_list",
            "n1 n2",
            "CRM_meta_timeout",
            "20000");
    assertThat(run(FenceAction.MONITOR, null, withClusterParams).outcome())
        .isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void onIsNotSupportedAndListNamesTheNodes() throws Exception {
    FenceResult on = run(FenceAction.ON, "n1", pattern());
    assertThat(on.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(on.message()).contains("cannot start node n1; start it with 'paceline node start'");

    Files.createDirectories(tmp.resolve("n1"));
    Files.createDirectories(tmp.resolve("n2"));
    FenceResult list = run(FenceAction.LIST, null, pattern());
    assertThat(list.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(list.ports()).containsExactly("n1", "n2");
  }

  @Test
  void metadata() {
    AgentMetadata md = agent.metadata();
    assertThat(agent.name()).isEqualTo("fence_paceline_process");
    assertThat(md.name()).isEqualTo("fence_paceline_process");
    assertThat(md.parameter("pidfile_pattern")).isPresent();
    assertThat(md.parameter("pidfiles")).isPresent();
    assertThat(md.supports("off")).isTrue();
    assertThat(md.supports("on")).isFalse();
    assertThat(md.supports("list")).isTrue();
    assertThat(agent.toString()).isEqualTo("stonith:fence_paceline_process on node me");
  }

  @Test
  void aFencedNodesAgentStateIsMarkedAsFromAnotherBoot() throws Exception {
    Path state = tmp.resolve("n2/state");
    Files.createDirectories(state.resolve("run"));
    Files.createDirectories(state.resolve("agents/ocf/run"));
    Files.writeString(state.resolve("agents/.boot_id"), "b00t\n");
    ProcessFenceAgent.forgetRuntimeState(state.resolve("run/paceline.pid"));
    assertThat(Files.readString(state.resolve("agents/.boot_id"))).startsWith("fenced-");

    // Not a node's layout (no run/ beside agents/): nothing is written.
    Path other = tmp.resolve("elsewhere");
    Files.createDirectories(other);
    ProcessFenceAgent.forgetRuntimeState(other.resolve("x.pid"));
    assertThat(other.resolveSibling("agents")).doesNotExist();
  }
}
