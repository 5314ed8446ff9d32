package org.paceline.bench.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimelineTest {

  @Test
  void theConsumerChecksCountDuplicatesGapsAndStrangers() {
    Timeline t = new Timeline(3, 10);
    t.consumed(1, 1, 0, 100);
    t.consumed(2, 3, 0, 101);
    t.consumed(4, 2, 0, 103);
    assertThat(t.consumedWithoutGap()).isEqualTo(2);
    assertThat(t.seqOf[3][0]).isEqualTo(2);
    t.consumed(2, 3, 0, 105); // read twice
    t.consumed(5, 9, 0, 106); // no such node
    t.consumed(6, 1, 10, 106); // index beyond the node's room
    assertThat(t.duplicates()).isEqualTo(1);
    assertThat(t.foreign()).isEqualTo(2);
    t.consumed(3, 1, 1, 107);
    assertThat(t.consumedWithoutGap()).isEqualTo(4);

    t.committed(1, 4, 200);
    t.committed(5, 5, 230);
    assertThat(t.commits()).isEqualTo(2);
    assertThat(t.committed[4]).isEqualTo(200);
    assertThat(t.commitTimes[1]).isEqualTo(230);

    t.clear();
    assertThat(t.consumedWithoutGap()).isZero();
    assertThat(t.commits()).isZero();
    assertThat(t.duplicates()).isZero();
  }
}
