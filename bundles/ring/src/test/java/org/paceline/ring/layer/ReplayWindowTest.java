package org.paceline.ring.layer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {

  private final ReplayWindow window = new ReplayWindow();

  private boolean offer(long counter) {
    if (!window.isFresh(counter)) {
      return false;
    }
    window.accept(counter);
    return true;
  }

  @Test
  void acceptsEachCounterOnceInAnyOrderWithinTheWindow() {
    assertThat(offer(5)).isTrue();
    assertThat(offer(3)).isTrue();
    assertThat(offer(1)).isTrue();
    assertThat(offer(4)).isTrue();
    assertThat(offer(2)).isTrue();
    for (long c = 1; c <= 5; c++) {
      assertThat(offer(c)).as("counter %d again", c).isFalse();
    }
  }

  @Test
  void rejectsCountersBelowOneAndTooOld() {
    assertThat(offer(0)).isFalse();
    assertThat(offer(-1)).isFalse();
    assertThat(offer(Long.MIN_VALUE)).isFalse();
    assertThat(offer(2000)).isTrue();
    assertThat(offer(2000 - ReplayWindow.SIZE)).isFalse();
    assertThat(offer(2000 - ReplayWindow.SIZE + 1)).isTrue();
  }

  @Test
  void slidingForgetsOnlyWhatFellOut() {
    assertThat(offer(10)).isTrue();
    assertThat(offer(10 + ReplayWindow.SIZE - 1)).isTrue();
    assertThat(offer(10)).as("still inside, already seen").isFalse();
    assertThat(offer(11)).as("still inside, never seen").isTrue();
    // a jump of more than a window clears every bit, and the slots reused are fresh
    assertThat(offer(10 + 5L * ReplayWindow.SIZE)).isTrue();
    assertThat(offer(10 + 4L * ReplayWindow.SIZE + 1)).isTrue();
    assertThat(offer(10 + 4L * ReplayWindow.SIZE + 1)).isFalse();
    assertThat(offer(Long.MAX_VALUE)).isTrue();
    assertThat(offer(Long.MAX_VALUE)).isFalse();
  }
}
