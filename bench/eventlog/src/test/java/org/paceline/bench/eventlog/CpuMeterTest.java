package org.paceline.bench.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuMeterTest {

  @Test
  void threadsOfTheSameRoleOnEveryNodeFormOneGroup() {
    assertThat(CpuMeter.group("ring-deliver-n1")).isEqualTo("ring-deliver");
    assertThat(CpuMeter.group("ring-rx-3")).isEqualTo("ring-rx");
    assertThat(CpuMeter.group("ring-2")).isEqualTo("ring");
    assertThat(CpuMeter.group("journal-sync-evbench-events")).isEqualTo("journal-sync-events");
    assertThat(CpuMeter.group("journal-sync-n2-drafts")).isEqualTo("journal-sync-drafts");
    assertThat(CpuMeter.group("data-plane-kafka-request-handler-3"))
        .isEqualTo("data-plane-kafka-request-handler");
    assertThat(CpuMeter.group("kafka-producer-network-thread | paceline-evbench-publisher"))
        .isEqualTo("kafka-producer-network-thread");
    assertThat(CpuMeter.group("eventlog-publisher-n1")).isEqualTo("eventlog-publisher");
    assertThat(CpuMeter.group("main")).isEqualTo("main");
  }
}
