package org.paceline.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventNumberingTest {

  private static EventDraft draft(String node, long id) {
    return EventDraft.of(
        node, id, Samples.TIME.plusMillis(id), new EventPayload.NodeJoined(node, (int) id));
  }

  @Test
  void numbersDraftsInOrderFromTheLastSeq() {
    EventNumbering.Numbered n =
        EventNumbering.EMPTY.number(
            "alpha", List.of(draft("n1", 1), draft("n2", 1), draft("n1", 2)));
    assertThat(n.events()).extracting(Event::seq).containsExactly(1L, 2L, 3L);
    assertThat(n.events()).extracting(Event::node).containsExactly("n1", "n2", "n1");
    assertThat(n.state()).isEqualTo(new EventNumbering(3, Map.of("n1", 2L, "n2", 1L)));
    assertThat(n.events().get(2))
        .isEqualTo(draft("n1", 2).number("alpha", 3))
        .extracting(Event::time)
        .isEqualTo(Samples.TIME.plusMillis(2));
  }

  @Test
  void aDraftProposedAgainIsNotNumberedTwice() {
    EventNumbering s =
        EventNumbering.EMPTY.number("alpha", List.of(draft("n1", 1), draft("n1", 2))).state();
    EventNumbering.Numbered again =
        s.number("alpha", List.of(draft("n1", 1), draft("n1", 2), draft("n1", 3)));
    assertThat(again.events()).extracting(Event::seq).containsExactly(3L);
    assertThat(again.state().lastDraftOf("n1")).isEqualTo(3);
    assertThat(s.number("alpha", List.of(draft("n1", 2))).state()).isSameAs(s);
  }

  @Test
  void everyReplicaApplyingTheSameDraftsGetsTheSameEvents() {
    List<EventDraft> drafts = List.of(draft("n2", 1), draft("n3", 7), draft("n2", 2));
    EventNumbering start = new EventNumbering(41, Map.of("n3", 6L));
    assertThat(start.number("alpha", drafts)).isEqualTo(start.number("alpha", drafts));
    assertThat(start.number("alpha", drafts).events().get(0).seq()).isEqualTo(42);
  }

  @Test
  void aHealedPartitionKeepsTheHigherNumbers() {
    EventNumbering quorate = new EventNumbering(120, Map.of("n1", 50L, "n2", 30L));
    EventNumbering minority = new EventNumbering(100, Map.of("n2", 28L, "n3", 9L));
    EventNumbering merged = quorate.merge(minority);
    assertThat(merged).isEqualTo(new EventNumbering(120, Map.of("n1", 50L, "n2", 30L, "n3", 9L)));
    assertThat(minority.merge(quorate)).isEqualTo(merged);
  }
}
