package org.paceline.ring.srp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class RingFormationTest {

  @Test
  void aRingOfOneDeliversASteadyStreamOfFullChunks() throws Exception {
    try (TestCluster c = new TestCluster(1, Duration.ofMillis(300))) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.agree(List.of(1)));
      TestCluster.Node n = c.node(1);
      n.recordEvents = false;
      int maxChunk = n.engine.maxChunk();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread th =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < 10_000; i++) {
                      assertThat(n.engine.submit(new byte[maxChunk], 30_000)).isTrue();
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        th.join();
      }
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> n.delivered == 40_000);
      assertThat(n.counters.get("internal_errors")).isZero();
    }
  }

  @Test
  void threeNodesFormOneViewAndDeliverInOneOrder() throws Exception {
    try (TestCluster c = new TestCluster(3, Duration.ofMillis(300))) {
      List<Integer> all = List.of(1, 2, 3);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .failFast(() -> false)
          .conditionEvaluationListener(
              e -> {
                if (e.getRemainingTimeInMS() < 200) {
                  c.nodes.forEach(
                      n ->
                          org.slf4j.LoggerFactory.getLogger("t")
                              .warn("{} {} {}", n.id, n.engine.state(), n.counters.snapshot()));
                }
              })
          .until(() -> c.agree(all));
      // Each ring is announced to the listener on the protocol thread, then its view delivered.
      for (TestCluster.Node n : c.nodes) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> n.views.size() == n.installed.size());
        assertThat(n.installed).isEqualTo(n.views);
        assertThat(n.installThreads).containsOnly("ring-" + n.id);
      }
      int perNode = 1000;
      List<Thread> senders = new ArrayList<>();
      for (TestCluster.Node n : c.nodes) {
        Thread t =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < perNode; i++) {
                      assertThat(
                              n.engine.submit(TestCluster.payload(n.id * 1_000_000L + i), 10_000))
                          .isTrue();
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        senders.add(t);
        t.start();
      }
      for (Thread t : senders) {
        t.join();
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> c.nodes.stream().allMatch(n -> n.deliveredOrder().size() == 3 * perNode));
      List<String> reference = c.node(1).deliveredOrder();
      for (TestCluster.Node n : c.nodes) {
        assertThat(n.deliveredOrder()).isEqualTo(reference);
      }
      // Per-sender FIFO.
      for (int s = 1; s <= 3; s++) {
        String prefix = s + ":";
        List<String> fromS = reference.stream().filter(x -> x.startsWith(prefix)).toList();
        int sender = s;
        assertThat(fromS)
            .containsExactlyElementsOf(
                IntStream.range(0, perNode)
                    .mapToObj(i -> sender + ":" + (sender * 1_000_000L + i))
                    .toList());
      }
    }
  }
}
