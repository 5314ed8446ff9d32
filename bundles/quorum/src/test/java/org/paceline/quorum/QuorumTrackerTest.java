package org.paceline.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paceline.quorum.Fixtures.nodes;
import static org.paceline.quorum.Fixtures.votequorum;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;

class QuorumTrackerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final QuorumTracker tracker =
      new QuorumTracker("n1", QuorumCalculator.of(votequorum().build(), nodes(3)));

  private static RingView view(long seq, Integer... members) {
    return new RingView(new RingId(seq, members[0]), List.of(members), List.of(), List.of());
  }

  private static Consumer<QuorumState> into(List<QuorumState> states) {
    return states::add;
  }

  @Test
  void aListenerGetsTheCurrentStateThenEveryNewOneInOrder() throws Exception {
    tracker.onView(view(1, 1), T0);
    List<QuorumState> seen = new ArrayList<>();

    AutoCloseable handle = tracker.addListener(into(seen));
    tracker.onView(view(2, 1, 2), T0);
    tracker.onView(view(3, 1, 2, 3), T0);
    handle.close();

    assertThat(seen).extracting(s -> s.ringId().seq()).containsExactly(1L, 2L, 3L);
    assertThat(seen).extracting(QuorumState::quorate).containsExactly(false, true, true);
    assertThat(tracker.current()).isEqualTo(seen.get(2));
  }

  @Test
  void aListenerAddedBeforeAnyViewGetsTheInitialState() throws Exception {
    List<QuorumState> seen = new ArrayList<>();

    tracker.addListener(into(seen)).close();

    assertThat(seen).singleElement().satisfies(s -> assertThat(s.members()).isEmpty());
  }

  @Test
  void olderAndRepeatedViewsAreNotPublished() throws Exception {
    tracker.onView(view(5, 1, 2), T0);
    List<QuorumState> seen = new ArrayList<>();
    AutoCloseable handle = tracker.addListener(into(seen));
    tracker.onView(view(5, 1, 2), T0);
    tracker.onView(view(4, 1), T0);
    handle.close();

    assertThat(seen).hasSize(1);
    assertThat(tracker.current().ringId().seq()).isEqualTo(5);
  }

  @Test
  void closingTheHandleStopsDeliveryAndClosingTwiceIsHarmless() throws Exception {
    List<QuorumState> seen = new ArrayList<>();
    AutoCloseable handle = tracker.addListener(into(seen));
    assertThat(tracker.listenerCount()).isEqualTo(1);

    handle.close();
    handle.close();
    tracker.onView(view(1, 1, 2), T0);

    assertThat(seen).hasSize(1);
    assertThat(tracker.listenerCount()).isZero();
  }

  @Test
  void theSameListenerAddedTwiceIsTwoRegistrations() throws Exception {
    List<QuorumState> seen = new ArrayList<>();
    Consumer<QuorumState> listener = into(seen);
    AutoCloseable first = tracker.addListener(listener);
    AutoCloseable second = tracker.addListener(listener);

    first.close();
    tracker.onView(view(1, 1, 2), T0);
    second.close();

    assertThat(seen).hasSize(3);
    assertThat(tracker.listenerCount()).isZero();
  }

  @Test
  void aFailingListenerDoesNotStopTheOthers() throws Exception {
    List<QuorumState> seen = new ArrayList<>();
    tracker.addListener(
        s -> {
          if (s.ringId().seq() > 0) {
            throw new IllegalStateException("listener bug");
          }
        });
    tracker.addListener(into(seen));

    tracker.onView(view(1, 1, 2), T0);
    tracker.onView(view(2, 1, 2, 3), T0);

    assertThat(seen).extracting(s -> s.ringId().seq()).containsExactly(0L, 1L, 2L);
  }

  @Test
  void aTickIsPublishedOnlyWhenItChangesTheState() throws Exception {
    Duration window = Duration.ofSeconds(10);
    QuorumTracker lms =
        new QuorumTracker(
            "n1", QuorumCalculator.of(votequorum().lastManStanding(window).build(), nodes(5)));
    lms.onView(view(1, 1, 2, 3, 4, 5), T0);
    lms.onView(view(2, 1, 2, 3), T0);
    List<QuorumState> seen = new ArrayList<>();

    lms.addListener(into(seen));
    lms.tick(T0.plus(window).minusMillis(1));
    lms.tick(T0.plus(window));
    lms.tick(T0.plus(window).plus(window));

    assertThat(seen).extracting(QuorumState::expectedVotes).containsExactly(5, 3);
    assertThat(seen).extracting(s -> s.ringId().seq()).containsExactly(2L, 2L);
  }

  @Test
  void listenersComingAndGoingWhileViewsArriveEachSeeAGaplessRun() throws Exception {
    int views = 2_000;
    int subscribers = 4;
    AtomicBoolean publishing = new AtomicBoolean(true);
    List<List<Long>> runs = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(subscribers + 1);
    try {
      List<Future<?>> subscriberTasks = new ArrayList<>();
      for (int i = 0; i < subscribers; i++) {
        subscriberTasks.add(
            pool.submit(
                () -> {
                  while (publishing.get()) {
                    List<Long> run = Collections.synchronizedList(new ArrayList<>());
                    AutoCloseable handle = tracker.addListener(s -> run.add(s.ringId().seq()));
                    while (run.size() < 5 && publishing.get()) {
                      Thread.onSpinWait();
                    }
                    handle.close();
                    runs.add(run);
                  }
                  return null;
                }));
      }
      Future<?> publisher =
          pool.submit(
              () -> {
                for (long seq = 1; seq <= views; seq++) {
                  tracker.onView(seq % 2 == 0 ? view(seq, 1, 2) : view(seq, 1, 2, 3), T0);
                }
                publishing.set(false);
              });

      publisher.get(30, TimeUnit.SECONDS);
      for (Future<?> task : subscriberTasks) {
        task.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(runs).isNotEmpty();
    synchronized (runs) {
      for (List<Long> run : runs) {
        assertThat(run).isNotEmpty();
        for (int i = 1; i < run.size(); i++) {
          assertThat(run.get(i))
              .as("state after %s in %s", run.get(i - 1), run)
              .isEqualTo(run.get(i - 1) + 1);
        }
      }
    }
    assertThat(tracker.listenerCount()).isZero();
    assertThat(tracker.current().ringId().seq()).isEqualTo(views);
  }
}
