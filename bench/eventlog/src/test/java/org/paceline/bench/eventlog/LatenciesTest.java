package org.paceline.bench.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesAreNearestRank() {
    long[] v = new long[1000];
    for (int i = 0; i < v.length; i++) {
      v[i] = (v.length - i) * 1_000_000L; // 1000 ms .. 1 ms, unsorted
    }
    Latencies l = Latencies.of(v, v.length);
    assertThat(l.count()).isEqualTo(1000);
    assertThat(l.p50()).isEqualTo(500_000_000L);
    assertThat(l.p90()).isEqualTo(900_000_000L);
    assertThat(l.p99()).isEqualTo(990_000_000L);
    assertThat(l.p999()).isEqualTo(999_000_000L);
    assertThat(l.max()).isEqualTo(1_000_000_000L);
    assertThat(l.cells()).isEqualTo("500.0 ms | 900.0 ms | 990.0 ms | 999.0 ms | 1000.0 ms");
  }

  @Test
  void onlyTheFirstNValuesCount() {
    long[] v = {3, 1, 2, 1_000_000};
    Latencies l = Latencies.of(v, 3);
    assertThat(l.max()).isEqualTo(3);
    assertThat(l.p50()).isEqualTo(2);
    assertThat(Latencies.of(new long[0], 0).count()).isZero();
    assertThatThrownBy(() -> Latencies.of(v, 5)).hasMessageContaining("between 0 and 4");
  }
}
