package org.paceline.ra.ocf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OcfSettingsTest {

  @Test
  void defaultsWithoutProperties() {
    OcfSettings s = OcfSettings.fromProperties(Map.of("component.name", "x", "service.pid", "y"));
    assertThat(s).isEqualTo(OcfSettings.defaults());
    assertThat(s.roots()).containsExactly(Path.of("/usr/lib/ocf"));
    assertThat(s.runtimeDir()).isNull();
  }

  @Test
  void everyPropertyIsRead() {
    OcfSettings s =
        OcfSettings.fromProperties(
            Map.of(
                OcfSettings.ROOT, "/opt/ocf, /usr/lib/ocf:/srv/ocf",
                OcfSettings.RESCAN, "2s",
                OcfSettings.METADATA_TIMEOUT, "1500",
                OcfSettings.RUNTIME_DIR, "/run/paceline/ocf",
                OcfSettings.KILL_GRACE, "3m"));
    assertThat(s.roots())
        .containsExactly(Path.of("/opt/ocf"), Path.of("/usr/lib/ocf"), Path.of("/srv/ocf"));
    assertThat(s.rescanInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.metadataTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.runtimeDir()).isEqualTo(Path.of("/run/paceline/ocf"));
    assertThat(s.killGrace()).isEqualTo(Duration.ofMinutes(3));
    assertThat(
            OcfSettings.fromProperties(Map.of(OcfSettings.ROOT, new String[] {"/a", "/b"})).roots())
        .containsExactly(Path.of("/a"), Path.of("/b"));
  }

  @Test
  void badSettingsNameTheKey() {
    assertThatThrownBy(() -> OcfSettings.fromProperties(Map.of("paceline.ocf.rot", "/x")))
        .hasMessageContaining("unknown OCF setting 'paceline.ocf.rot'")
        .hasMessageContaining(OcfSettings.ROOT);
    assertThatThrownBy(() -> OcfSettings.fromProperties(Map.of(OcfSettings.RESCAN, "soon")))
        .hasMessageContaining(OcfSettings.RESCAN)
        .hasMessageContaining("'soon'");
    assertThatThrownBy(() -> OcfSettings.fromProperties(Map.of(OcfSettings.RESCAN, "0s")))
        .hasMessageContaining(OcfSettings.RESCAN);
    assertThatThrownBy(() -> OcfSettings.fromProperties(Map.of(OcfSettings.ROOT, "relative")))
        .hasMessageContaining(OcfSettings.ROOT)
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> OcfSettings.fromProperties(Map.of(OcfSettings.ROOT, " , ")))
        .hasMessageContaining("at least one");
    assertThatThrownBy(
            () -> OcfSettings.fromProperties(Map.of(OcfSettings.RUNTIME_DIR, "run/here")))
        .hasMessageContaining(OcfSettings.RUNTIME_DIR);
    assertThatThrownBy(() -> OcfSettings.defaults().withRoots(List.of()))
        .hasMessageContaining("at least one");
  }
}
