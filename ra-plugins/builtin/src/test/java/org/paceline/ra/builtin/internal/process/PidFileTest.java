package org.paceline.ra.builtin.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paceline.ra.builtin.internal.process.ProcessTable.Leader;

class PidFileTest {

  @TempDir Path dir;

  @Test
  void writesAtomicallyAndReadsBack() throws Exception {
    Path file = dir.resolve("run/web.pid");
    PidFile pf = new PidFile(4242, Instant.parse("2025-05-01T10:00:00.120Z"), "sleep\n1000");

    pf.write(file);

    assertThat(Files.readAllLines(file))
        .containsExactly("4242", "started=2025-05-01T10:00:00.120Z", "command=sleep 1000");
    assertThat(PidFile.read(file)).contains(pf);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void noFileIsEmpty() throws Exception {
    assertThat(PidFile.read(dir.resolve("none.pid"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc\nstarted=2025-05-01T10:00:00Z",
        "12",
        "12\nstarted=yesterday",
        "0\nstarted=2025-05-01T10:00:00Z",
        "1\nstarted=2025-05-01T10:00:00Z"
      })
  void malformedFilesAreNamed(String text) throws Exception {
    Path file = dir.resolve("web.pid");
    Files.writeString(file, text);

    assertThatThrownBy(() -> PidFile.read(file))
        .isInstanceOf(OperationFailed.class)
        .hasMessageContaining("pid file " + file + " is malformed");
  }

  @Test
  void theLeaderIsAliveOnlyWithTheSameStartInstant() throws Exception {
    ProcessHandle self = ProcessHandle.current();
    Instant start = self.info().startInstant().orElseThrow();

    assertThat(ProcessTable.leader(new PidFile(self.pid(), start, ""))).isEqualTo(Leader.ALIVE);
    assertThat(ProcessTable.leader(new PidFile(self.pid(), start.plusMillis(1000), "")))
        .as("within the tolerance between JVMs")
        .isEqualTo(Leader.ALIVE);
    assertThat(ProcessTable.leader(new PidFile(self.pid(), start.minus(Duration.ofSeconds(5)), "")))
        .isEqualTo(Leader.REUSED);
    Process exited = new ProcessBuilder("true").start();
    exited.waitFor();
    assertThat(ProcessTable.leader(new PidFile(exited.pid(), start, ""))).isEqualTo(Leader.GONE);
  }
}
