package org.paceline.ra.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boot-enabled detection on a real {@code etc/systemd/system} tree with real symlinks. */
class BootEnablementTest {

  @TempDir Path root;
  private Path etc;
  private BootEnablement boot;

  @BeforeEach
  void tree() throws IOException {
    etc = Files.createDirectories(root.resolve("etc/systemd/system"));
    Path lib = Files.createDirectories(root.resolve("lib/systemd/system"));
    for (String unit : new String[] {"nginx.service", "redis.service", "cups.socket"}) {
      Files.writeString(lib.resolve(unit), "[Unit]\n");
    }
    boot = new BootEnablement(etc);
  }

  private void enable(String target, String unit) throws IOException {
    Path wants = Files.createDirectories(etc.resolve(target));
    Files.createSymbolicLink(wants.resolve(unit), root.resolve("lib/systemd/system").resolve(unit));
  }

  @Test
  void wantsLinkIsAWarningNamingItAndTheFix() throws IOException {
    enable("multi-user.target.wants", "nginx.service");

    assertThat(boot.warning(UnitName.of("nginx"), Optional.empty()))
        .hasValue(
            "systemd:nginx is enabled at boot (multi-user.target.wants/nginx.service): the cluster"
                + " and systemd would both start it; run `systemctl disable nginx`");
  }

  @Test
  void everyLinkIsNamedRequiresToo() throws IOException {
    enable("multi-user.target.wants", "nginx.service");
    enable("graphical.target.requires", "nginx.service");

    assertThat(boot.enablingLinks(UnitName.of("nginx.service")))
        .containsExactly(
            "graphical.target.requires/nginx.service", "multi-user.target.wants/nginx.service");
  }

  @Test
  void danglingLinkStillCounts() throws IOException {
    Path wants = Files.createDirectories(etc.resolve("multi-user.target.wants"));
    Files.createSymbolicLink(wants.resolve("gone.service"), root.resolve("nowhere"));

    assertThat(boot.warning(UnitName.of("gone"), Optional.empty())).isPresent();
  }

  @Test
  void notEnabledNoWarning() throws IOException {
    enable("multi-user.target.wants", "redis.service");
    Files.createDirectories(etc.resolve("nginx.service.d"));

    assertThat(boot.warning(UnitName.of("nginx"), Optional.empty())).isEmpty();
    assertThat(boot.warning(UnitName.of("cups.socket"), Optional.empty())).isEmpty();
  }

  @Test
  void otherUnitTypesKeepTheirSuffix() throws IOException {
    enable("sockets.target.wants", "cups.socket");

    assertThat(boot.warning(UnitName.of("cups.socket"), Optional.empty()))
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .startsWith("systemd:cups.socket is enabled at boot")
                    .endsWith("run `systemctl disable cups.socket`"));
  }

  @Test
  void systemctlAnswerDecidesWhenThereIsOne() throws IOException {
    enable("multi-user.target.wants", "nginx.service");

    assertThat(boot.warning(UnitName.of("nginx"), Optional.of("disabled\n"))).isEmpty();
    assertThat(boot.warning(UnitName.of("nginx"), Optional.of("enabled\n")))
        .hasValueSatisfying(w -> assertThat(w).contains("(multi-user.target.wants/nginx.service)"));
    assertThat(boot.warning(UnitName.of("redis"), Optional.of("enabled-runtime")))
        .hasValueSatisfying(w -> assertThat(w).contains("(systemctl is-enabled: enabled-runtime)"));
    assertThat(boot.warning(UnitName.of("redis"), Optional.of("static"))).isEmpty();
  }

  @Test
  void missingConfigDirIsNoWarning() {
    assertThat(
            new BootEnablement(root.resolve("none"))
                .warning(UnitName.of("nginx"), Optional.empty()))
        .isEmpty();
  }
}
