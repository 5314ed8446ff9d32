package org.paceline.fencing.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.paceline.cib.crm.CrmParser;

class WatchdogTimeoutsTest {

  @Test
  void parsesPacemakerTimesAndRefusesZeroAndNegative() {
    assertThat(WatchdogTimeouts.parse("10", "t")).isEqualTo(Duration.ofSeconds(10));
    assertThat(WatchdogTimeouts.parse("1500ms", "t")).isEqualTo(Duration.ofMillis(1500));
    assertThat(WatchdogTimeouts.parse("1min", "t")).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> WatchdogTimeouts.parse("0s", "parameter watchdog_timeout"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter watchdog_timeout is 0")
        .hasMessageContaining("disables watchdog fencing");
    assertThatThrownBy(() -> WatchdogTimeouts.parse("-1", "cluster property x"))
        .hasMessageContaining("cluster property x '-1' is negative");
    assertThatThrownBy(() -> WatchdogTimeouts.parse("soon", "parameter watchdog_timeout"))
        .hasMessageContaining("parameter watchdog_timeout 'soon' is not a time");
  }

  @Test
  void aDeviceUsesItsParameterThenThePropertyThenTheDefault() {
    assertThat(WatchdogTimeouts.forDevice(Map.of("watchdog_timeout", "3s"), Optional.of("20s")))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(WatchdogTimeouts.forDevice(Map.of(), Optional.of("20s")))
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(WatchdogTimeouts.forDevice(Map.of(), Optional.empty()))
        .isEqualTo(WatchdogTimeouts.DEFAULT);
    assertThatThrownBy(() -> WatchdogTimeouts.forDevice(Map.of(), Optional.of("0")))
        .hasMessageContaining("cluster property stonith-watchdog-timeout is 0");
  }

  @Test
  void theNewPropertyNameWins() {
    var config =
        CrmParser.parse(
            "property stonith-watchdog-timeout=20s\nproperty fencing-watchdog-timeout=7s");
    assertThat(WatchdogTimeouts.property(config)).contains("7s");
    assertThat(WatchdogTimeouts.property(CrmParser.parse("property stonith-watchdog-timeout=5")))
        .contains("5");
    assertThat(WatchdogTimeouts.property(CrmParser.parse("property no-quorum-policy=stop")))
        .isEmpty();
  }

  @Test
  void selfFencingTakesTheShortestTimeoutOfAnyDeviceOrTheProperty() {
    var config =
        CrmParser.parse(
            """
            primitive wd1 stonith:fence_watchdog params pcmk_host_list="n1 n2" watchdog_timeout=8s
            primitive wd2 stonith:fence_watchdog params pcmk_host_list="n3"
            primitive other stonith:fence_dummy params watchdog_timeout=1s
            property stonith-watchdog-timeout=6s
            """);
    WatchdogTimeouts.SelfFencing plan = WatchdogTimeouts.forSelfFencing(config);
    assertThat(plan.armed()).isTrue();
    assertThat(plan.timeout()).contains(Duration.ofSeconds(6));
    assertThat(plan.problems()).isEmpty();
    assertThat(WatchdogTimeouts.selfFenceDelay(plan.timeout().orElseThrow()))
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aDeviceAloneArmsSelfFencingWithItsOwnOrTheDefaultTimeout() {
    var plan =
        WatchdogTimeouts.forSelfFencing(
            CrmParser.parse("primitive wd stonith:fence_watchdog params watchdog_timeout=4s"));
    assertThat(plan.timeout()).contains(Duration.ofSeconds(4));
    assertThat(plan.source()).isEqualTo("fence device wd");
    assertThat(
            WatchdogTimeouts.forSelfFencing(CrmParser.parse("primitive wd stonith:fence_watchdog"))
                .timeout())
        .contains(WatchdogTimeouts.DEFAULT);
  }

  @Test
  void withoutDeviceOrPositivePropertyNothingIsArmed() {
    assertThat(
            WatchdogTimeouts.forSelfFencing(CrmParser.parse("primitive d ocf:paceline:Dummy"))
                .armed())
        .isFalse();
    var zero =
        WatchdogTimeouts.forSelfFencing(CrmParser.parse("property stonith-watchdog-timeout=0"));
    assertThat(zero.armed()).isFalse();
    assertThat(zero.problems()).isEmpty();
  }

  @Test
  void malformedValuesAreReportedAndSkipped() {
    var plan =
        WatchdogTimeouts.forSelfFencing(
            CrmParser.parse(
                """
                primitive bad stonith:fence_watchdog params watchdog_timeout=later
                primitive good stonith:fence_watchdog params watchdog_timeout=12s
                """));
    assertThat(plan.timeout()).contains(Duration.ofSeconds(12));
    assertThat(plan.problems())
        .singleElement()
        .asString()
        .contains("fence device bad")
        .contains("'later' is not a time");
  }
}
