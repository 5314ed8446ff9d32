package org.paceline.ra.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterDropInTest {

  @TempDir Path run;

  @Test
  void installOnceThenRemove() throws IOException {
    ClusterDropIn dropIn = new ClusterDropIn(run);
    UnitName nginx = UnitName.of("nginx");

    assertThat(dropIn.install(nginx)).isTrue();
    assertThat(dropIn.install(nginx)).as("unchanged: no reload needed").isFalse();

    Path file = run.resolve("nginx.service.d/50-paceline.conf");
    assertThat(dropIn.path(nginx)).isEqualTo(file);
    assertThat(Files.readString(file))
        .contains("[Unit]\nBefore=paceline.service\n")
        .contains("[Service]\nRestart=no\n");

    assertThat(dropIn.remove(nginx)).isTrue();
    assertThat(file.getParent()).doesNotExist();
    assertThat(dropIn.remove(nginx)).isFalse();
  }

  @Test
  void othersDropInsStay() throws IOException {
    ClusterDropIn dropIn = new ClusterDropIn(run);
    UnitName nginx = UnitName.of("nginx");
    dropIn.install(nginx);
    Path mine = Files.writeString(run.resolve("nginx.service.d/10-admin.conf"), "[Unit]\n");

    assertThat(dropIn.remove(nginx)).isTrue();

    assertThat(mine).exists();
  }

  @Test
  void nonServicesGetNoServiceSection() {
    assertThat(ClusterDropIn.content(UnitName.of("data.mount")))
        .contains("Before=paceline.service")
        .doesNotContain("[Service]");
  }
}
