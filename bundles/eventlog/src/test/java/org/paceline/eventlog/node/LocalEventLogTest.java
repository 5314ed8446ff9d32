package org.paceline.eventlog.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.eventlog.EventLogStatus;
import org.paceline.eventlog.Samples;
import org.paceline.eventlog.journal.EventJournal;
import org.paceline.eventlog.journal.JournalConfig;

class LocalEventLogTest {

  @TempDir Path dir;

  @Test
  void withoutKafkaTheJournalIsTheEventLog() throws Exception {
    try (LocalEventLog log =
        new LocalEventLog(
            EventJournal.open(dir, JournalConfig.DEFAULT, "alpha"), Optional.empty(), "n1")) {
      assertThat(log.append(List.of(Samples.event("alpha", 1), Samples.event("alpha", 2))))
          .isEqualTo(2);
      log.publish(true);
      assertThat(log.read(1, 10))
          .containsExactly(Samples.event("alpha", 1), Samples.event("alpha", 2));
      assertThat(log.awaitAfter(1, Duration.ZERO)).isTrue();
      EventLogStatus st = log.status();
      assertThat(st.kafka()).isNull();
      assertThat(st.publisher()).isNull();
      assertThat(st.firstSeq()).isEqualTo(1);
      assertThat(st.lastSeq()).isEqualTo(2);
      assertThat(st.lag()).isZero();
    }
  }
}
