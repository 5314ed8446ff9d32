package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventWaitsTest {

  @TempDir Path dir;

  @Test
  void waitersAreBoundedAndEachWakesForItsOwnSeq() throws Exception {
    try (TestEventLog events = new TestEventLog(dir);
        EventWaits waits = new EventWaits("n1", () -> Optional.of(events.feed), 2)) {
      CompletableFuture<Boolean> afterOne = waits.awaitAfter(1, Duration.ofSeconds(30));
      CompletableFuture<Boolean> afterZero = waits.awaitAfter(0, Duration.ofSeconds(30));

      assertThatThrownBy(() -> waits.awaitAfter(0, Duration.ofSeconds(30)))
          .isInstanceOf(EventWaits.Full.class)
          .hasMessageContaining("2 requests already follow the event log of node n1");
      events.append(TestEventLog.joined("n1"));
      await().atMost(Duration.ofSeconds(10)).until(afterZero::isDone);
      assertThat(afterZero.join()).isTrue();
      assertThat(afterOne).isNotDone();
      events.append(TestEventLog.joined("n2"));
      await().atMost(Duration.ofSeconds(10)).until(afterOne::isDone);
      assertThat(afterOne.join()).isTrue();
      assertThat(waits.waiting()).isZero();
    }
  }

  @Test
  void aWaitEndsFalseWhenItsTimeIsUpOrTheWaitsClose() throws IOException {
    try (TestEventLog events = new TestEventLog(dir)) {
      EventWaits waits = new EventWaits("n1", () -> Optional.of(events.feed), 4);
      CompletableFuture<Boolean> shortWait;
      CompletableFuture<Boolean> longWait;
      try {
        shortWait = waits.awaitAfter(0, Duration.ofMillis(200));
        longWait = waits.awaitAfter(0, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(10)).until(shortWait::isDone);
        assertThat(shortWait.join()).isFalse();
        assertThat(longWait).isNotDone();
      } finally {
        waits.close();
      }
      assertThat(longWait).isDone();
      assertThat(longWait.join()).isFalse();
      assertThat(waits.awaitAfter(0, Duration.ofSeconds(60)).getNow(null)).isFalse();
    } catch (EventWaits.Full e) {
      throw new AssertionError(e);
    }
  }
}
