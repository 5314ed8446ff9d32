package org.paceline.ra.builtin.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;

class ProcessSettingsTest {

  private static final OperationContext CONTEXT =
      new OperationContext("n1", Path.of("/var/lib/paceline/agents"), Instant.now());

  private static ProcessSettings parse(Map<String, String> params, Map<String, String> node)
      throws OperationFailed {
    return ProcessSettings.parse(
        OperationRequest.of("web", AgentAction.START, params, Duration.ofSeconds(20)),
        CONTEXT,
        node);
  }

  @ParameterizedTest
  @CsvSource({
    "10, PT10S",
    "10s, PT10S",
    "10 s, PT10S",
    "10sec, PT10S",
    "500ms, PT0.5S",
    "2m, PT2M",
    "2min, PT2M",
    "1h, PT1H",
    "0, PT0S",
    "3S, PT3S"
  })
  void durations(String text, String expected) throws OperationFailed {
    assertThat(ProcessSettings.stopGrace(Map.of("stop_grace", text)))
        .isEqualTo(Duration.parse(expected));
  }

  @Test
  void defaults() throws OperationFailed {
    ProcessSettings s = parse(Map.of("command", "sleep 1"), Map.of());

    assertThat(s.command()).containsExactly("sleep", "1");
    assertThat(s.workdir()).isEqualTo(Path.of("/"));
    assertThat(s.pidFile()).isEqualTo(Path.of("/var/lib/paceline/agents/process/web.pid"));
    assertThat(s.stdout()).isEqualTo(Path.of("/var/lib/paceline/agents/process/web.stdout.log"));
    assertThat(s.stderr()).isEqualTo(Path.of("/var/lib/paceline/agents/process/web.stderr.log"));
    assertThat(s.stopGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.checks().none()).isTrue();
    assertThat(s.checks().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.environment()).containsOnly(Map.entry("PATH", ProcessSettings.DEFAULT_PATH));
  }

  @Test
  void environmentInheritsAFewNodeVariablesThenTheParameter() throws OperationFailed {
    Map<String, String> node =
        Map.of(
            "PATH", "/opt/bin:/usr/bin",
            "HOME", "/root",
            "LANG", "C.UTF-8",
            "JAVA_HOME", "/usr/lib/jvm",
            "PACELINE_CONF", "/etc/paceline");

    ProcessSettings s =
        parse(Map.of("command", "x", "env", "LANG=de_DE.UTF-8 A='b c' EMPTY="), node);

    assertThat(s.environment())
        .containsOnly(
            Map.entry("PATH", "/opt/bin:/usr/bin"),
            Map.entry("HOME", "/root"),
            Map.entry("LANG", "de_DE.UTF-8"),
            Map.entry("A", "b c"),
            Map.entry("EMPTY", ""));
  }

  @Test
  void theNodesMarkerIsAlwaysPassedOnAndCannotBeSet() throws OperationFailed {
    Map<String, String> node =
        Map.of("PACELINE_NODE_PIDFILE", "/srv/c/n1/state/run/paceline.pid", "OTHER", "x");
    assertThat(parse(Map.of("command", "x"), node).environment())
        .containsOnly(
            Map.entry("PATH", ProcessSettings.DEFAULT_PATH),
            Map.entry("PACELINE_NODE_PIDFILE", "/srv/c/n1/state/run/paceline.pid"));
    assertThat(parse(Map.of("command", "x", "env", "A=b"), node).environment())
        .containsEntry("PACELINE_NODE_PIDFILE", "/srv/c/n1/state/run/paceline.pid")
        .containsEntry("A", "b");
    assertThatThrownBy(
            () -> parse(Map.of("command", "x", "env", "PACELINE_NODE_PIDFILE=/tmp/x.pid"), node))
        .isInstanceOfSatisfying(
            OperationFailed.class, e -> assertThat(e.rc()).isEqualTo(OcfResultCode.ERR_CONFIGURED))
        .hasMessageContaining("PACELINE_NODE_PIDFILE is the node's own");
    assertThat(parse(Map.of("command", "x"), Map.of("PACELINE_NODE_PIDFILE", " ")).environment())
        .doesNotContainKey("PACELINE_NODE_PIDFILE");
  }

  @Test
  void tcpTargets() throws OperationFailed {
    assertThat(ProcessSettings.checks(Map.of("check_tcp", "db.example:5432")).tcp().orElseThrow())
        .isEqualTo(new ProcessSettings.TcpTarget("db.example", 5432));
    ProcessSettings.TcpTarget v6 =
        ProcessSettings.checks(Map.of("check_tcp", "[::1]:8080")).tcp().orElseThrow();
    assertThat(v6).isEqualTo(new ProcessSettings.TcpTarget("::1", 8080));
    assertThat(v6.toString()).isEqualTo("[::1]:8080");
    assertThatThrownBy(() -> ProcessSettings.checks(Map.of("check_tcp", "::1:8080")))
        .isInstanceOf(OperationFailed.class)
        .hasMessageContaining("[::1]:8080");
  }

  @Test
  void httpUrlsAndBlankParameters() throws OperationFailed {
    ProcessSettings.Checks c =
        ProcessSettings.checks(
            Map.of("check_http", "https://127.0.0.1:8443/health?x=1", "check_tcp", " "));

    assertThat(c.http()).contains(URI.create("https://127.0.0.1:8443/health?x=1"));
    assertThat(c.tcp()).as("blank is unset").isEmpty();
  }

  @Test
  void errorsAreNotConfigured() {
    assertThatThrownBy(() -> parse(Map.of("command", "x", "check_timeout", "1d"), Map.of()))
        .isInstanceOfSatisfying(
            OperationFailed.class, e -> assertThat(e.rc()).isEqualTo(OcfResultCode.ERR_CONFIGURED))
        .hasMessage("check_timeout: '1d' is not a duration (seconds, or e.g. 500ms, 10s, 2m, 1h)");
  }
}
