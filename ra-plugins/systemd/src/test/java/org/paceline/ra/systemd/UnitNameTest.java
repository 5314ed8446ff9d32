package org.paceline.ra.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitNameTest {

  @ParameterizedTest
  @CsvSource({
    "nginx, nginx.service, nginx",
    "nginx.service, nginx.service, nginx",
    "getty@tty1, getty@tty1.service, getty@tty1",
    "var-lib-data.mount, var-lib-data.mount, var-lib-data.mount",
    "cups.socket, cups.socket, cups.socket",
    "my.app, my.app.service, my.app",
    "systemd-fsck@dev-disk-by\\x2duuid-1.service, "
        + "systemd-fsck@dev-disk-by\\x2duuid-1.service, systemd-fsck@dev-disk-by\\x2duuid-1",
  })
  void withOrWithoutSuffixNameTheSameUnit(String type, String unit, String agentType) {
    UnitName name = UnitName.of(type);

    assertThat(name.unit()).isEqualTo(unit);
    assertThat(name.agentType()).isEqualTo(agentType);
    assertThat(UnitName.of(name.agentType())).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "-nginx", "--now", "a b", "a/b", "../x", ".service", "x\ny", "ngi$nx"})
  void badNamesAreRejectedWithTheName(String type) {
    assertThatThrownBy(() -> UnitName.of(type))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'")
        .hasMessageContaining("not a systemd unit name");
  }

  @Test
  void templatesNeedAnInstance() {
    assertThatThrownBy(() -> UnitName.of("getty@"))
        .hasMessageContaining("template")
        .hasMessageContaining("getty@1.service");
    assertThatThrownBy(() -> UnitName.of("getty@.service")).hasMessageContaining("template");
  }

  @Test
  void onlyServicesDropTheirSuffix() {
    assertThat(UnitName.of("nginx").isService()).isTrue();
    assertThat(UnitName.of("cups.socket").isService()).isFalse();
  }
}
