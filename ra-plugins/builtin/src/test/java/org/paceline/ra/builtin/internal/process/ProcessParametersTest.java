package org.paceline.ra.builtin.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.paceline.ra.builtin.internal.process.Harness.params;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationResult;

/** How {@code ocf:paceline:Process} reads its parameters and passes them to the process. */
class ProcessParametersTest {

  @TempDir Path stateDir;
  @TempDir Path work;
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
  void argumentsAndEnvironmentArePassedVerbatimWithoutAShell() throws Exception {
    String command =
        "/bin/sh -c 'printf \"[%s]\\n\" \"$@\"; printf \"GREETING=%s\\n\" \"$GREETING\"; pwd;"
            + " exec sleep 1000' sh"
            + " 'a;b' '$(touch pwned)' '*' '|' '>x' \"it's\" '`id`' two\\ words '' \"q\\\"uote\"";
    Map<String, String> p =
        params("command", command, "env", "GREETING='hello; $USER' EMPTY=", "workdir", "" + work);

    OperationResult start = h.run("web", AgentAction.START, p);

    assertThat(start.rc()).as(start.exitReason()).isEqualTo(OcfResultCode.OK);
    Path out = stateDir.resolve("process/web.stdout.log");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(out) && Files.readString(out).contains(work.toString()));
    assertThat(Files.readAllLines(out))
        .containsExactly(
            "[a;b]",
            "[$(touch pwned)]",
            "[*]",
            "[|]",
            "[>x]",
            "[it's]",
            "[`id`]",
            "[two words]",
            "[]",
            "[q\"uote]",
            "GREETING=hello; $USER",
            work.toString());
    try (Stream<Path> files = Files.list(work)) {
      assertThat(files).as("no shell ran the words").isEmpty();
    }
  }

  @Test
  void outputGoesToTheConfiguredFiles() throws Exception {
    Path out = work.resolve("logs/out.log");
    Path err = work.resolve("logs/err.log");
    Path both = work.resolve("both.log");
    String command = "/bin/sh -c 'echo to-out; echo to-err >&2; exec sleep 1000'";

    h.run(
        "a", AgentAction.START, params("command", command, "stdout", "" + out, "stderr", "" + err));
    h.run(
        "b",
        AgentAction.START,
        params("command", command, "stdout", "" + both, "stderr", "" + both));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(out).content().isEqualTo("to-out\n");
              assertThat(err).content().isEqualTo("to-err\n");
              assertThat(Files.readAllLines(both)).containsExactlyInAnyOrder("to-out", "to-err");
            });
  }

  @Test
  void aCustomPidFileIsUsed() throws Exception {
    Path pidFile = work.resolve("run/web.pid");
    Map<String, String> p = params("command", "sleep 1000", "pidfile", "" + pidFile);

    assertThat(h.run("web", AgentAction.START, p).rc()).isEqualTo(OcfResultCode.OK);
    long pid = Long.parseLong(Files.readAllLines(pidFile).get(0));
    h.remember(pid);

    assertThat(h.pidFile("web")).doesNotExist();
    assertThat(h.run("web", AgentAction.MONITOR, p).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(h.run("web", AgentAction.MONITOR, params()).rc())
        .as("the default pid file is another resource's")
        .isEqualTo(OcfResultCode.NOT_RUNNING);
    assertThat(h.run("web", AgentAction.STOP, p).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(pidFile).doesNotExist();
    assertThat(Harness.alive(pid)).isFalse();
  }

  @Test
  void aCommandThatExitsAtOnceFailsWithItsStderr() throws Exception {
    Map<String, String> p =
        params(
            "command",
            "/bin/sh -c 'echo \"no config file\" >&2; exit 3'",
            "check_tcp",
            "127.0.0.1:1");

    OperationResult start = h.run("web", AgentAction.START, p);

    assertThat(start.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(start.exitReason()).contains("exited with status 3", "stderr: no config file");
    assertThat(h.run("web", AgentAction.STOP, p).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(h.run("web", AgentAction.MONITOR, p).rc()).isEqualTo(OcfResultCode.NOT_RUNNING);
  }

  static Stream<Arguments> commandsThatCannotRun() {
    return Stream.of(
        Arguments.of("/nonexistent/prog --flag", "'/nonexistent/prog' does not exist"),
        Arguments.of("no-such-command-on-paceline-nodes", "not found in PATH"),
        Arguments.of("NOTEXEC", "is not executable"),
        Arguments.of("/tmp", "is a directory"));
  }

  @ParameterizedTest
  @MethodSource("commandsThatCannotRun")
  void aCommandThatCannotRunIsNotInstalled(String command, String reason) throws Exception {
    Path plain = work.resolve("plain.txt");
    Files.writeString(plain, "#!/bin/sh\n");
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
    Map<String, String> p = params("command", command.replace("NOTEXEC", plain.toString()));

    for (AgentAction a : List.of(AgentAction.VALIDATE_ALL, AgentAction.START)) {
      OperationResult r = h.run("web", a, p);
      assertThat(r.rc()).as(a.toString()).isEqualTo(OcfResultCode.ERR_INSTALLED);
      assertThat(r.exitReason()).contains(reason);
    }
    assertThat(h.pidFile("web")).doesNotExist();
  }

  @Test
  void aRelativeCommandPathIsResolvedInTheWorkdir() throws Exception {
    Path script = work.resolve("bin/serve");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/sh\nexec sleep 1000\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> p = params("command", "bin/serve", "workdir", "" + work);

    assertThat(h.run("web", AgentAction.VALIDATE_ALL, p).rc()).isEqualTo(OcfResultCode.OK);
    OperationResult start = h.run("web", AgentAction.START, p);
    assertThat(start.rc()).as(start.exitReason()).isEqualTo(OcfResultCode.OK);
    assertThat(h.run("web", AgentAction.VALIDATE_ALL, params("command", "bin/serve")).rc())
        .as("relative to /, the default workdir")
        .isEqualTo(OcfResultCode.ERR_INSTALLED);
  }

  @Test
  void aMissingWorkdirIsInvalidOnThisNode() throws Exception {
    OperationResult r =
        h.run(
            "web",
            AgentAction.VALIDATE_ALL,
            params("command", "sleep 1", "workdir", "" + work.resolve("gone")));

    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_ARGS);
    assertThat(r.exitReason()).contains("workdir", "does not exist");
  }

  static Stream<Arguments> badParameters() {
    return Stream.of(
        Arguments.of(Map.of(), "command is required"),
        Arguments.of(Map.of("command", "   "), "command is required"),
        Arguments.of(Map.of("command", "sleep '1000"), "command: unterminated single quote"),
        Arguments.of(Map.of("command", "sleep \"1000"), "command: unterminated double quote"),
        Arguments.of(Map.of("command", "sleep 1000\\"), "command: backslash at the end"),
        Arguments.of(Map.of("command", "'' 1000"), "command: no program"),
        Arguments.of(
            Map.of("workdir", "relative/dir"), "workdir: 'relative/dir' must be an absolute"),
        Arguments.of(Map.of("pidfile", "web.pid"), "pidfile: 'web.pid' must be an absolute"),
        Arguments.of(Map.of("stdout", "out.log"), "stdout: 'out.log' must be an absolute"),
        Arguments.of(Map.of("env", "FOO"), "env: 'FOO' is not KEY=VALUE"),
        Arguments.of(Map.of("env", "=x"), "env: '=x' is not KEY=VALUE"),
        Arguments.of(Map.of("env", "1A=2"), "env: '1A=2' is not KEY=VALUE"),
        Arguments.of(Map.of("env", "A='x"), "env: unterminated single quote"),
        Arguments.of(Map.of("check_tcp", "localhost"), "check_tcp: 'localhost' is not HOST:PORT"),
        Arguments.of(Map.of("check_tcp", "localhost:0"), "check_tcp: 'localhost:0'"),
        Arguments.of(Map.of("check_tcp", "localhost:70000"), "check_tcp: 'localhost:70000'"),
        Arguments.of(Map.of("check_http", "ftp://host/"), "check_http: 'ftp://host/' must be"),
        Arguments.of(Map.of("check_http", "http://"), "check_http: 'http://'"),
        Arguments.of(Map.of("check_http", "/health"), "check_http: '/health' must be"),
        Arguments.of(Map.of("check_timeout", "0"), "check_timeout: must be more than 0"),
        Arguments.of(Map.of("check_timeout", "soon"), "check_timeout: 'soon' is not a duration"),
        Arguments.of(Map.of("stop_grace", "-1"), "stop_grace: '-1' is not a duration"),
        Arguments.of(Map.of("stop_grace", "10 parsecs"), "stop_grace: '10 parsecs'"));
  }

  @ParameterizedTest
  @MethodSource("badParameters")
  void aBadParameterIsNamed(Map<String, String> bad, String reason) throws Exception {
    Map<String, String> p = params("command", "sleep 1000");
    p.putAll(bad);
    if (bad.isEmpty()) {
      p.remove("command");
    }

    for (AgentAction a : List.of(AgentAction.VALIDATE_ALL, AgentAction.START)) {
      OperationResult r = h.run("web", a, p);
      assertThat(r.rc()).as(a + ": " + r.exitReason()).isEqualTo(OcfResultCode.ERR_CONFIGURED);
      assertThat(r.exitReason()).contains(reason);
    }
    assertThat(stateDir.resolve("process")).doesNotExist();
  }

  @Test
  void aResourceIdThatCannotNameAFileNeedsAPidFile() throws Exception {
    OperationResult r = h.run("a/b", AgentAction.START, params("command", "sleep 1000"));

    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_CONFIGURED);
    assertThat(r.exitReason()).contains("resource id 'a/b'");
  }

  @Test
  void stopNeedsOnlyThePidFileAndTheGrace() throws Exception {
    Map<String, String> p = params("command", "sleep 1000");
    h.run("web", AgentAction.START, p);
    long pid = h.pid("web");

    OperationResult stop =
        h.run("web", AgentAction.STOP, params("command", "sleep '", "check_tcp", "nonsense"));

    assertThat(stop.rc()).as(stop.exitReason()).isEqualTo(OcfResultCode.OK);
    assertThat(Harness.alive(pid)).isFalse();
  }
}
