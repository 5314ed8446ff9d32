package org.paceline.ra.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.ra.script.CommandResult.Outcome;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandRunnerTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private final CommandRunner runner = new CommandRunner(Duration.ofMillis(300), Map.of());

  /** Process groups and pids started by a test, checked gone and killed in any case after it. */
  private final List<Long> groups = new ArrayList<>();

  private final List<Long> pids = new ArrayList<>();

  @AfterEach
  void noLeftovers() {
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    for (long pgid : groups) {
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(ProcessGroups.liveMembers(pgid)).isEmpty());
    }
  }

  private Path script(String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private CommandResult run(CommandSpec spec, Duration timeout) throws InterruptedException {
    CommandResult r = runner.run(spec, timeout);
    if (r.pid() > 0) {
      groups.add(r.pid());
    }
    return r;
  }

  @Test
  void exitCodesAndOutputArePassedThrough() throws Exception {
    Path s = script("codes", "echo out-$1; echo err-$1 >&2; exit $1");
    for (int code : new int[] {0, 1, 3, 7, 42, 190, 255}) {
      CommandResult r = run(CommandSpec.of(s.toString(), Integer.toString(code)), WAIT);
      assertThat(r.outcome()).isEqualTo(Outcome.EXITED);
      assertThat(r.exitCode()).isEqualTo(code);
      assertThat(r.succeeded()).isEqualTo(code == 0);
      assertThat(r.stdout()).isEqualTo("out-" + code + "\n");
      assertThat(r.stderr()).isEqualTo("err-" + code + "\n");
      assertThat(r.stdoutTruncated()).isFalse();
      assertThat(r.detail()).contains("exited with status " + code);
    }
  }

  @Test
  void childRunsInItsOwnSessionAndProcessGroup() throws Exception {
    // fields after "pid (comm)": state ppid pgrp session
    Path s = script("ids", "cut -d' ' -f5,6 /proc/$$/stat");
    CommandResult r = run(CommandSpec.of(s.toString()), WAIT);
    assertThat(r.stdout().trim()).isEqualTo(r.pid() + " " + r.pid());
    assertThat(r.pid()).isNotEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void environmentIsExactlyWhatTheSpecSays() throws Exception {
    CommandResult r =
        run(CommandSpec.of("/usr/bin/env").plusEnvironment(Map.of("PACELINE_TEST", "a b")), WAIT);
    List<String> lines = Arrays.asList(r.stdout().split("\n"));
    assertThat(lines)
        .containsExactlyInAnyOrder("PATH=" + CommandSpec.DEFAULT_PATH, "PACELINE_TEST=a b");

    CommandResult empty = run(CommandSpec.of("/usr/bin/env").withEnvironment(Map.of()), WAIT);
    assertThat(empty.stdout()).isEmpty();
  }

  @Test
  void hostileValuesArriveVerbatimAndAreNeverExecuted() throws Exception {
    Path marker = dir.resolve("pwned");
    String hostile =
        "$(touch "
            + marker
            + ") `touch "
            + marker
            + "` ; touch "
            + marker
            + " && echo 'single' \"double\" \\ back\nsecond line\n\ttab ${HOME} * ?";
    Path s = script("show", "printf '%s' \"$VALUE\"; printf '|%s' \"$@\"");
    CommandResult r =
        run(
            CommandSpec.of(s.toString(), hostile, "x y").plusEnvironment(Map.of("VALUE", hostile)),
            WAIT);
    assertThat(r.stdout()).isEqualTo(hostile + "|" + hostile + "|x y");
    assertThat(marker).doesNotExist();
  }

  @Test
  void stdinIsDeliveredVerbatimAndAbsentStdinReadsAsEmpty() throws Exception {
    String text = "line 1\n$(echo no)\nünïcode ✓\n";
    CommandResult r = run(CommandSpec.of("/bin/cat").withStdin(text), WAIT);
    assertThat(r.stdout()).isEqualTo(text);

    CommandResult none = run(CommandSpec.of("/bin/cat"), WAIT);
    assertThat(none.succeeded()).isTrue();
    assertThat(none.stdout()).isEmpty();
  }

  @Test
  void outputKeepsOnlyTheTail() throws Exception {
    Path s =
        script(
            "loud",
            "i=0; while [ $i -lt 5000 ]; do echo \"line $i\"; echo \"err $i\" >&2; i=$((i+1));"
                + " done; echo END");
    CommandResult r = run(CommandSpec.of(s.toString()), WAIT);
    assertThat(r.stdoutTruncated()).isTrue();
    assertThat(r.stderrTruncated()).isTrue();
    assertThat(r.stdout().getBytes(StandardCharsets.UTF_8)).hasSize(4096);
    assertThat(r.stdout()).endsWith("line 4999\nEND\n").doesNotContain("line 0\n");
    assertThat(r.stderr()).endsWith("err 4999\n");

    CommandResult small = run(CommandSpec.of(s.toString()).withOutputLimit(9), WAIT);
    assertThat(small.stdout()).isEqualTo("4999\nEND\n");
  }

  @Test
  void commandPastItsDeadlineIsKilledWithItsWholeGroup() throws Exception {
    Path s =
        script(
            "hang",
            "sleep 1000 & echo $!\n" // a grandchild in the same group
                + "setsid sleep 1000 & echo $!\n" // a grandchild that left the group
                + "sleep 1000");
    CommandResult r = run(CommandSpec.of(s.toString()), Duration.ofMillis(800));
    assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(r.timedOut()).isTrue();
    assertThat(r.detail()).contains("timed out").contains("SIGTERM to process group " + r.pid());
    List<Long> grandchildren = pidsIn(r.stdout());
    assertThat(grandchildren).hasSize(2);
    pids.addAll(grandchildren);
    for (long pid : grandchildren) {
      await().atMost(WAIT).until(() -> !ProcessGroups.isLive(pid));
    }
  }

  /**
   * Runs {@code spec} on another thread and interrupts it once {@code started} exists, so that the
   * command is surely past its set-up (traps installed) when it is signalled.
   */
  private CommandResult interruptOnceStarted(CommandRunner r, CommandSpec spec, Path started)
      throws Exception {
    AtomicReference<Thread> worker = new AtomicReference<>();
    CompletableFuture<CommandResult> future =
        CompletableFuture.supplyAsync(
            () -> {
              worker.set(Thread.currentThread());
              try {
                return r.run(spec, Duration.ofSeconds(50));
              } catch (CommandInterruptedException e) {
                return e.result();
              }
            });
    await().atMost(WAIT).until(() -> Files.exists(started) && worker.get() != null);
    worker.get().interrupt();
    CommandResult result = future.get(30, TimeUnit.SECONDS);
    groups.add(result.pid());
    return result;
  }

  @Test
  void commandIgnoringSigtermIsKilled() throws Exception {
    Path started = dir.resolve("started");
    Path s =
        script("stubborn", "trap '' TERM\ntouch " + started + "\nwhile :; do sleep 0.05; done");
    CommandResult r = interruptOnceStarted(runner, CommandSpec.of(s.toString()), started);
    assertThat(r.outcome()).isEqualTo(Outcome.INTERRUPTED);
    assertThat(r.detail()).contains("SIGKILL after 300 ms grace");
    assertThat(r.exitCode()).isEqualTo(128 + 9);
    assertThat(r.signal()).hasValue(9);
  }

  @Test
  void commandHonouringSigtermIsNotKilled() throws Exception {
    Path started = dir.resolve("started");
    Path s =
        script(
            "polite",
            "trap 'echo bye; exit 0' TERM\ntouch " + started + "\nwhile :; do sleep 0.05; done");
    CommandResult r =
        interruptOnceStarted(
            new CommandRunner(Duration.ofSeconds(10)), CommandSpec.of(s.toString()), started);
    assertThat(r.outcome()).isEqualTo(Outcome.INTERRUPTED);
    assertThat(r.detail()).contains("SIGTERM").doesNotContain("SIGKILL");
    assertThat(r.stdout()).contains("bye");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void interruptKillsTheGroupAndThrows() throws Exception {
    Path started = dir.resolve("started");
    Path s = script("wait", "sleep 1000 & echo $!\ntouch " + started + "\nwait");
    AtomicReference<Thread> worker = new AtomicReference<>();
    CompletableFuture<CommandResult> future =
        CompletableFuture.supplyAsync(
            () -> {
              worker.set(Thread.currentThread());
              try {
                return runner.run(CommandSpec.of(s.toString()), Duration.ofSeconds(50));
              } catch (CommandInterruptedException e) {
                return e.result();
              }
            });
    await().atMost(WAIT).until(() -> Files.exists(started));
    worker.get().interrupt();
    CommandResult r = future.get(30, TimeUnit.SECONDS);
    groups.add(r.pid());
    assertThat(r.outcome()).isEqualTo(Outcome.INTERRUPTED);
    assertThat(r.interrupted()).isTrue();
    assertThat(r.detail()).contains("interrupted");
    List<Long> grandchildren = pidsIn(r.stdout());
    pids.addAll(grandchildren);
    assertThat(grandchildren).hasSize(1);
    await().atMost(WAIT).until(() -> !ProcessGroups.isLive(grandchildren.get(0)));
  }

  @Test
  void interruptedThreadDoesNotStartTheCommand() {
    Path marker = dir.resolve("ran");
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> runner.run(CommandSpec.of("/usr/bin/touch", marker.toString()), WAIT))
        .isInstanceOfSatisfying(
            CommandInterruptedException.class,
            e -> assertThat(e.result().outcome()).isEqualTo(Outcome.INTERRUPTED));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(marker).doesNotExist();
  }

  @Test
  void passedDeadlineDoesNotStartTheCommand() throws Exception {
    Path marker = dir.resolve("ran");
    CommandResult r =
        runner.run(
            CommandSpec.of("/usr/bin/touch", marker.toString()), Instant.now().minusSeconds(1));
    assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(r.pid()).isEqualTo(-1);
    assertThat(marker).doesNotExist();
  }

  @Test
  void unrunnableProgramsGiveAClearResult() throws Exception {
    Path plain = dir.resolve("plain");
    Files.writeString(plain, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
    assertNotStarted(CommandSpec.of(plain.toString()), "is not executable");
    assertNotStarted(CommandSpec.of(dir.resolve("missing").toString()), "no such file");
    assertNotStarted(CommandSpec.of(dir.toString()), "is a directory");
    assertNotStarted(CommandSpec.of("no-such-program-here"), "not found in PATH");

    Path badInterpreter = dir.resolve("bad-interpreter");
    Files.writeString(badInterpreter, "#!/nonexistent/interpreter\n");
    Files.setPosixFilePermissions(badInterpreter, PosixFilePermissions.fromString("rwxr-xr-x"));
    CommandResult r = run(CommandSpec.of(badInterpreter.toString()), WAIT);
    assertThat(r.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(r.exitCode()).isEqualTo(127);
    assertThat(r.stderr()).contains("failed to execute");
  }

  private void assertNotStarted(CommandSpec spec, String reason) throws Exception {
    CommandResult r = runner.run(spec, WAIT);
    assertThat(r.outcome()).isEqualTo(Outcome.NOT_STARTED);
    assertThat(r.pid()).isEqualTo(-1);
    assertThat(r.detail()).contains(reason);
  }

  @Test
  void bareNamesAreFoundInTheSpecsPath() throws Exception {
    script("my-tool", "echo found");
    CommandResult r =
        run(CommandSpec.of("my-tool").plusEnvironment(Map.of("PATH", "/nowhere:" + dir)), WAIT);
    assertThat(r.stdout()).isEqualTo("found\n");
  }

  @Test
  void workingDirectoryIsTheSpecs() throws Exception {
    CommandResult r = run(CommandSpec.of("/bin/pwd").withWorkingDir(dir), WAIT);
    assertThat(Path.of(r.stdout().trim()).toRealPath()).isEqualTo(dir.toRealPath());
    CommandResult root = run(CommandSpec.of("/bin/pwd"), WAIT);
    assertThat(root.stdout()).isEqualTo("/\n");
  }

  @Test
  void everyChildAndWhatItLeavesRunningCarryTheNodeMarker() throws Exception {
    String pidFile = dir.resolve("n1/state/run/paceline.pid").toString();
    CommandRunner marking =
        new CommandRunner(
            Duration.ofMillis(300),
            Map.of(NodeMarker.VARIABLE, pidFile, "HOME", "/root", "SECRET", "x"));
    assertThat(marking.marker()).containsExactly(Map.entry(NodeMarker.VARIABLE, pidFile));

    CommandResult r =
        marking.run(
            CommandSpec.of("/usr/bin/env")
                .plusEnvironment(Map.of("PACELINE_TEST", "a", NodeMarker.VARIABLE, "/elsewhere")),
            WAIT);
    assertThat(Arrays.asList(r.stdout().split("\n")))
        .as("only the marker comes from the node, and the spec cannot change it")
        .containsExactlyInAnyOrder(
            "PATH=" + CommandSpec.DEFAULT_PATH,
            "PACELINE_TEST=a",
            NodeMarker.VARIABLE + "=" + pidFile);
    CommandResult bare =
        marking.run(CommandSpec.of("/usr/bin/env").withEnvironment(Map.of()), WAIT);
    assertThat(bare.stdout()).isEqualTo(NodeMarker.VARIABLE + "=" + pidFile + "\n");

    Path s = script("daemon", "setsid sleep 1000 </dev/null >/dev/null 2>&1 &\necho $!\nexit 0");
    CommandResult started = marking.run(CommandSpec.of(s.toString()), WAIT);
    List<Long> daemon = pidsIn(started.stdout());
    pids.addAll(daemon);
    assertThat(daemon).hasSize(1);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        Files.readString(Path.of("/proc/" + daemon.get(0) + "/environ"))
                            .split("\0"))
                    .contains(NodeMarker.VARIABLE + "=" + pidFile));

    assertThat(runner.run(CommandSpec.of("/usr/bin/env"), WAIT).stdout())
        .as("a runner of an unmarked node marks nothing")
        .doesNotContain(NodeMarker.VARIABLE);
    assertThat(new CommandRunner(Duration.ZERO, Map.of(NodeMarker.VARIABLE, " ")).marker())
        .isEmpty();
  }

  @Test
  void backgroundChildHoldingOutputOpenDoesNotBlockTheRun() throws Exception {
    // the daemon keeps stdout open after the script exits; the run must still return
    Path s = script("daemonizes", "sleep 1000 &\necho $!\nexit 0");
    CommandResult r = runner.run(CommandSpec.of(s.toString()), WAIT);
    List<Long> daemon = pidsIn(r.stdout());
    pids.addAll(daemon);
    assertThat(r.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(r.exitCode()).isZero();
    assertThat(daemon).hasSize(1);
    // a normal exit never signals the group: the daemon still runs
    assertThat(ProcessGroups.isLive(daemon.get(0))).isTrue();
  }

  @Test
  void concurrentRunsDoNotMix() throws Exception {
    Path s = script("echo", "sleep 0.2; echo $1");
    List<CompletableFuture<CommandResult>> runs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String arg = "run-" + i;
      runs.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return runner.run(CommandSpec.of(s.toString(), arg), WAIT);
                } catch (CommandInterruptedException e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    for (int i = 0; i < runs.size(); i++) {
      CommandResult r = get(runs.get(i));
      groups.add(r.pid());
      assertThat(r.stdout()).isEqualTo("run-" + i + "\n");
    }
  }

  private static CommandResult get(CompletableFuture<CommandResult> f) throws Exception {
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  private static List<Long> pidsIn(String stdout) {
    List<Long> out = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      if (line.matches("\\d+")) {
        out.add(Long.parseLong(line));
      }
    }
    return out;
  }
}
