package org.paceline.ring.srp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.paceline.api.ring.RingView;

/**
 * A failover benchmark's treatment of the ring, on a loaded machine: one node killed and started
 * again (a new process, a new crypto epoch) over and over, while the two others read their packets
 * late. The restarted node must join the others' ring at once, nobody alive may be left out (the
 * controller of a partition with quorum fences the nodes it lost), and membership rounds must not
 * turn into a storm of rings.
 */
class RestartChurnTest {

  private static final List<Integer> ALL = List.of(1, 2, 3);

  @Test
  void aNodeRestartedAgainAndAgainJoinsAtOnceWhileTheOthersAreSlow() throws Exception {
    try (RestartCluster c = new RestartCluster(3, Duration.ofMillis(1000), Duration.ofMillis(50))) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.agree(ALL));
      // Longer than the join timeout, shorter than the token: slow, not dead.
      c.node(1).lag.lag(Duration.ofMillis(40), Duration.ofMillis(200));
      c.node(3).lag.lag(Duration.ofMillis(20), Duration.ofMillis(100));
      for (int cycle = 0; cycle < 4; cycle++) {
        c.kill(2);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.agree(List.of(1, 3)));
        int seen1 = c.node(1).views.size();
        int seen3 = c.node(3).views.size();
        long seqBefore = c.highestRingSeq();

        RestartCluster.Node n2 = c.restart(2);
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .failFast(() -> c.highestRingSeq() - seqBefore > 50)
            .until(() -> c.agree(ALL));

        String why = "cycle " + cycle + c.describe();
        List<RingView> views1 = c.node(1).views.subList(seen1, c.node(1).views.size());
        List<RingView> views3 = c.node(3).views.subList(seen3, c.node(3).views.size());
        assertThat(views1).as(why).allMatch(v -> v.members().contains(3));
        assertThat(views3).as(why).allMatch(v -> v.members().contains(1));
        assertThat(n2.views).as(why).allMatch(v -> v.members().equals(ALL));
        assertThat(c.highestRingSeq() - seqBefore).as(why).isLessThanOrEqualTo(3);
      }
      for (RestartCluster.Node n : c.nodes()) {
        assertThat(n.counters.get("internal_errors")).isZero();
      }
    }
  }
}
