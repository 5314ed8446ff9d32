package org.paceline.fencing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileMapTest {

  @TempDir Path tmp;

  @Test
  void patternAndPairs() {
    PidFileMap m =
        PidFileMap.fromParameters(
            Map.of(
                PidFileMap.PATTERN, "/srv/c/%n/state/run/paceline.pid",
                PidFileMap.PIDFILES, "n9=/other/n9.pid; n1:/special/n1.pid"));
    assertThat(m.pidFileOf("n2")).hasValue(Path.of("/srv/c/n2/state/run/paceline.pid"));
    assertThat(m.pidFileOf("n1")).hasValue(Path.of("/special/n1.pid"));
    assertThat(m.pidFileOf("n9")).hasValue(Path.of("/other/n9.pid"));
  }

  @Test
  void percentEscapes() {
    PidFileMap m = PidFileMap.fromParameters(Map.of(PidFileMap.PATTERN, "/run/100%%/%n-%n.pid"));
    assertThat(m.pidFileOf("a")).hasValue(Path.of("/run/100%/a-a.pid"));
  }

  @Test
  void pairsOnly() {
    PidFileMap m = PidFileMap.fromParameters(Map.of(PidFileMap.PIDFILES, "n1=/a.pid n2=/b.pid"));
    assertThat(m.pidFileOf("n3")).isEmpty();
    assertThat(m.knownNodes()).containsExactly("n1", "n2");
  }

  @Test
  void badConfigurationsAreClearErrors() {
    assertThatThrownBy(() -> PidFileMap.fromParameters(Map.of()))
        .hasMessage("set pidfile_pattern (e.g. /srv/c/%n/state/run/paceline.pid) or pidfiles");
    assertThatThrownBy(() -> PidFileMap.fromParameters(Map.of(PidFileMap.PATTERN, "run/%n.pid")))
        .hasMessage("pidfile_pattern must be an absolute path, got 'run/%n.pid'");
    assertThatThrownBy(() -> PidFileMap.fromParameters(Map.of(PidFileMap.PATTERN, "/run/x.pid")))
        .hasMessage("pidfile_pattern must contain %n (the node name), got '/run/x.pid'");
    assertThatThrownBy(() -> PidFileMap.fromParameters(Map.of(PidFileMap.PATTERN, "/run/%h.pid")))
        .hasMessage(
            "pidfile_pattern: unknown escape '%h' (use %n for the node name, %% for a percent"
                + " sign)");
    assertThatThrownBy(() -> PidFileMap.fromParameters(Map.of(PidFileMap.PATTERN, "/run/%n%")))
        .hasMessageContaining("unknown escape '%'");
    assertThatThrownBy(() -> PidFileMap.fromParameters(Map.of(PidFileMap.PIDFILES, "n1=a.pid")))
        .hasMessage("pidfiles: the pid file of n1 is not an absolute path: a.pid");
    assertThatThrownBy(() -> PidFileMap.fromParameters(Map.of(PidFileMap.PIDFILES, "n1")))
        .hasMessageStartingWith("pidfiles: bad pcmk_host_map entry 'n1'");
  }

  @Test
  void nodeNamesCannotLeaveThePattern() {
    PidFileMap m = PidFileMap.fromParameters(Map.of(PidFileMap.PATTERN, "/srv/%n/run.pid"));
    for (String bad : new String[] {"../etc", "a/b", ".", "..", ".hidden", ""}) {
      assertThatThrownBy(() -> m.pidFileOf(bad))
          .as(bad)
          .hasMessageContaining("cannot be put into pidfile_pattern");
    }
  }

  @Test
  void knownNodesComeFromTheDirectoryTheNameIsIn() throws Exception {
    Files.createDirectories(tmp.resolve("c/n1/state"));
    Files.createDirectories(tmp.resolve("c/n2"));
    Files.createDirectories(tmp.resolve("c/.hidden"));
    Files.createDirectories(tmp.resolve("run"));
    Files.writeString(tmp.resolve("run/node-a.pid"), "1\n");
    Files.writeString(tmp.resolve("run/other.txt"), "1\n");
    assertThat(
            PidFileMap.fromParameters(
                    Map.of(
                        PidFileMap.PATTERN,
                        tmp + "/c/%n/state/run/paceline.pid",
                        PidFileMap.PIDFILES,
                        "zz=/x.pid"))
                .knownNodes())
        .containsExactly("n1", "n2", "zz");
    assertThat(
            PidFileMap.fromParameters(Map.of(PidFileMap.PATTERN, tmp + "/run/node-%n.pid"))
                .knownNodes())
        .containsExactly("a");
    assertThat(
            PidFileMap.fromParameters(Map.of(PidFileMap.PATTERN, tmp + "/missing/%n.pid"))
                .knownNodes())
        .isEmpty();
  }
}
