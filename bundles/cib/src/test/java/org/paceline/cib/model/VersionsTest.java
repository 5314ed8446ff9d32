package org.paceline.cib.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionsTest {

  @Test
  void adminEpochDominatesThenEpochThenNumUpdates() {
    Versions a = new Versions(1, 0, 0);
    Versions b = new Versions(0, 99, 99);
    Versions c = new Versions(0, 99, 100);
    Versions d = new Versions(0, 100, 0);
    assertThat(a.isNewerThan(b)).isTrue();
    assertThat(c.isNewerThan(b)).isTrue();
    assertThat(d.isNewerThan(c)).isTrue();
    List<Versions> l = new ArrayList<>(List.of(a, d, b, c));
    l.sort(null);
    assertThat(l).containsExactly(b, c, d, a);
    assertThat(b.compareTo(new Versions(0, 99, 99))).isZero();
  }

  @Test
  void nextEpochResetsNumUpdates() {
    Versions v = new Versions(2, 5, 7);
    assertThat(v.nextEpoch()).isEqualTo(new Versions(2, 6, 0));
    assertThat(v.nextUpdate()).isEqualTo(new Versions(2, 5, 8));
    assertThat(v.nextEpoch().isNewerThan(v)).isTrue();
    assertThat(v).hasToString("2.5.7");
  }

  @Test
  void rejectsNegative() {
    assertThatThrownBy(() -> new Versions(0, -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epoch=-1");
  }
}
