package org.paceline.eventlog.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.eventlog.EventDraft;
import org.paceline.eventlog.EventNumbering;
import org.paceline.eventlog.EventPayload;
import org.paceline.eventlog.Samples;

class DraftJournalTest {

  @TempDir Path dir;

  @Test
  void draftsWaitUntilNumberedAndIdsContinueAfterARestart() throws Exception {
    try (DraftJournal d = DraftJournal.open(dir, JournalConfig.DEFAULT, "n3")) {
      EventDraft first = d.add(Samples.TIME, new EventPayload.NodeLost("n1", 1));
      d.add(
          Samples.TIME.plusMillis(5),
          new EventPayload.QuorumChanged(false, 1, 3, 2, List.of("n3")));
      assertThat(first.draftId()).isEqualTo(1);
      assertThat(first.node()).isEqualTo("n3");
    }
    try (DraftJournal d = DraftJournal.open(dir, JournalConfig.DEFAULT, "n3")) {
      assertThat(d.lastDraftId()).isEqualTo(2);
      EventDraft third = d.add(Samples.TIME.plusMillis(9), new EventPayload.NodeJoined("n1", 1));
      assertThat(third.draftId()).isEqualTo(3);
      // The partition heals; the cluster had numbered nothing of n3's: all three are proposed.
      EventNumbering cluster = EventNumbering.EMPTY;
      EventNumbering.Numbered numbered =
          cluster.number("alpha", d.after(cluster.lastDraftOf("n3"), 100));
      assertThat(numbered.events()).hasSize(3);
      assertThat(numbered.events().get(0).type()).isEqualTo("node.lost");
      assertThat(d.after(numbered.state().lastDraftOf("n3"), 100)).isEmpty();
    }
  }
}
