package org.paceline.quorum.internal.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.paceline.quorum.Fixtures.nodeConfiguration;
import static org.paceline.quorum.Fixtures.nodes;
import static org.paceline.quorum.Fixtures.votequorum;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.quorum.QuorumState;

class QuorumComponentTest {

  private final FakeGroupChannel ring = new FakeGroupChannel(1);
  private QuorumComponent component;

  @AfterEach
  void stop() {
    if (component != null) {
      component.deactivate();
    }
  }

  @Test
  void startsFromTheRingsCurrentViewAndFollowsItsViews() throws Exception {
    ring.deliver(1, 2);
    component = new QuorumComponent(nodeConfiguration("n1", nodes(3), votequorum().build()), ring);
    assertThat(component.current().members()).containsExactly(1, 2);
    assertThat(component.current().quorate()).isTrue();

    List<QuorumState> seen = new ArrayList<>();
    AutoCloseable handle = component.addListener(seen::add);
    ring.deliver(1);
    ring.deliver(1, 2, 3);
    handle.close();
    ring.deliver(1, 3);

    assertThat(seen)
        .extracting(QuorumState::members)
        .containsExactly(List.of(1, 2), List.of(1), List.of(1, 2, 3));
    assertThat(seen).extracting(QuorumState::quorate).containsExactly(true, false, true);
    assertThat(component.current().members()).containsExactly(1, 3);
    assertThat(ring.viewListenerCount()).isEqualTo(1);
  }

  @Test
  void deactivationRemovesTheViewListener() {
    component = new QuorumComponent(nodeConfiguration("n1", nodes(3), votequorum().build()), ring);
    assertThat(ring.viewListenerCount()).isEqualTo(1);
    assertThat(component.ticking()).isFalse();

    component.deactivate();
    component = null;

    assertThat(ring.viewListenerCount()).isZero();
  }

  @Test
  void lastManStandingLowersExpectedVotesOnItsOwnTimerThread() {
    NodeConfiguration config =
        nodeConfiguration(
            "n1", nodes(5), votequorum().lastManStanding(Duration.ofMillis(40)).build());
    ring.deliver(1, 2, 3, 4, 5);
    component = new QuorumComponent(config, ring);
    List<String> tickThreads = Collections.synchronizedList(new ArrayList<>());
    component.addListener(
        s -> {
          if (s.expectedVotes() < 5) {
            tickThreads.add(Thread.currentThread().getName());
          }
        });

    ring.deliver(1, 2, 3);

    await().atMost(Duration.ofSeconds(10)).until(() -> component.current().expectedVotes() == 3);
    assertThat(component.current().quorum()).isEqualTo(2);
    assertThat(tickThreads).containsExactly("paceline-quorum-lms-n1");
    assertThat(component.ticking()).isTrue();
    assertThat(
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("paceline-quorum-lms-n1")))
        .allMatch(Thread::isDaemon)
        .isNotEmpty();

    component.deactivate();
    assertThat(component.ticking()).isFalse();
    component = null;
  }

  @Test
  void theClockDecidesWhenTheWindowEnds() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    NodeConfiguration config =
        nodeConfiguration(
            "n1", nodes(5), votequorum().lastManStanding(Duration.ofMillis(40)).build());
    ring.deliver(1, 2, 3, 4, 5);
    component = new QuorumComponent(config, ring, now::get);
    ring.deliver(1, 2, 3);

    now.set(now.get().plus(Duration.ofMillis(40)));

    await().atMost(Duration.ofSeconds(10)).until(() -> component.current().expectedVotes() == 3);
  }

  @Test
  void aConfigurationVotequorumRefusesDoesNotActivate() {
    NodeConfiguration config =
        nodeConfiguration(
            "n1",
            nodes(3),
            votequorum().autoTieBreaker("lowest").lastManStanding(Duration.ofSeconds(10)).build());

    assertThatThrownBy(() -> new QuorumComponent(config, ring))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wait_for_all");
    assertThat(ring.viewListenerCount()).isZero();
  }

  @Test
  void ticksAQuarterOfTheWindowWithinBounds() {
    assertThat(QuorumComponent.tickPeriod(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(1));
    assertThat(QuorumComponent.tickPeriod(Duration.ofMillis(400)))
        .isEqualTo(Duration.ofMillis(100));
    assertThat(QuorumComponent.tickPeriod(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(10));
  }
}
