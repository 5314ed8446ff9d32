package org.paceline.ra.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.ra.script.CommandRunner;

/** This machine, for real: PID 1 is not systemd, so the class is unavailable and says why. */
class UnavailableSystemdTest {

  @TempDir Path root;
  private String pid1;
  private SystemdAgents agents;

  @BeforeEach
  void realHost() throws IOException {
    pid1 = Files.readString(Path.of("/proc/1/comm")).strip();
    assumeFalse("systemd".equals(pid1), "only where systemd is not PID 1");
    SystemdHost real = SystemdHost.defaults();
    // the real probe inputs, with the configuration tree in a temp dir for the boot-enabled check
    SystemdHost host =
        new SystemdHost(
            real.procRoot(), real.runDir(), real.systemctl(), root.resolve("etc"), real.unitDirs());
    agents = new SystemdAgents(host, new CommandRunner(), Duration.ofMillis(50));
  }

  private String reason() {
    return "systemd is not PID 1 on this node (PID 1 is '"
        + pid1
        + "'); systemd:* resources cannot run here";
  }

  @Test
  void classIsUnavailableAndNoAgentsAreOffered() {
    assertThat(agents.agentClass().unavailableReason()).hasValue(reason());
    assertThat(agents.discover()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(AgentAction.class)
  void everyOperationIsNotInstalledWithTheReason(AgentAction action) throws InterruptedException {
    OperationResult r =
        agents
            .agent("nginx")
            .execute(
                OperationRequest.of("web", action, Map.of(), Duration.ofSeconds(5)),
                new OperationContext("n1", root, Instant.now().plusSeconds(5)));

    assertThat(r.status()).isEqualTo(ExecutionStatus.NOT_INSTALLED);
    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_INSTALLED);
    assertThat(r.exitReason()).isEqualTo(reason());
  }

  @Test
  void bootEnabledWarningWorksFromTheLinks() throws IOException {
    Path wants = Files.createDirectories(root.resolve("etc/multi-user.target.wants"));
    Files.createSymbolicLink(wants.resolve("nginx.service"), root.resolve("nginx.service"));

    assertThat(agents.agent("nginx").warnings())
        .isEqualTo(
            List.of(
                "systemd:nginx is enabled at boot (multi-user.target.wants/nginx.service): the"
                    + " cluster and systemd would both start it; run `systemctl disable nginx`"));
    assertThat(agents.agent("redis").warnings()).isEmpty();
  }
}
