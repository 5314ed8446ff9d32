package org.paceline.eventlog.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.Samples;
import org.paceline.eventlog.journal.EventJournal;
import org.paceline.eventlog.journal.JournalConfig;
import org.paceline.eventlog.node.LocalEventLog;

/**
 * A node's event log with Kafka configured reads what its bounded journal no longer holds from the
 * topic (a real broker in this JVM), so {@code paceline events --from 1} shows the whole log.
 */
class LocalEventLogKafkaTest {

  private static InJvmKafka kafka;

  @TempDir Path dir;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = InJvmKafka.start();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void eventsTheJournalDroppedAreReadFromTheTopic() throws Exception {
    KafkaSettings settings =
        KafkaSettings.of("bounded", kafka.bootstrapServers())
            .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(500));
    // a journal of 1 KiB segments keeping at most 20 events: most of the 200 are dropped
    JournalConfig small = new JournalConfig(4096, 20, 1024, 1 << 16, false);
    List<Event> all = new ArrayList<>();
    for (long seq = 1; seq <= 200; seq++) {
      all.add(Samples.event("bounded", seq));
    }
    try (LocalEventLog log =
        new LocalEventLog(
            EventJournal.open(dir, small, "bounded"), Optional.of(settings), "n1", p -> {})) {
      log.publish(true);
      for (int i = 0; i < all.size(); i += 10) {
        log.append(all.subList(i, i + 10));
        long upTo = i + 10;
        // each batch committed before the journal drops it
        await().atMost(Duration.ofSeconds(60)).until(() -> log.status().lastCommittedSeq() == upTo);
      }
      assertThat(log.firstSeq()).isGreaterThan(100);

      assertThat(log.read(1, 500)).containsExactlyElementsOf(all);
      assertThat(log.read(150, 10)).containsExactlyElementsOf(all.subList(149, 159));
      long first = log.firstSeq();
      assertThat(log.read(first, 5))
          .containsExactlyElementsOf(all.subList((int) first - 1, (int) first + 4));
    }
  }
}
