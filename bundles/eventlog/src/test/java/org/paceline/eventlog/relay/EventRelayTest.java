package org.paceline.eventlog.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.ring.Group;
import org.paceline.api.ring.RingView;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventPayload;
import org.paceline.eventlog.journal.DraftJournal;
import org.paceline.eventlog.journal.EventJournal;
import org.paceline.eventlog.journal.JournalConfig;
import org.paceline.ring.group.GroupMessaging;

/**
 * Three relays over three real rings (UDP on 127.0.0.1-3): every node numbers the same events the
 * same way; a partition without quorum numbers nothing and its events are numbered once after it
 * heals; a restarted node goes on where it stopped.
 */
class EventRelayTest {

  private static final JournalConfig CONFIG = JournalConfig.DEFAULT.withFsync(false);

  @TempDir Path dir;
  private RingFixture rings;
  private final RelayNode[] nodes = new RelayNode[4];

  /** One node's relay, journals and group membership. */
  private final class RelayNode implements AutoCloseable {
    final int id;
    final EventJournal journal;
    final DraftJournal drafts;
    final EventRelay relay;
    final GroupMessaging channel;
    final Group group;
    final AutoCloseable views;

    RelayNode(int id) throws IOException {
      this(id, null);
    }

    /** A relay on {@code ring} (a running ring of this node), or on a ring started now. */
    RelayNode(int id, GroupMessaging ring) throws IOException {
      this.id = id;
      Path d = dir.resolve("n" + id);
      channel = ring != null ? ring : rings.start(id);
      journal = EventJournal.open(d.resolve("events"), CONFIG, "c");
      drafts = DraftJournal.open(d.resolve("drafts"), CONFIG, "n" + id);
      relay =
          new EventRelay(
              "c",
              "n" + id,
              id,
              journal,
              drafts,
              NumberingStore.open(d.resolve("numbering"), CONFIG),
              view -> {
                RingView v = channel.currentView();
                return v.ringId().equals(view.ringId())
                    ? Optional.of(2 * view.members().size() > 3)
                    : Optional.empty();
              },
              Clock.systemUTC());
      group = channel.join(EventRelay.GROUP, relay);
      relay.attach(group, channel.maxMessageSize());
      // what the quorum service's listener does on a node
      views = channel.addViewListener(v -> relay.quorumChanged());
    }

    void emit(String what) throws IOException {
      relay.emit(new EventPayload.OperatorAction("n" + id, what, "cluster", true, null));
    }

    List<Event> events() throws IOException {
      return journal.read(1, 100_000);
    }

    /** Leaves the group, the ring stays (the event log bundle stopped, the node did not). */
    void leaveGroup() {
      try {
        views.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      relay.close();
      group.close();
      journal.close();
      drafts.close();
    }

    @Override
    public void close() {
      try {
        views.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      relay.close();
      group.close();
      rings.stop(id);
      journal.close();
      drafts.close();
    }
  }

  @BeforeEach
  void start() throws IOException {
    rings = new RingFixture(dir, 3);
    for (int i = 1; i <= 3; i++) {
      nodes[i] = new RelayNode(i);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> nodes[1].relay.numbersEvents() && nodes[3].relay.numbersEvents());
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = 1; i <= 3; i++) {
      if (nodes[i] != null) {
        nodes[i].close();
      }
    }
    rings.close();
  }

  private static List<String> whats(List<Event> events) {
    List<String> out = new ArrayList<>();
    for (Event e : events) {
      out.add(e.payload().path("what").asText());
    }
    return out;
  }

  private void awaitSameJournals(int count) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<Event> first = nodes[1].events();
              assertThat(first).hasSize(count);
              assertThat(nodes[2].events()).isEqualTo(first);
              assertThat(nodes[3].events()).isEqualTo(first);
            });
  }

  @Test
  void everyNodeNumbersTheSameEventsTheSameWayWithoutGaps() throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      RelayNode n = nodes[i];
      threads.add(
          new Thread(
              () -> {
                try {
                  for (int k = 0; k < 40; k++) {
                    n.emit("e-" + n.id + "-" + k);
                  }
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              },
              "emit-n" + i));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(30_000);
    }
    awaitSameJournals(120);
    List<Event> events = nodes[1].events();
    for (int k = 0; k < events.size(); k++) {
      assertThat(events.get(k).seq()).isEqualTo(k + 1);
    }
    // each draft once, and each node's in the order it emitted them
    List<String> whats = whats(events);
    assertThat(whats).doesNotHaveDuplicates();
    for (int i = 1; i <= 3; i++) {
      String prefix = "e-" + i + "-";
      List<String> mine = whats.stream().filter(w -> w.startsWith(prefix)).toList();
      List<String> expected = new ArrayList<>();
      for (int k = 0; k < 40; k++) {
        expected.add(prefix + k);
      }
      assertThat(mine).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aMinorityNumbersNothingAndItsEventsAreNumberedOnceAfterTheHeal() throws Exception {
    nodes[2].emit("before");
    awaitSameJournals(1);

    rings.cut(1, Set.of(2, 3));
    rings.cut(2, Set.of(1));
    rings.cut(3, Set.of(1));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                nodes[1].channel.currentView().members().size() == 1
                    && nodes[2].channel.currentView().members().size() == 2
                    && nodes[2].relay.numbersEvents());
    for (int k = 0; k < 5; k++) {
      nodes[1].emit("minority-" + k);
      nodes[2].emit("majority-" + k);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> nodes[3].events().size() == 6 && nodes[2].events().size() == 6);
    assertThat(nodes[1].relay.numbersEvents()).isFalse();
    assertThat(nodes[1].events()).hasSize(1);
    assertThat(nodes[1].relay.pendingDrafts()).isEqualTo(5);

    rings.heal(1);
    rings.heal(2);
    rings.heal(3);
    awaitSameJournals(11);
    List<String> whats = whats(nodes[1].events());
    assertThat(whats).doesNotHaveDuplicates();
    assertThat(whats.subList(0, 6))
        .containsExactly(
            "before", "majority-0", "majority-1", "majority-2", "majority-3", "majority-4");
    assertThat(whats.subList(6, 11))
        .containsExactly("minority-0", "minority-1", "minority-2", "minority-3", "minority-4");
    assertThat(nodes[1].relay.pendingDrafts()).isZero();
  }

  @Test
  void aNodeAloneInTheGroupOfAQuorateRingNumbersNothing() throws Exception {
    GroupMessaging ring2 = nodes[2].channel;
    GroupMessaging ring3 = nodes[3].channel;
    nodes[2].leaveGroup();
    nodes[3].leaveGroup();
    // the ring still has all three nodes (quorate); the group has only n1
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> nodes[1].group != null && !nodes[1].relay.numbersEvents());
    nodes[1].emit("alone");
    assertThat(nodes[1].channel.currentView().members()).hasSize(3);
    assertThat(nodes[1].relay.numbersEvents()).isFalse();
    assertThat(nodes[1].events()).isEmpty();
    assertThat(nodes[1].relay.pendingDrafts()).isEqualTo(1);

    nodes[2] = new RelayNode(2, ring2);
    nodes[3] = new RelayNode(3, ring3);
    awaitSameJournals(1);
    assertThat(whats(nodes[2].events())).containsExactly("alone");
  }

  @Test
  void aRestartedNodeCatchesUpAndNeverProposesANumberedDraftAgain() throws Exception {
    for (int k = 0; k < 3; k++) {
      nodes[3].emit("first-" + k);
    }
    awaitSameJournals(3);
    nodes[3].close();
    nodes[3] = null;
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                nodes[1].channel.currentView().members().size() == 2
                    && nodes[1].relay.numbersEvents());
    nodes[1].emit("while-n3-was-down");
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes[2].events().size() == 4);

    nodes[3] = new RelayNode(3);
    nodes[3].emit("after-restart");
    awaitSameJournals(5);
    assertThat(whats(nodes[3].events()))
        .containsExactly("first-0", "first-1", "first-2", "while-n3-was-down", "after-restart");
  }
}
