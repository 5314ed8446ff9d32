package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventCodec;
import org.paceline.eventlog.EventPayload;

/** {@code GET /events} over a real event journal. */
class EventRoutesTest {

  @TempDir Path dir;

  private TestEventLog events;
  private final AtomicReference<EventFeed> feed = new AtomicReference<>();
  private AdminApi api;

  @BeforeEach
  void start() throws IOException {
    events = new TestEventLog(dir.resolve("events"));
    feed.set(events.feed);
    api =
        new AdminApi(
            AdminApiTest.config(),
            new AgentCatalog(),
            Instant.EPOCH,
            ClusterView.none(),
            Optional::empty,
            Optional::empty,
            Map::of,
            () -> Optional.ofNullable(feed.get()));
  }

  @AfterEach
  void stop() {
    api.close();
    events.close();
  }

  @Test
  void aChangeRequestIsRecordedAsAnOperatorActionWithItsOutcomeAndAReadIsNot() throws Exception {
    api.handleAsync("GET", "/api/v1/status", "", Instant.EPOCH, "admin@127.0.0.1").get();
    assertThat(events.emitted).isEmpty();
    AdminApi.Response r =
        api.handleAsync(
                "POST",
                "/api/v1/nodes/n1/state",
                "{\"state\":\"standby\"}",
                Instant.EPOCH,
                "admin@127.0.0.1")
            .get();
    assertThat(events.emitted).hasSize(1);
    EventPayload.OperatorAction a = (EventPayload.OperatorAction) events.emitted.get(0);
    assertThat(a.who()).isEqualTo("admin@127.0.0.1");
    assertThat(a.what()).isEqualTo("POST /nodes/n1/state");
    assertThat(a.target()).isEqualTo("node/n1");
    assertThat(a.success()).isEqualTo(r.status() < 400);
    if (!a.success()) {
      assertThat(a.error()).isEqualTo(r.body().path("error").asText());
    }
    assertThat(AdminApi.targetOf("/resources/web/move")).isEqualTo("resource/web");
    assertThat(AdminApi.targetOf("/configuration/load")).isEqualTo("cib");
    assertThat(AdminApi.targetOf("/ring/faults")).isEqualTo("cluster");
  }

  private AdminApi.Response get(String query) {
    return api.handle("GET", "/api/v1/events" + query, Instant.EPOCH);
  }

  private CompletableFuture<AdminApi.Response> getAsync(String query) {
    return api.handleAsync("GET", "/api/v1/events" + query, "", Instant.EPOCH);
  }

  private static List<Long> seqs(AdminApi.Response r) {
    List<Long> out = new ArrayList<>();
    r.body().path("events").forEach(e -> out.add(e.path("seq").asLong()));
    return out;
  }

  private String error(String query, int status) {
    AdminApi.Response r = get(query);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
    return r.body().path("error").asText();
  }

  @Test
  void readsTheJournalOldestFirstEachEventAsTheCodecWritesIt() throws IOException {
    List<Event> written =
        events.append(TestEventLog.joined("n1"), TestEventLog.failed("web"), TestEventLog.dc("n1"));

    AdminApi.Response r = get("");

    assertThat(r.status()).isEqualTo(200);
    assertThat(seqs(r)).containsExactly(1L, 2L, 3L);
    EventCodec codec = new EventCodec();
    for (int i = 0; i < written.size(); i++) {
      assertThat(r.body().path("events").get(i).toString())
          .isEqualTo(codec.encodeToString(written.get(i)));
    }
    JsonNode b = r.body();
    assertThat(b.path("node").asText()).isEqualTo("n1");
    assertThat(b.path("cluster").asText()).isEqualTo("alpha");
    assertThat(b.path("firstSeq").asLong()).isEqualTo(1);
    assertThat(b.path("lastSeq").asLong()).isEqualTo(3);
    assertThat(b.path("next").asLong()).isEqualTo(4);
  }

  @Test
  void fromAndMaxPage() throws IOException {
    for (int i = 0; i < 7; i++) {
      events.append(TestEventLog.joined("n" + i));
    }

    AdminApi.Response page = get("?from=3&max=2");

    assertThat(seqs(page)).containsExactly(3L, 4L);
    assertThat(page.body().path("next").asLong()).isEqualTo(5);
    assertThat(seqs(get("?from=5&max=100"))).containsExactly(5L, 6L, 7L);
    AdminApi.Response end = get("?from=8");
    assertThat(seqs(end)).isEmpty();
    assertThat(end.body().path("next").asLong()).isEqualTo(8);
    AdminApi.Response none = get("?max=0");
    assertThat(seqs(none)).isEmpty();
    assertThat(none.body().path("lastSeq").asLong()).isEqualTo(7);
  }

  @Test
  void emptyJournalAnswersNoEventsAndNextOne() {
    AdminApi.Response r = get("");

    assertThat(r.status()).isEqualTo(200);
    assertThat(seqs(r)).isEmpty();
    assertThat(r.body().path("lastSeq").asLong()).isZero();
    assertThat(r.body().path("next").asLong()).isEqualTo(1);
  }

  @Test
  void typeFiltersByTypeFamilyCommaListAndRepetition() throws IOException {
    events.append(
        TestEventLog.joined("n1"),
        TestEventLog.failed("web"),
        TestEventLog.dc("n1"),
        TestEventLog.failed("db"),
        TestEventLog.joined("n2"));

    assertThat(seqs(get("?type=resource.failed"))).containsExactly(2L, 4L);
    assertThat(seqs(get("?type=node"))).containsExactly(1L, 5L);
    assertThat(seqs(get("?type=node.*"))).containsExactly(1L, 5L);
    assertThat(seqs(get("?type=dc.changed,resource.failed"))).containsExactly(2L, 3L, 4L);
    assertThat(seqs(get("?type=dc.changed&type=node.joined"))).containsExactly(1L, 3L, 5L);
    AdminApi.Response firstFailure = get("?type=resource&max=1");
    assertThat(seqs(firstFailure)).containsExactly(2L);
    assertThat(firstFailure.body().path("next").asLong()).isEqualTo(3);
    AdminApi.Response noMatch = get("?type=fencing");
    assertThat(seqs(noMatch)).isEmpty();
    assertThat(noMatch.body().path("next").asLong()).isEqualTo(6);
  }

  @Test
  void badQueriesAre400NamingTheProblem() {
    assertThat(error("?type=node.exploded", 400))
        .contains("unknown event type 'node.exploded'", "node.joined", "resource.failed");
    assertThat(error("?type=", 400)).contains("empty type name");
    assertThat(error("?type=node,,dc", 400)).contains("empty type name");
    assertThat(error("?from=abc", 400)).contains("from: 'abc' is not a whole number");
    assertThat(error("?from=-1", 400)).contains("from: -1 is out of range");
    assertThat(error("?max=1001", 400)).contains("max: 1001 is out of range [0, 1000]");
    assertThat(error("?wait=forever", 400)).contains("wait:", "not a duration");
    assertThat(error("?wait=2m", 400)).contains("longer than the most, 60 s");
    assertThat(error("?frm=1", 400)).contains("unknown query parameter 'frm'");
  }

  @Test
  void withoutTheEventLogEventsAre503AndStatusSaysNull() {
    feed.set(null);

    assertThat(error("", 503)).contains("event log is not running on node n1");
    assertThat(error("?wait=5s", 503)).contains("event log is not running");
    JsonNode status = api.handle("GET", "/api/v1/status", Instant.EPOCH).body();
    assertThat(status.has("eventLog")).isTrue();
    assertThat(status.path("eventLog").isNull()).isTrue();
  }

  @Test
  void statusShowsTheJournalAndNoKafka() throws IOException {
    events.append(TestEventLog.joined("n1"), TestEventLog.dc("n1"));

    JsonNode log = api.handle("GET", "/api/v1/status", Instant.EPOCH).body().path("eventLog");

    assertThat(log.path("firstSeq").asLong()).isEqualTo(1);
    assertThat(log.path("lastSeq").asLong()).isEqualTo(2);
    assertThat(log.path("kafka").isNull()).isTrue();
    assertThat(log.path("lag").asLong()).isZero();
    assertThat(log.has("publisher")).isTrue();
    assertThat(log.has("lastError")).isTrue();
    assertThat(log.path("journalBytes").asLong()).isPositive();
  }

  @Test
  void aLongPollAnswersAsSoonAsANewerEventExists() throws IOException {
    events.append(TestEventLog.joined("n1"));

    CompletableFuture<AdminApi.Response> pending = getAsync("?from=2&wait=30s");

    assertThat(pending).isNotDone();
    events.append(TestEventLog.dc("n1"));
    await().atMost(Duration.ofSeconds(10)).until(pending::isDone);
    AdminApi.Response r = pending.join();
    assertThat(r.status()).isEqualTo(200);
    assertThat(seqs(r)).containsExactly(2L);
    assertThat(r.body().path("next").asLong()).isEqualTo(3);
  }

  @Test
  void aLongPollWithOlderEventsAnswersAtOnce() throws IOException {
    events.append(TestEventLog.joined("n1"), TestEventLog.dc("n1"));

    CompletableFuture<AdminApi.Response> r = getAsync("?from=2&wait=30s");

    assertThat(r).isDone();
    assertThat(seqs(r.join())).containsExactly(2L);
  }

  @Test
  void aFilteredLongPollSkipsEventsOfOtherTypes() throws IOException {
    CompletableFuture<AdminApi.Response> pending = getAsync("?type=resource.failed&wait=30s");
    assertThat(pending).isNotDone();

    events.append(TestEventLog.joined("n1"));
    await().atMost(Duration.ofSeconds(10)).until(() -> api.eventFollowers() == 1);
    assertThat(pending).isNotDone();
    events.append(TestEventLog.failed("web"));

    await().atMost(Duration.ofSeconds(10)).until(pending::isDone);
    assertThat(seqs(pending.join())).containsExactly(2L);
  }

  @Test
  void aLongPollEndsEmptyWhenTheWaitIsOver() throws IOException {
    events.append(TestEventLog.joined("n1"));

    CompletableFuture<AdminApi.Response> pending = getAsync("?from=2&wait=300ms");

    await().atMost(Duration.ofSeconds(10)).until(pending::isDone);
    AdminApi.Response r = pending.join();
    assertThat(r.status()).isEqualTo(200);
    assertThat(seqs(r)).isEmpty();
    assertThat(r.body().path("next").asLong()).isEqualTo(2);
    assertThat(api.eventFollowers()).isZero();
  }

  @Test
  void closingTheApiAnswersWaitingPolls() {
    CompletableFuture<AdminApi.Response> pending = getAsync("?wait=60s");
    assertThat(pending).isNotDone();

    api.close();

    await().atMost(Duration.ofSeconds(10)).until(pending::isDone);
    assertThat(seqs(pending.join())).isEmpty();
  }

  @Test
  void theEventLogGoingAwayAnswersWaitingPolls() {
    CompletableFuture<AdminApi.Response> pending = getAsync("?wait=60s");
    assertThat(pending).isNotDone();

    feed.set(null);

    await().atMost(Duration.ofSeconds(10)).until(pending::isDone);
    assertThat(pending.join().status()).isEqualTo(200);
    assertThat(seqs(pending.join())).isEmpty();
  }
}
