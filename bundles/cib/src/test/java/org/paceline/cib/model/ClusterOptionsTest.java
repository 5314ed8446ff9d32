package org.paceline.cib.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {

  @Test
  void defaultsArePacemakers() {
    ClusterOptions o = new ClusterOptions(Map.of());
    assertThat(o.fencingEnabled()).isTrue();
    assertThat(o.fencingAction()).isEqualTo(ClusterOptions.FencingAction.REBOOT);
    assertThat(o.fencingTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.noQuorumPolicy()).isEqualTo(ClusterOptions.NoQuorumPolicy.STOP);
    assertThat(o.symmetricCluster()).isTrue();
    assertThat(o.startFailureIsFatal()).isTrue();
    assertThat(o.clusterRecheckInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(o.placementStrategy()).isEqualTo(ClusterOptions.PlacementStrategy.DEFAULT);
    assertThat(o.maintenanceMode()).isFalse();
    assertThat(o.stopAllResources()).isFalse();
    assertThat(o.stopOrphanResources()).isTrue();
    assertThat(o.stopOrphanActions()).isTrue();
    assertThat(o.enableStartupProbes()).isTrue();
    assertThat(o.startupFencing()).isTrue();
    assertThat(o.shutdownLock()).isFalse();
    assertThat(o.shutdownLockLimit()).isEqualTo(Duration.ZERO);
    assertThat(o.priorityFencingDelay()).isEqualTo(Duration.ZERO);
    assertThat(o.clusterDelay()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.batchLimit()).isZero();
    assertThat(o.migrationLimit()).isEqualTo(-1);
    assertThat(o.dcDeadtime()).isEqualTo(Duration.ofSeconds(20));
    assertThat(o.nodeHealthStrategy()).isEqualTo("none");
    assertThat(o.clusterName()).isEmpty();
  }

  @Test
  void valuesAreTypedAndBothSpellingsAreRead() {
    ClusterOptions o =
        new ClusterOptions(
            Map.of(
                "stonith-enabled", "false",
                "stonith-action", "poweroff",
                "fencing-timeout", "90s",
                "stonith-timeout", "10s",
                "no-quorum-policy", "suicide",
                "symmetric-cluster", "no",
                "placement-strategy", "balanced",
                "cluster-recheck-interval", "2min",
                "maintenance-mode", "on",
                "batch-limit", "30"));
    assertThat(o.fencingEnabled()).isFalse();
    assertThat(o.fencingAction()).isEqualTo(ClusterOptions.FencingAction.OFF);
    assertThat(o.fencingTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(o.noQuorumPolicy()).isEqualTo(ClusterOptions.NoQuorumPolicy.FENCE);
    assertThat(o.symmetricCluster()).isFalse();
    assertThat(o.placementStrategy()).isEqualTo(ClusterOptions.PlacementStrategy.BALANCED);
    assertThat(o.clusterRecheckInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.maintenanceMode()).isTrue();
    assertThat(o.batchLimit()).isEqualTo(30);
    assertThat(o.option("fencing-enabled")).contains("false");
  }

  @Test
  void badValuesNameTheOption() {
    assertThatThrownBy(
            () -> new ClusterOptions(Map.of("fencing-enabled", "maybe")).fencingEnabled())
        .hasMessageContaining("fencing-enabled 'maybe' is not a boolean");
    assertThatThrownBy(
            () -> new ClusterOptions(Map.of("no-quorum-policy", "panic")).noQuorumPolicy())
        .hasMessageContaining("no-quorum-policy 'panic'");
    assertThatThrownBy(
            () ->
                new ClusterOptions(Map.of("cluster-recheck-interval", "soon"))
                    .clusterRecheckInterval())
        .hasMessageContaining("cluster-recheck-interval 'soon' is not a time");
    assertThatThrownBy(() -> new ClusterOptions(Map.of("batch-limit", "x")).batchLimit())
        .hasMessageContaining("batch-limit 'x' is not an integer");
  }

  @Test
  void durationsParseAndFormat() {
    assertThat(PacemakerDurations.parse("10", "t")).isEqualTo(Duration.ofSeconds(10));
    assertThat(PacemakerDurations.parse("500ms", "t")).isEqualTo(Duration.ofMillis(500));
    assertThat(PacemakerDurations.parse("250us", "t")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(PacemakerDurations.parse("15min", "t")).isEqualTo(Duration.ofMinutes(15));
    assertThat(PacemakerDurations.parse("2h", "t")).isEqualTo(Duration.ofHours(2));
    assertThat(PacemakerDurations.parse("PT1M30S", "t")).isEqualTo(Duration.ofSeconds(90));
    assertThat(PacemakerDurations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(PacemakerDurations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(PacemakerDurations.format(Duration.ofNanos(250_000))).isEqualTo("250us");
    assertThat(PacemakerDurations.format(Duration.ZERO)).isEqualTo("0s");
    assertThatThrownBy(() -> PacemakerDurations.parse("10 days", "interval"))
        .hasMessageContaining("interval '10 days' has an unknown unit");
    assertThatThrownBy(() -> PacemakerDurations.parse("999999999999h", "timeout"))
        .hasMessageContaining("longer than 100 years");
  }
}
