package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paceline.api.agent.AgentMetadata;

class AgentDescriberTest {

  private final AgentDescriber describer = new AgentDescriber(4);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    describer.close();
  }

  /** A source whose meta-data takes until {@code gate} opens, counting the calls. */
  private static final class GatedSource implements AgentCatalog.Source {
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch gate;
    final String name;

    GatedSource(String name, CountDownLatch gate) {
      this.name = name;
      this.gate = gate;
    }

    @Override
    public AgentMetadata metadata() {
      calls.incrementAndGet();
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
      return new AgentMetadata(name, "1.0", name + " agent", "", List.of(), List.of());
    }

    @Override
    public List<String> warnings() {
      return List.of();
    }
  }

  static AgentCatalog.Entry entry(String id, AgentCatalog.Source source, long serviceId) {
    return new AgentCatalog.Entry(
        AgentCatalog.Kind.RESOURCE, id, source, "org.example", "1.0.0", serviceId);
  }

  private static AgentCatalog.Source fixed(String name) {
    return AgentCatalog.Source.fixed(
        new AgentMetadata(name, "2.0", name + " agent", "", List.of(), List.of()), List.of());
  }

  @Test
  void aSlowAgentIsPendingWhileTheOthersAreDescribed() {
    GatedSource slow = new GatedSource("Slow", release);
    AgentCatalog.Entry s = entry("ocf:t:Slow", slow, 1);
    AgentCatalog.Entry f = entry("ocf:t:Fast", fixed("Fast"), 2);

    Map<Long, Optional<AgentDescriber.Description>> first =
        describer.describeAll(List.of(s, f), Duration.ofMillis(200));

    assertThat(first.get(1L)).isEmpty();
    assertThat(first.get(2L))
        .hasValueSatisfying(d -> assertThat(d.metadata().name()).isEqualTo("Fast"));

    release.countDown();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> describer.describe(s, Duration.ofMillis(100)).isPresent());
    assertThat(
            describer
                .describe(s, Duration.ofSeconds(5))
                .orElseThrow()
                .metadata()
                .shortDescription())
        .isEqualTo("Slow agent");
  }

  @Test
  void anAgentIsReadOnceAtATimeHoweverManyRequestsAsk() {
    GatedSource slow = new GatedSource("Slow", release);
    AgentCatalog.Entry s = entry("ocf:t:Slow", slow, 1);

    for (int i = 0; i < 5; i++) {
      assertThat(describer.describe(s, Duration.ofMillis(20))).isEmpty();
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> slow.calls.get() == 1);

    release.countDown();
    assertThat(describer.describe(s, Duration.ofSeconds(10))).isPresent();
    assertThat(slow.calls.get()).isBetween(1, 2);
  }

  @Test
  void agentsAreReadInParallel() {
    CyclicBarrier together = new CyclicBarrier(4);
    List<AgentCatalog.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String name = "A" + i;
      AgentCatalog.Source source =
          new AgentCatalog.Source() {
            @Override
            public AgentMetadata metadata() {
              try {
                together.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("not all four ran at once: " + e);
              }
              return new AgentMetadata(name, "1", "", "", List.of(), List.of());
            }

            @Override
            public List<String> warnings() {
              return List.of();
            }
          };
      entries.add(entry("ocf:t:" + name, source, i));
    }

    Map<Long, Optional<AgentDescriber.Description>> out =
        describer.describeAll(entries, Duration.ofSeconds(20));

    assertThat(out.values())
        .allSatisfy(
            d ->
                assertThat(d)
                    .hasValueSatisfying(x -> assertThat(x.metadata().version()).isEqualTo("1")));
  }

  @Test
  void failuresBecomeDescriptionsThatSaySo() {
    AgentCatalog.Source broken =
        new AgentCatalog.Source() {
          @Override
          public AgentMetadata metadata() {
            throw new IllegalStateException("script vanished");
          }

          @Override
          public List<String> warnings() {
            throw new IllegalArgumentException("no rc dirs");
          }
        };

    AgentDescriber.Description d =
        describer.describe(entry("ocf:t:Broken", broken, 1), Duration.ofSeconds(10)).orElseThrow();

    assertThat(d.metadata().shortDescription())
        .isEqualTo("meta-data unavailable: java.lang.IllegalStateException: script vanished");
    assertThat(d.warnings())
        .containsExactly(
            "ocf:t:Broken: checking its set-up failed: java.lang.IllegalArgumentException: no rc"
                + " dirs");
  }

  @Test
  void theAgentListShowsPendingAgentsAndTheDetailSaysToTryAgain() {
    AgentCatalog catalog = new AgentCatalog();
    catalog.add(entry("ocf:t:Slow", new GatedSource("Slow", release), 1));
    catalog.add(entry("ocf:t:Fast", fixed("Fast"), 2));
    try (AdminApi api =
        new AdminApi(
            AdminApiTest.config(),
            catalog,
            Instant.EPOCH,
            ClusterView.none(),
            Optional::empty,
            Duration.ofMillis(200),
            Duration.ofMillis(200))) {

      JsonNode list = api.handle("GET", "/api/v1/agents", Instant.EPOCH).body();

      assertThat(list.get("pending").asInt()).isEqualTo(1);
      JsonNode fast = list.get("agents").get(0);
      JsonNode slow = list.get("agents").get(1);
      assertThat(fast.get("id").asText()).isEqualTo("ocf:t:Fast");
      assertThat(fast.get("pending").asBoolean()).isFalse();
      assertThat(fast.get("shortDescription").asText()).isEqualTo("Fast agent");
      assertThat(slow.get("id").asText()).isEqualTo("ocf:t:Slow");
      assertThat(slow.get("pending").asBoolean()).isTrue();
      assertThat(slow.get("version").isNull()).isTrue();
      assertThat(slow.get("shortDescription").isNull()).isTrue();

      AdminApi.Response detail = api.handle("GET", "/api/v1/agents/ocf:t:Slow", Instant.EPOCH);
      assertThat(detail.status()).isEqualTo(503);
      assertThat(detail.body().get("error").asText())
          .isEqualTo(
              "agent ocf:t:Slow has not given its meta-data within 200 ms on node n1; try again"
                  + " later");

      release.countDown();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  api.handle("GET", "/api/v1/agents", Instant.EPOCH).body().get("pending").asInt()
                      == 0);
    }
  }
}
