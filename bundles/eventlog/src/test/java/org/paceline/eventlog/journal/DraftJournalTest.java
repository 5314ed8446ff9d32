package org.paceline.eventlog.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

  @Test
  void recentDraftsComeFromMemoryExactlyAsTheFileGivesThemBack() throws Exception {
    int total = DraftJournal.RECENT + 900;
    JournalConfig config = JournalConfig.DEFAULT.withFsync(false);
    List<Long> from =
        List.of(0L, 1L, 899L, 900L, 901L, 3000L, total - 1L, (long) total, total + 5L);
    List<List<EventDraft>> served = new java.util.ArrayList<>();
    try (DraftJournal d = DraftJournal.open(dir, config, "n2")) {
      for (int i = 1; i <= total; i++) {
        d.add(
            Samples.TIME.plusMillis(i),
            new EventPayload.ResourceOpCompleted(
                "r" + i, "n2", "ocf:heartbeat:Dummy", "monitor", 10_000, 0, "OCF_SUCCESS", i));
        if (i == 3) {
          // right after an add, as the relay asks: the new one
          assertThat(d.after(2, 64)).extracting(EventDraft::draftId).containsExactly(3L);
        }
      }
      // the other add, with a payload tree of other number types: kept as the file gives it back
      d.add(
          new EventDraft(
              "x",
              1,
              Samples.TIME,
              "custom.thing",
              "cluster",
              JsonNodeFactory.instance.objectNode().put("big", 7L).put("ratio", 0.5f)));
      for (long f : from) {
        served.add(d.after(f, 64));
      }
    }
    try (DraftJournal d = DraftJournal.open(dir, config, "n2")) {
      for (int i = 0; i < from.size(); i++) {
        List<EventDraft> fromFile = d.after(from.get(i), 64);
        assertThat(served.get(i)).as("after %d", from.get(i)).isEqualTo(fromFile);
        long expected = Math.max(0, Math.min(64, total + 1 - from.get(i))); // total + 1 drafts
        assertThat(fromFile).hasSize((int) expected);
      }
    }
  }
}
