package org.paceline.ra.lsb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LsbSettingsTest {

  @Test
  void defaultsAndOverrides() {
    assertThat(LsbSettings.fromProperties(Map.of("component.id", 3)))
        .isEqualTo(LsbSettings.defaults());
    LsbSettings s =
        LsbSettings.fromProperties(
            Map.of(
                LsbSettings.INIT_DIR, "/srv/init.d",
                LsbSettings.RC_ROOT, "/srv",
                LsbSettings.RESCAN, "250ms",
                LsbSettings.KILL_GRACE, "1s"));
    assertThat(s.initDir()).isEqualTo(Path.of("/srv/init.d"));
    assertThat(s.rcRoot()).isEqualTo(Path.of("/srv"));
    assertThat(s.rescanInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.killGrace()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void badSettingsNameTheKey() {
    assertThatThrownBy(() -> LsbSettings.fromProperties(Map.of("paceline.lsb.dir", "/x")))
        .hasMessageContaining("unknown LSB setting 'paceline.lsb.dir'");
    assertThatThrownBy(() -> LsbSettings.fromProperties(Map.of(LsbSettings.INIT_DIR, "init.d")))
        .hasMessageContaining(LsbSettings.INIT_DIR);
    assertThatThrownBy(() -> LsbSettings.fromProperties(Map.of(LsbSettings.RESCAN, "fast")))
        .hasMessageContaining(LsbSettings.RESCAN);
  }
}
