package org.paceline.eventlog.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventCodec;
import org.paceline.eventlog.Samples;

class EventJournalTest {

  @TempDir Path dir;

  @Test
  void keepsEventsBySeqAndSkipsTheOnesItHasAlready() throws Exception {
    try (EventJournal j = EventJournal.open(dir, JournalConfig.DEFAULT, "alpha")) {
      assertThat(j.append(List.of(Samples.event("alpha", 1), Samples.event("alpha", 2))))
          .isEqualTo(2);
      assertThat(
              j.append(
                  List.of(
                      Samples.event("alpha", 1),
                      Samples.event("alpha", 2),
                      Samples.event("alpha", 3))))
          .isEqualTo(1);
      assertThat(j.lastSeq()).isEqualTo(3);
      assertThat(j.read(2, 10))
          .containsExactly(Samples.event("alpha", 2), Samples.event("alpha", 3));
    }
    try (EventJournal j = EventJournal.open(dir, JournalConfig.DEFAULT, "alpha")) {
      assertThat(j.firstSeq()).isEqualTo(1);
      List<JournalRecord> raw = j.readEncoded(1, 1);
      assertThat(new EventCodec().decode(raw.get(0).data())).isEqualTo(Samples.event("alpha", 1));
    }
  }

  @Test
  void refusesEventsOfAnotherClusterOrOutOfOrder() throws Exception {
    try (EventJournal j = EventJournal.open(dir, JournalConfig.DEFAULT, "alpha")) {
      assertThatThrownBy(() -> j.append(List.of(Samples.event("beta", 1))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("beta");
      List<Event> backwards = List.of(Samples.event("alpha", 5), Samples.event("alpha", 4));
      assertThatThrownBy(() -> j.append(backwards))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("4 after 5");
      assertThat(j.lastSeq()).isZero();
    }
  }
}
