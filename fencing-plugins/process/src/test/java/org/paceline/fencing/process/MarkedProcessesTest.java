package org.paceline.fencing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.ra.script.NodeMarker;

class MarkedProcessesTest {

  @TempDir Path tmp;

  private Path pidFile(String node) {
    return tmp.resolve(node).resolve("state/run/paceline.pid");
  }

  private static byte[] environ(String... entries) {
    return (String.join("\0", entries) + "\0").getBytes(StandardCharsets.UTF_8);
  }

  private static String mark(Object pidFile) {
    return NodeMarker.VARIABLE + "=" + pidFile;
  }

  @Test
  void theExactEntryMatchesWhereverItIs() {
    MarkedProcesses n1 = MarkedProcesses.of(pidFile("n1"));
    assertThat(n1.carries(environ(mark(pidFile("n1"))))).isTrue();
    assertThat(n1.carries(environ("PATH=/bin", mark(pidFile("n1")), "HOME=/root"))).isTrue();
    assertThat(n1.carries(environ("PATH=/bin", mark(pidFile("n1"))))).isTrue();
    assertThat(n1.carries(mark(pidFile("n1")).getBytes(StandardCharsets.UTF_8)))
        .as("no trailing NUL")
        .isTrue();
    assertThat(n1.carries(environ(mark(tmp + "/n1/state/./run/../run/paceline.pid"))))
        .as("the same file, spelt otherwise")
        .isTrue();
  }

  @Test
  void otherNodesLookalikesAndOtherVariablesDoNotMatch() {
    MarkedProcesses n1 = MarkedProcesses.of(pidFile("n1"));
    assertThat(n1.carries(environ(mark(pidFile("n2"))))).isFalse();
    assertThat(n1.carries(environ(mark(pidFile("n10"))))).isFalse();
    assertThat(n1.carries(environ(mark(pidFile("n1") + ".old")))).isFalse();
    assertThat(n1.carries(environ(mark(pidFile("n1").getParent())))).isFalse();
    assertThat(n1.carries(environ(mark("n1/state/run/paceline.pid")))).as("relative").isFalse();
    assertThat(n1.carries(environ("X" + mark(pidFile("n1"))))).isFalse();
    assertThat(n1.carries(environ("OLD_" + mark(pidFile("n1"))))).isFalse();
    assertThat(n1.carries(environ("NOTE=" + mark(pidFile("n1"))))).isFalse();
    assertThat(n1.carries(environ(NodeMarker.VARIABLE + "="))).isFalse();
    assertThat(n1.carries(new byte[0])).isFalse();
    assertThat(n1.carries(new byte[] {0, 0, 0})).isFalse();
  }

  @Test
  void symbolicLinksInTheFoldersAreResolved() throws IOException {
    Path real = Files.createDirectories(tmp.resolve("real/n1/state/run"));
    Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));
    Path viaLink = tmp.resolve("link/n1/state/run/paceline.pid");
    Path direct = real.resolve("paceline.pid");
    assertThat(MarkedProcesses.of(viaLink).carries(environ(mark(direct)))).isTrue();
    assertThat(MarkedProcesses.of(direct).carries(environ(mark(viaLink)))).isTrue();
    assertThat(MarkedProcesses.of(direct).carries(environ(mark(tmp.resolve("link/n1/x.pid")))))
        .isFalse();
  }

  @Test
  void unreadableAndVanishedProcessesAreSkippedAndCounted() {
    Map<Long, ProcTable.Stat> live = new HashMap<>();
    for (long pid : new long[] {1, 10, 11, 12, 13, 14, 15}) {
      live.put(pid, new ProcTable.Stat(pid, 'S', 1, pid, pid));
    }
    Map<Long, Object> environs = new HashMap<>();
    environs.put(1L, environ(mark(pidFile("n1")))); // init: never, whatever it carries
    environs.put(10L, environ("PATH=/bin", mark(pidFile("n1"))));
    environs.put(11L, new AccessDeniedException("/proc/11/environ"));
    environs.put(12L, new NoSuchFileException("/proc/12/environ"));
    environs.put(13L, new IOException("No such process"));
    environs.put(14L, environ(mark(pidFile("n2"))));
    environs.put(15L, environ(mark(pidFile("n1"))));
    MarkedProcesses n1 =
        MarkedProcesses.of(
            pidFile("n1"),
            pid -> {
              Object e = environs.get(pid);
              if (e instanceof IOException io) {
                throw io;
              }
              if (e instanceof IllegalStateException never) {
                throw never;
              }
              return (byte[]) e;
            });
    // kernel threads (kthreadd and its children) are never read
    live.put(2L, new ProcTable.Stat(2, 'S', 0, 0, 0));
    live.put(40L, new ProcTable.Stat(40, 'I', 2, 0, 0));
    environs.put(2L, new IllegalStateException("read kthreadd"));
    environs.put(40L, new IllegalStateException("read a kernel thread"));
    MarkedProcesses.Scan scan = n1.scan(live);
    assertThat(scan.pids()).containsExactlyInAnyOrder(10L, 15L);
    assertThat(scan.unreadable()).isEqualTo(1);
    assertThat(n1).hasToString(mark(pidFile("n1")));
  }

  @Test
  void findsRealProcessesByTheirEnvironment() throws Exception {
    Process mine = sleeper(Map.of(NodeMarker.VARIABLE, pidFile("n1").toString()));
    Process other = sleeper(Map.of(NodeMarker.VARIABLE, pidFile("n2").toString()));
    Process none = sleeper(Map.of());
    try {
      MarkedProcesses n1 = MarkedProcesses.of(pidFile("n1"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> n1.scan(ProcTable.liveProcesses()).pids().contains(mine.pid()));
      MarkedProcesses.Scan scan = n1.scan(ProcTable.liveProcesses());
      assertThat(scan.pids()).contains(mine.pid()).doesNotContain(other.pid(), none.pid());
      assertThat(scan.pids()).doesNotContain(ProcessHandle.current().pid());
    } finally {
      for (Process p : new Process[] {mine, other, none}) {
        p.destroyForcibly();
        p.waitFor();
      }
    }
  }

  private static Process sleeper(Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("sleep", "1000");
    pb.environment().remove(NodeMarker.VARIABLE);
    pb.environment().putAll(env);
    return pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
