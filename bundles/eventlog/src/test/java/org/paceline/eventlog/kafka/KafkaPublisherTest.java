package org.paceline.eventlog.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventCodec;
import org.paceline.eventlog.Samples;
import org.paceline.eventlog.journal.EventJournal;
import org.paceline.eventlog.journal.JournalConfig;
import org.paceline.eventlog.kafka.PublisherStatus.State;
import org.paceline.eventlog.node.LocalEventLog;

/** The publisher against a real broker in this JVM (started once for the class). */
class KafkaPublisherTest {

  private static InJvmKafka kafka;

  @TempDir Path dir;

  private final EventCodec codec = new EventCodec();
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = InJvmKafka.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private KafkaSettings settings(String cluster) {
    return KafkaSettings.of(cluster, kafka.bootstrapServers())
        .withTimeouts(Duration.ofSeconds(3), Duration.ofMillis(50), Duration.ofMillis(500));
  }

  private EventJournal journal(String cluster, String name) throws Exception {
    EventJournal j =
        EventJournal.open(dir.resolve(name), JournalConfig.DEFAULT.withFsync(false), cluster);
    open.add(j);
    return j;
  }

  private KafkaPublisher publisher(KafkaSettings s, EventJournal j, String node) {
    KafkaPublisher p = new KafkaPublisher(s, j, node);
    open.add(p);
    p.start();
    return p;
  }

  /** A publisher on a node the (simulated) controller asks about: DC while {@code dc} names it. */
  private KafkaPublisher publisher(
      KafkaSettings s, EventJournal j, String node, AtomicReference<String> dc) {
    KafkaPublisher p = new KafkaPublisher(s, j, node, (a, b) -> {}, () -> node.equals(dc.get()));
    open.add(p);
    p.start();
    return p;
  }

  private TopicReader reader(String cluster) {
    TopicReader r = new TopicReader(kafka.bootstrapServers(), KafkaSettings.defaultTopic(cluster));
    open.add(r);
    return r;
  }

  private static void append(EventJournal j, String cluster, long from, long to) throws Exception {
    List<Event> events = new ArrayList<>();
    for (long s = from; s <= to; s++) {
      events.add(Samples.event(cluster, s));
    }
    j.append(events);
  }

  /** Reads until {@code n} events arrived, then a little longer to catch any extra. */
  private List<ConsumerRecord<String, String>> readAll(TopicReader r, int n) {
    await().atMost(Duration.ofSeconds(60)).until(() -> r.poll().size() >= n);
    return r.poll(Duration.ofMillis(500));
  }

  /** Every seq from 1 to n exactly once, in order, each the journal's event under its subject. */
  private void assertExactlyOnceInOrder(
      List<ConsumerRecord<String, String>> records, String cluster, long n) throws Exception {
    List<Long> seqs = new ArrayList<>();
    for (ConsumerRecord<String, String> r : records) {
      Event e = codec.decode(r.value());
      assertThat(e).isEqualTo(Samples.event(cluster, e.seq()));
      assertThat(r.key()).isEqualTo(e.subject());
      seqs.add(e.seq());
    }
    List<Long> expected = new ArrayList<>();
    for (long s = 1; s <= n; s++) {
      expected.add(s);
    }
    assertThat(seqs).containsExactlyElementsOf(expected);
  }

  @Test
  void publishesEveryEventOnceInOrderAsPlainJson() throws Exception {
    String cluster = "once";
    EventJournal j = journal(cluster, "n1");
    append(j, cluster, 1, 1000);
    KafkaPublisher p = publisher(settings(cluster), j, "n1");
    for (long s = 1001; s <= 3000; s += 100) {
      append(j, cluster, s, s + 99);
    }
    assertThat(p.awaitCommitted(3000, Duration.ofSeconds(60))).isTrue();
    List<ConsumerRecord<String, String>> records = readAll(reader(cluster), 3000);
    assertExactlyOnceInOrder(records, cluster, 3000);
    assertThat(records.get(0).value()).startsWith("{\"schema\":1,\"cluster\":\"once\",\"seq\":1,");

    PublisherStatus st = p.status();
    assertThat(st.state()).isEqualTo(State.PUBLISHING);
    assertThat(st.lag()).isZero();
    assertThat(st.publishedEvents()).isEqualTo(3000);
    assertThat(st.lastCommittedSeq()).isEqualTo(3000);
    assertThat(st.skippedEvents()).isZero();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      TopicDescription d =
          admin
              .describeTopics(List.of("paceline.once.events"))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get("paceline.once.events");
      assertThat(d.partitions()).hasSize(1);
    }
  }

  @Test
  void aNewDcFencesTheOldOneWithoutGapOrDuplicate() throws Exception {
    String cluster = "failover";
    EventJournal onN1 = journal(cluster, "n1");
    EventJournal onN2 = journal(cluster, "n2");
    long total = 6000;
    AtomicLong appended = new AtomicLong();
    AtomicLong allowed = new AtomicLong(3000);
    // Both nodes journal the same numbered events, as the replicated state machine hands them
    // out: 20 every 5 ms, the second half only once the new DC publishes.
    ScheduledExecutorService cluster1 = Executors.newSingleThreadScheduledExecutor();
    open.add(cluster1::shutdownNow);
    cluster1.scheduleAtFixedRate(
        () -> {
          long from = appended.get() + 1;
          long to = Math.min(from + 19, allowed.get());
          if (from > to) {
            return;
          }
          try {
            append(onN1, cluster, from, to);
            append(onN2, cluster, from, to);
            appended.set(to);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        0,
        5,
        TimeUnit.MILLISECONDS);
    AtomicReference<String> dc = new AtomicReference<>("n1");
    KafkaPublisher old = publisher(settings(cluster), onN1, "n1", dc);
    // Take over while the old DC is busy: most likely in the middle of a transaction.
    assertThat(old.awaitCommitted(100, Duration.ofSeconds(60))).isTrue();

    dc.set("n2");
    KafkaPublisher next = publisher(settings(cluster), onN2, "n2", dc);
    await().atMost(Duration.ofSeconds(60)).until(() -> next.status().state() == State.PUBLISHING);
    allowed.set(total);
    // Kafka fences the old DC (ProducerFencedException; with transaction protocol 2 sometimes
    // after an abortable error first). Rarely the broker answers its commit with a less clear
    // error; then it stops because the controller says it is no longer the DC.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> old.status().state() == State.FENCED || old.status().state() == State.STOPPED);
    assertThat(old.status().lastError()).isNotNull();
    long oldCommitted = old.status().lastCommittedSeq();

    assertThat(next.awaitCommitted(total, Duration.ofSeconds(60))).isTrue();
    assertExactlyOnceInOrder(readAll(reader(cluster), (int) total), cluster, total);
    assertThat(next.status().publishedEvents()).isLessThanOrEqualTo(total - oldCommitted);
    assertThat(next.status().state()).isEqualTo(State.PUBLISHING);
  }

  @Test
  void repeatedTakeoversWhileEventsFlowLoseAndRepeatNothing() throws Exception {
    String cluster = "takeovers";
    List<EventJournal> nodes =
        List.of(journal(cluster, "n1"), journal(cluster, "n2"), journal(cluster, "n3"));
    AtomicLong appended = new AtomicLong();
    // Events keep coming (10 every 2 ms) through every takeover, so each old DC is caught busy.
    ScheduledExecutorService ring = Executors.newSingleThreadScheduledExecutor();
    open.add(ring::shutdownNow);
    ring.scheduleAtFixedRate(
        () -> {
          long from = appended.get() + 1;
          try {
            for (EventJournal j : nodes) {
              append(j, cluster, from, from + 9);
            }
            appended.set(from + 9);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        0,
        2,
        TimeUnit.MILLISECONDS);
    AtomicReference<String> dc = new AtomicReference<>("n1");
    KafkaPublisher current = publisher(settings(cluster), nodes.get(0), "n1", dc);
    for (int round = 1; round <= 4; round++) {
      KafkaPublisher old = current;
      long target = appended.get() + 50;
      assertThat(old.awaitCommitted(target, Duration.ofSeconds(60))).isTrue();
      String next = "n" + (1 + round % 3);
      dc.set(next);
      current = publisher(settings(cluster), nodes.get(round % 3), next, dc);
      // The old DC stops: fenced by Kafka, or (after a less clear error) told by the controller.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> old.status().state() == State.FENCED || old.status().state() == State.STOPPED);
    }
    ring.shutdown();
    assertThat(ring.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    long total = appended.get();
    assertThat(current.awaitCommitted(total, Duration.ofSeconds(60))).isTrue();
    assertThat(current.status().state()).isEqualTo(State.PUBLISHING);
    assertExactlyOnceInOrder(readAll(reader(cluster), (int) total), cluster, total);
  }

  @Test
  void aNewPublisherResumesAfterTheLastCommittedSeqPastAbortedRecords() throws Exception {
    String cluster = "resume";
    EventJournal j = journal(cluster, "n1");
    append(j, cluster, 1, 100);
    KafkaSettings s = settings(cluster);
    try (KafkaPublisher first = new KafkaPublisher(s, j, "n1")) {
      first.start();
      assertThat(first.awaitCommitted(100, Duration.ofSeconds(60))).isTrue();
    }
    // A DC that died mid-transaction: 300 events sent under the cluster's transactional id, never
    // committed. The next DC's initTransactions aborts them.
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("transactional.id", s.transactionalId());
    try (KafkaProducer<String, byte[]> dying =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      dying.initTransactions();
      dying.beginTransaction();
      for (long seq = 101; seq <= 400; seq++) {
        Event e = Samples.event(cluster, seq);
        dying.send(new ProducerRecord<>(s.topic(), e.subject(), codec.encode(e)));
      }
      dying.flush();

      append(j, cluster, 101, 150);
      KafkaPublisher second = publisher(s, j, "n1");
      assertThat(second.awaitCommitted(150, Duration.ofSeconds(60))).isTrue();
      assertThat(second.status().publishedEvents()).isEqualTo(50);
    }
    assertExactlyOnceInOrder(readAll(reader(cluster), 150), cluster, 150);
  }

  @Test
  void survivesABrokerOutageWhileEventsKeepComing() throws Exception {
    String cluster = "outage";
    EventJournal j = journal(cluster, "n1");
    append(j, cluster, 1, 500);
    KafkaPublisher p = publisher(settings(cluster), j, "n1");
    assertThat(p.awaitCommitted(500, Duration.ofSeconds(60))).isTrue();

    kafka.stopBroker();
    try {
      // The cluster keeps working: events go on being journaled while Kafka is away.
      for (long s = 501; s <= 1000; s += 50) {
        append(j, cluster, s, s + 49);
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> p.status().state() == State.RETRYING && p.status().failures() >= 3);
      for (long s = 1001; s <= 1500; s += 50) {
        append(j, cluster, s, s + 49);
      }
      PublisherStatus during = p.status();
      assertThat(during.lag()).isEqualTo(1500 - during.lastCommittedSeq());
      assertThat(during.lag()).isGreaterThanOrEqualTo(1000);
      assertThat(during.lastError()).isNotNull();
    } finally {
      kafka.startBroker();
    }
    assertThat(p.awaitCommitted(1500, Duration.ofSeconds(90))).isTrue();
    assertThat(p.status().lag()).isZero();
    assertThat(p.status().state()).isEqualTo(State.PUBLISHING);
    assertExactlyOnceInOrder(readAll(reader(cluster), 1500), cluster, 1500);
  }

  @Test
  void severalPartitionsKeepEverySeqOnceAndTheReadBackFindsTheHighest() throws Exception {
    String cluster = "wide";
    KafkaSettings s = settings(cluster).withTopicCreation(true, 3, (short) 1).withMaxBatch(37);
    EventJournal j = journal(cluster, "n1");
    append(j, cluster, 1, 400);
    try (KafkaPublisher first = new KafkaPublisher(s, j, "n1")) {
      first.start();
      assertThat(first.awaitCommitted(400, Duration.ofSeconds(60))).isTrue();
    }
    append(j, cluster, 401, 500);
    KafkaPublisher second = publisher(s, j, "n1");
    assertThat(second.awaitCommitted(500, Duration.ofSeconds(60))).isTrue();
    assertThat(second.status().publishedEvents()).isEqualTo(100);
    List<ConsumerRecord<String, String>> records = new ArrayList<>(readAll(reader(cluster), 500));
    assertThat(records.stream().map(ConsumerRecord::partition).distinct()).hasSize(3);
    records.sort(Comparator.comparingLong(r -> seqOf(r.value())));
    assertExactlyOnceInOrder(records, cluster, 500);

    // paceline events --from 123 reads them back in one order.
    try (TopicEventReader reader = new TopicEventReader(s)) {
      reader.seek(123);
      List<Event> read = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                read.addAll(reader.poll(Duration.ofMillis(200)));
                return read.size() >= 378;
              });
      assertThat(read).extracting(Event::seq).containsExactlyElementsOf(range(123, 500));
      assertThat(read.get(0)).isEqualTo(Samples.event(cluster, 123));
    }
  }

  @Test
  void aReaderStartsAtAnySeqPastAbortedRecordsAndFollows() throws Exception {
    String cluster = "reader";
    KafkaSettings s = settings(cluster).withMaxBatch(50);
    EventJournal j = journal(cluster, "n1");
    append(j, cluster, 1, 1000);
    KafkaPublisher p = publisher(s, j, "n1");
    assertThat(p.awaitCommitted(1000, Duration.ofSeconds(60))).isTrue();
    try (TopicEventReader reader = new TopicEventReader(s)) {
      for (long from : new long[] {1, 2, 500, 999, 1000}) {
        reader.seek(from);
        List<Event> read = new ArrayList<>();
        long want = 1000 - from + 1;
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  read.addAll(reader.poll(Duration.ofMillis(200)));
                  return read.size() >= want;
                });
        assertThat(read).extracting(Event::seq).containsExactlyElementsOf(range(from, 1000));
      }
      reader.seek(1001);
      assertThat(reader.poll(Duration.ofMillis(300))).isEmpty();
      append(j, cluster, 1001, 1010);
      List<Event> followed = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                followed.addAll(reader.poll(Duration.ofMillis(200)));
                return followed.size() >= 10;
              });
      assertThat(followed).extracting(Event::seq).containsExactlyElementsOf(range(1001, 1010));
    }
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long s = from; s <= to; s++) {
      out.add(s);
    }
    return out;
  }

  @Test
  void aMissingTopicThatMayNotBeCreatedIsReportedAndRetried() throws Exception {
    String cluster = "notopic";
    EventJournal j = journal(cluster, "n1");
    append(j, cluster, 1, 10);
    KafkaPublisher p = publisher(settings(cluster).withTopicCreation(false, 1, (short) 1), j, "n1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> p.status().failures() >= 2 && p.status().state() == State.RETRYING);
    assertThat(p.status().lastError())
        .contains("paceline.notopic.events")
        .contains("does not exist");
    assertThat(p.status().lag()).isEqualTo(10);
  }

  @Test
  void theDcRoleSwitchesPublishingBetweenNodes() throws Exception {
    String cluster = "roles";
    KafkaSettings s = settings(cluster);
    LocalEventLog n1 = new LocalEventLog(journal(cluster, "n1"), Optional.of(s), "n1");
    LocalEventLog n2 = new LocalEventLog(journal(cluster, "n2"), Optional.of(s), "n2");
    open.add(n1);
    open.add(n2);
    for (LocalEventLog n : List.of(n1, n2)) {
      n.append(List.of(Samples.event(cluster, 1), Samples.event(cluster, 2)));
    }
    n1.publish(true);
    n2.publish(false);
    await().atMost(Duration.ofSeconds(60)).until(() -> n1.status().lastCommittedSeq() == 2);
    assertThat(n1.status().publisher()).isEqualTo("PUBLISHING");
    assertThat(n2.status().publisher()).isNull();

    n1.publish(false);
    n2.publish(true);
    for (LocalEventLog n : List.of(n1, n2)) {
      n.append(List.of(Samples.event(cluster, 3), Samples.event(cluster, 4)));
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> n2.status().lastCommittedSeq() == 4);
    assertThat(n2.status().lag()).isZero();
    assertThat(n1.status().publisher()).isNull();
    assertExactlyOnceInOrder(readAll(reader(cluster), 4), cluster, 4);
  }

  private long seqOf(String json) {
    try {
      return codec.decode(json.getBytes(StandardCharsets.UTF_8)).seq();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
