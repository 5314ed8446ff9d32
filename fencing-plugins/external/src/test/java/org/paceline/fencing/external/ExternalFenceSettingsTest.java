package org.paceline.fencing.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalFenceSettingsTest {

  @Test
  void defaults() {
    ExternalFenceSettings d = ExternalFenceSettings.fromProperties(Map.of("other.key", "x"));
    assertThat(d).isEqualTo(ExternalFenceSettings.defaults());
    assertThat(d.dirs()).containsExactly(Path.of("/usr/sbin"));
    assertThat(d.rescanInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(d.metadataTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.killGrace()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void readsEveryKey() {
    ExternalFenceSettings s =
        ExternalFenceSettings.fromProperties(
            Map.of(
                ExternalFenceSettings.DIR, "/opt/fence:/usr/sbin, /usr/local/sbin",
                ExternalFenceSettings.RESCAN, "500ms",
                ExternalFenceSettings.METADATA_TIMEOUT, "3s",
                ExternalFenceSettings.KILL_GRACE, 250L));
    assertThat(s.dirs())
        .containsExactly(Path.of("/opt/fence"), Path.of("/usr/sbin"), Path.of("/usr/local/sbin"));
    assertThat(s.rescanInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.metadataTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.killGrace()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void acceptsAnArrayOfDirectories() {
    ExternalFenceSettings s =
        ExternalFenceSettings.fromProperties(
            Map.of(ExternalFenceSettings.DIR, new String[] {"/a", "/b"}));
    assertThat(s.dirs()).containsExactly(Path.of("/a"), Path.of("/b"));
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(
            () ->
                ExternalFenceSettings.fromProperties(Map.of(ExternalFenceSettings.RESCAN, "often")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("paceline.fence.rescan: 'often' is not a duration");
    assertThatThrownBy(
            () -> ExternalFenceSettings.fromProperties(Map.of(ExternalFenceSettings.DIR, "sbin")))
        .hasMessage("paceline.fence.dir: 'sbin' is not an absolute path");
    assertThatThrownBy(
            () -> ExternalFenceSettings.fromProperties(Map.of(ExternalFenceSettings.DIR, " , ")))
        .hasMessageContaining("at least one directory");
    assertThatThrownBy(
            () ->
                ExternalFenceSettings.fromProperties(
                    Map.of(ExternalFenceSettings.METADATA_TIMEOUT, "0s")))
        .hasMessageContaining("paceline.fence.metadata.timeout must be positive");
    assertThatThrownBy(
            () -> ExternalFenceSettings.fromProperties(Map.of("paceline.fence.dirs", "/x")))
        .hasMessageContaining("unknown external fencing setting 'paceline.fence.dirs'")
        .hasMessageContaining("paceline.fence.dir,");
  }

  @Test
  void withersKeepTheRest() {
    ExternalFenceSettings s =
        ExternalFenceSettings.defaults()
            .withDirs(List.of(Path.of("/x")))
            .withMetadataTimeout(Duration.ofSeconds(1));
    assertThat(s.dirs()).containsExactly(Path.of("/x"));
    assertThat(s.metadataTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.rescanInterval()).isEqualTo(Duration.ofSeconds(15));
  }
}
