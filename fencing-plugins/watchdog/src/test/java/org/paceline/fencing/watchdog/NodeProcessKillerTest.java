package org.paceline.fencing.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real process trees standing in for a node, killed for real. */
class NodeProcessKillerTest {

  /** A sleep argument no other process on the host uses: this test's sleeps, wherever they are. */
  private final String mark = "1000." + (100000 + ThreadLocalRandom.current().nextInt(900000));

  /** A second one, for processes that must survive. */
  private final String keep = "2000." + (100000 + ThreadLocalRandom.current().nextInt(900000));

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    for (long pid : sleeping(mark)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    for (long pid : sleeping(keep)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    started.forEach(Process::destroyForcibly);
    await().atMost(Duration.ofSeconds(10)).until(() -> sleeping(mark).isEmpty());
    await().atMost(Duration.ofSeconds(10)).until(() -> sleeping(keep).isEmpty());
  }

  private Process start(List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove(NodeProcessKiller.MARKER_VARIABLE);
    pb.environment().putAll(env);
    Process p =
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    started.add(p);
    return p;
  }

  /** The live processes running {@code sleep arg}. */
  private static Set<Long> sleeping(String arg) {
    Set<Long> out = new TreeSet<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String cmd = Files.readString(dir.resolve("cmdline"), StandardCharsets.UTF_8);
          if (List.of(cmd.split("\0")).contains(arg) && live(Long.parseLong(name))) {
            out.add(Long.parseLong(name));
          }
        } catch (IOException e) {
          // gone meanwhile
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Whether {@code pid} exists and is not a zombie. */
  private static boolean live(long pid) {
    try {
      return NodeProcessKiller.parseStat(Files.readString(Path.of("/proc/" + pid + "/stat")))
          .map(NodeProcessKiller.Proc::live)
          .orElse(false);
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void killsTheWholeSessionAndTreeOfASessionLeaderAndNothingElse() throws Exception {
    Process bystander = start(List.of("sleep", keep), Map.of());
    String script = "sleep " + mark + " & setsid sleep " + mark + " & sleep " + mark + "; wait";
    Process node = start(List.of("setsid", "sh", "-c", script), Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> sleeping(mark).size() == 3);
    NodeProcessKiller killer = new NodeProcessKiller(node.pid(), Optional.empty());
    Set<Long> expected = new TreeSet<>(sleeping(mark));
    expected.add(node.pid());
    assertThat(killer.members()).isEqualTo(expected);

    NodeProcessKiller.Result r = killer.kill(Duration.ofSeconds(5));

    assertThat(r.gone()).isTrue();
    assertThat(r.killed()).containsAll(expected);
    await().atMost(Duration.ofSeconds(10)).until(() -> sleeping(mark).isEmpty());
    await().atMost(Duration.ofSeconds(10)).until(() -> !node.isAlive());
    assertThat(bystander.isAlive()).isTrue();
    assertThat(sleeping(keep)).containsExactly(bystander.pid());
  }

  @Test
  void aRootThatLeadsNoSessionLosesOnlyItsDescendants() throws Exception {
    // Both in this test JVM's session: only the root's tree may go, never the session.
    Process sibling = start(List.of("sleep", keep), Map.of());
    Process node =
        start(List.of("sh", "-c", "sleep " + mark + " & sleep " + mark + "; wait"), Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> sleeping(mark).size() == 2);
    NodeProcessKiller killer = new NodeProcessKiller(node.pid(), Optional.empty());
    Set<Long> expected = new TreeSet<>(sleeping(mark));
    expected.add(node.pid());
    assertThat(killer.members()).isEqualTo(expected);

    assertThat(killer.kill(Duration.ofSeconds(5)).gone()).isTrue();

    await().atMost(Duration.ofSeconds(10)).until(() -> sleeping(mark).isEmpty());
    assertThat(sibling.isAlive()).isTrue();
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }

  @Test
  void theSessionOfADeadRootIsStillFound() throws Exception {
    Process node =
        start(
            List.of("setsid", "sh", "-c", "sleep " + mark + " & sleep " + mark + "; wait"),
            Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> sleeping(mark).size() == 2);
    node.destroyForcibly();
    await().atMost(Duration.ofSeconds(10)).until(() -> !node.isAlive());
    NodeProcessKiller killer = new NodeProcessKiller(node.pid(), Optional.empty());
    assertThat(killer.members()).isEqualTo(sleeping(mark)).hasSize(2);

    assertThat(killer.kill(Duration.ofSeconds(5)).gone()).isTrue();

    await().atMost(Duration.ofSeconds(10)).until(() -> sleeping(mark).isEmpty());
  }

  @Test
  void markedProcessesAreFoundAfterTheyLeftTheTree() throws Exception {
    String marker = "/tmp/paceline-test-" + mark + "/run/paceline.pid";
    Map<String, String> env = Map.of(NodeProcessKiller.MARKER_VARIABLE, marker);
    // The subshell exits at once: its setsid'd sleep is adopted by init, in a session of its own.
    Process node =
        start(
            List.of(
                "setsid", "sh", "-c", "(setsid sleep " + mark + " &); sleep " + mark + "; wait"),
            env);
    Process otherNode =
        start(
            List.of("setsid", "sleep", keep),
            Map.of(NodeProcessKiller.MARKER_VARIABLE, marker + ".other"));
    await().atMost(Duration.ofSeconds(10)).until(() -> sleeping(mark).size() == 2);
    Set<Long> all = sleeping(mark);
    Set<Long> byTree = new NodeProcessKiller(node.pid(), Optional.empty()).members();
    assertThat(byTree).contains(node.pid());
    Set<Long> orphans = new TreeSet<>(all);
    orphans.removeAll(byTree);
    assertThat(orphans).hasSize(1); // out of the tree and the session: only the marker finds it
    NodeProcessKiller killer = new NodeProcessKiller(node.pid(), Optional.of(marker));
    assertThat(killer.members()).containsAll(all).doesNotContain(otherNode.pid());

    assertThat(killer.kill(Duration.ofSeconds(5)).gone()).isTrue();

    await().atMost(Duration.ofSeconds(10)).until(() -> sleeping(mark).isEmpty());
    assertThat(otherNode.isAlive()).isTrue();
  }

  @Test
  void statLinesWithOddCommandNamesAreRead() {
    assertThat(NodeProcessKiller.parseStat("42 (a b) c)) S 7 42 40 0 -1 4194560 100"))
        .contains(new NodeProcessKiller.Proc(42, 'S', 7, 40));
    assertThat(NodeProcessKiller.parseStat("9 (zombie) Z 1 9 9 0"))
        .hasValueSatisfying(p -> assertThat(p.live()).isFalse());
    assertThat(NodeProcessKiller.parseStat("garbage")).isEmpty();
    assertThat(NodeProcessKiller.parseStat("x (sh) S 1 2 3")).isEmpty();
    assertThat(NodeProcessKiller.parseStat("5 (sh) S")).isEmpty();
    assertThat(NodeProcessKiller.parseStat(null)).isEmpty();
  }

  @Test
  void initAndNonsenseAreRefused() {
    assertThatThrownBy(() -> new NodeProcessKiller(1, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pid 1");
    assertThatThrownBy(() -> new NodeProcessKiller(0, Optional.empty()))
        .hasMessageContaining("pid 0");
  }

  @Test
  void theKillingJvmAndItsAncestorsAreSpared() {
    NodeProcessKiller selfRooted =
        new NodeProcessKiller(ProcessHandle.current().pid(), Optional.empty());
    Set<Long> members = selfRooted.members();
    assertThat(members).doesNotContain(ProcessHandle.current().pid());
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> assertThat(members).doesNotContain(parent.pid()));
  }
}
