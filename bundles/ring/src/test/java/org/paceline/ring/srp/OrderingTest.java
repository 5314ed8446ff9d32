package org.paceline.ring.srp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every node delivers the same messages in the same order, the sender's own included. */
class OrderingTest {

  @ParameterizedTest(name = "{0} nodes")
  @ValueSource(ints = {3, 5, 16})
  void hundredThousandMessagesFromConcurrentSendersInOneOrder(int n) throws Exception {
    try (TestCluster c = new TestCluster(n, Duration.ofMillis(1000))) {
      List<Integer> all = IntStream.rangeClosed(1, n).boxed().toList();
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> c.agree(all));
      c.nodes.forEach(
          node -> {
            node.recordEvents = false;
            node.digest = 17; // start comparing here: how each node joined may differ
          });
      List<Integer> viewsBefore = c.nodes.stream().map(node -> node.views.size()).toList();
      int senders = Math.min(n, 4);
      int total = 100_000 / senders * senders;
      List<Thread> threads = new ArrayList<>();
      for (int s = 1; s <= senders; s++) {
        threads.add(c.node(s).sendInBackground(s * 1_000_000L, total / senders));
      }
      for (Thread t : threads) {
        t.join();
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .conditionEvaluationListener(
              e -> {
                if (e.getElapsedTimeInMS() > 20_000) {
                  c.nodes.forEach(
                      node ->
                          org.slf4j.LoggerFactory.getLogger("test")
                              .warn("{} delivered {}", node.engine.describe(), node.delivered));
                }
              })
          .until(() -> c.nodes.stream().allMatch(node -> node.delivered == total));
      long digest = c.node(1).digest;
      for (TestCluster.Node node : c.nodes) {
        assertThat(node.digest).as("order seen by node %d", node.id).isEqualTo(digest);
        assertThat(node.views)
            .as("no view change while sending")
            .hasSize(viewsBefore.get(node.id - 1));
      }
    }
  }
}
