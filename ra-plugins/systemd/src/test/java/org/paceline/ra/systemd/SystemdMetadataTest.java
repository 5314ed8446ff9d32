package org.paceline.ra.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.paceline.api.agent.AgentMetadata;

class SystemdMetadataTest {

  @Test
  void pacemakerLikeDefaults() {
    AgentMetadata m =
        SystemdMetadata.of(UnitName.of("nginx.service"), "A high performance web server");

    assertThat(m.name()).isEqualTo("nginx");
    assertThat(m.parameters()).isEmpty();
    assertThat(m.shortDescription()).isEqualTo("systemd unit file for nginx");
    assertThat(m.longDescription()).isEqualTo("A high performance web server");
    assertThat(m.defaultTimeout("start")).hasValue(Duration.ofSeconds(100));
    assertThat(m.defaultTimeout("stop")).hasValue(Duration.ofSeconds(100));
    assertThat(m.defaultTimeout("monitor")).hasValue(Duration.ofSeconds(100));
    assertThat(m.action("monitor").orElseThrow().interval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(m.supports("promote")).isFalse();
    assertThat(m.supports("reload")).isFalse();
  }

  @Test
  void noDescriptionFallsBackToTheShortOne() {
    assertThat(SystemdMetadata.of(UnitName.of("x"), " ").longDescription())
        .isEqualTo("systemd unit file for x");
  }
}
