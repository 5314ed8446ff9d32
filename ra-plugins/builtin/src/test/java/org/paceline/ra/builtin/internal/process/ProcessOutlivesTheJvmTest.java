package org.paceline.ra.builtin.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paceline.ra.builtin.internal.process.Harness.params;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationResult;

/**
 * A process started by the agent in one JVM keeps running when that JVM exits (as when the node
 * restarts), and the agent in another JVM monitors and stops it.
 */
class ProcessOutlivesTheJvmTest {

  @TempDir Path stateDir;
  @TempDir Path tmp;
  private Harness h;

  @BeforeEach
  void setUp() {
    h = new Harness(stateDir);
  }

  @AfterEach
  void cleanUp() {
    h.cleanUp();
  }

  @Test
  void theProcessSurvivesTheJvmThatStartedItAndAnotherJvmStopsIt() throws Exception {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = tmp.resolve("jvm.log");
    Process jvm =
        new ProcessBuilder(
                java.toString(),
                "-Xmx64m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath,
                StartInAnotherJvm.class.getName(),
                stateDir.toString(),
                "web",
                "sleep 1000")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean exited = jvm.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      jvm.destroyForcibly();
    }
    long pid = h.pid("web");

    assertThat(exited).as("the other JVM finished").isTrue();
    assertThat(jvm.exitValue()).as(Files.readString(log)).isZero();
    assertThat(Harness.alive(pid)).as("the process outlives the JVM that started it").isTrue();
    Map<String, String> p = params("command", "sleep 1000");
    assertThat(h.run("web", AgentAction.MONITOR, p).rc()).isEqualTo(OcfResultCode.OK);
    OperationResult stop = h.run("web", AgentAction.STOP, p);
    assertThat(stop.rc()).as(stop.exitReason()).isEqualTo(OcfResultCode.OK);
    assertThat(Harness.alive(pid)).isFalse();
  }
}
