package org.paceline.ra.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdHostTest {

  @TempDir Path root;

  /** A host whose PID 1 is {@code comm}, with or without the run dir and systemctl. */
  private SystemdHost host(String comm, boolean runDir, boolean systemctl) throws IOException {
    Path proc = Files.createDirectories(root.resolve("proc/1"));
    Files.writeString(proc.resolve("comm"), comm + "\n");
    Path run = root.resolve("run/systemd/system");
    if (runDir) {
      Files.createDirectories(run);
    }
    Path ctl = root.resolve("bin/systemctl");
    if (systemctl) {
      Files.createDirectories(ctl.getParent());
      Files.writeString(ctl, "#!/bin/sh\nexit 0\n");
      Files.setPosixFilePermissions(ctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return new SystemdHost(root.resolve("proc"), run, ctl, root.resolve("etc"), List.of());
  }

  @Test
  void thisMachineIsUnavailableAndSaysWhatPid1Is() throws IOException {
    String pid1 = Files.readString(Path.of("/proc/1/comm")).strip();
    assumeFalse("systemd".equals(pid1), "this check is for machines where systemd is not PID 1");

    SystemdAgentClass agentClass = new SystemdAgentClass(SystemdHost.defaults());

    assertThat(agentClass.standard()).isEqualTo("systemd");
    assertThat(agentClass.unavailableReason())
        .hasValue(
            "systemd is not PID 1 on this node (PID 1 is '"
                + pid1
                + "'); systemd:* resources cannot run here");
  }

  @Test
  void availableWhereSystemdIsPid1WithItsRunDirAndSystemctl() throws IOException {
    assertThat(host("systemd", true, true).unavailableReason()).isEmpty();
  }

  @Test
  void anotherInitIsNamed() throws IOException {
    assertThat(host("init", true, true).unavailableReason())
        .hasValueSatisfying(r -> assertThat(r).contains("PID 1 is 'init'"));
  }

  @Test
  void missingRunDirIsNamed() throws IOException {
    SystemdHost host = host("systemd", false, true);

    assertThat(host.unavailableReason())
        .hasValueSatisfying(r -> assertThat(r).contains(host.runDir() + " does not exist"));
  }

  @Test
  void missingSystemctlIsNamed() throws IOException {
    SystemdHost host = host("systemd", true, false);

    assertThat(host.unavailableReason())
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .contains("systemctl not found")
                    .contains(host.systemctl().toString()));
  }

  @Test
  void unreadableProcIsNamedNotThrown() {
    SystemdHost host =
        new SystemdHost(root.resolve("nope"), root, root.resolve("systemctl"), root, List.of());

    assertThat(host.unavailableReason())
        .hasValueSatisfying(r -> assertThat(r).contains("nope/1/comm").contains("cannot tell"));
  }

  @Test
  void controlCharactersInCommAreNotEchoed() throws IOException {
    assertThat(host("we\u001bird", true, true).unavailableReason())
        .hasValueSatisfying(r -> assertThat(r).contains("PID 1 is 'we?ird'"));
  }
}
