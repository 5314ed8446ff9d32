package org.paceline.bench.eventlog;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.paceline.api.ring.Group;
import org.paceline.api.ring.RingView;
import org.paceline.eventlog.EventPayload;
import org.paceline.eventlog.journal.DraftJournal;
import org.paceline.eventlog.journal.EventJournal;
import org.paceline.eventlog.journal.JournalConfig;
import org.paceline.eventlog.relay.EventRelay;
import org.paceline.eventlog.relay.NumberingStore;
import org.paceline.ring.group.GroupMessaging;

/**
 * One node's event log as the eventlog component wires it: its ring's group channel, the event
 * journal ({@code <state>/events}), the draft journal ({@code <state>/events/drafts}), the
 * numbering store and the {@link EventRelay} joined to the {@value EventRelay#GROUP} group. A group
 * view numbers events when it belongs to the current ring and its members are a strict majority of
 * the configured nodes (one vote each), as the component decides it.
 */
final class BenchNode implements AutoCloseable {

  final int id;
  final String name;
  final EventJournal journal;
  final DraftJournal drafts;
  final EventRelay relay;
  final GroupMessaging channel;
  private final Group group;
  private final AutoCloseable views;

  BenchNode(BenchRings rings, int id, int size, JournalConfig config) throws IOException {
    this.id = id;
    this.name = "n" + id;
    Path dir = rings.stateDir(id).resolve("events");
    channel = rings.start(id);
    journal = EventJournal.open(dir, config, BenchRings.CLUSTER);
    drafts = DraftJournal.open(dir.resolve("drafts"), config, name);
    relay =
        new EventRelay(
            BenchRings.CLUSTER,
            name,
            id,
            journal,
            drafts,
            NumberingStore.open(dir.resolve("numbering"), config),
            view -> {
              RingView v = channel.currentView();
              return v.ringId().equals(view.ringId())
                  ? Optional.of(2 * view.members().size() > size)
                  : Optional.empty();
            },
            Clock.systemUTC());
    group = channel.join(EventRelay.GROUP, relay);
    relay.attach(group, channel.maxMessageSize());
    // what the quorum service's listener does on a node
    views = channel.addViewListener(v -> relay.quorumChanged());
  }

  /** What a cluster event source does on this node: one event into the drafts and the ring. */
  void emit(EventPayload payload) throws IOException {
    relay.emit(payload);
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
    journal.close();
    drafts.close();
  }
}
