package org.paceline.eventlog.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.paceline.eventlog.EventCodec;
import org.paceline.eventlog.EventDraft;
import org.paceline.eventlog.EventPayload;

/**
 * The events this node originated, before the replicated state machine numbered them: a {@link
 * Journal} keyed by draft id. A node keeps proposing the drafts above the last one the cluster
 * numbered ({@link org.paceline.eventlog.EventNumbering#lastDraftOf}); in a partition without
 * quorum they wait here and are proposed again once the node is back in a quorate partition. The
 * draft ids continue across restarts. Thread-safe.
 *
 * <p>The newest drafts ({@value #RECENT} at most) are also kept in memory as they were added, so
 * the relay, which proposes each draft right after it is added, does not read and decode them from
 * the file again: {@link #after} reads the file only for drafts older than those (after a restart,
 * or once a partition without quorum has piled up more).
 */
public final class DraftJournal implements AutoCloseable {

  /** How many of the newest drafts {@link #after} serves from memory. */
  static final int RECENT = 4096;

  private final Journal journal;
  private final String node;
  private final EventCodec codec = new EventCodec();

  /** The newest drafts: draft {@code id} at {@code id % RECENT}; guarded by itself. */
  private final EventDraft[] recent = new EventDraft[RECENT];

  /** The oldest draft id in {@link #recent} (with {@link #recentCount} consecutive ones). */
  private long recentFirst;

  private int recentCount;

  private DraftJournal(Journal journal, String node) {
    this.journal = journal;
    this.node = node;
  }

  /** Opens (creating if needed) the drafts of {@code node} in {@code dir}. */
  public static DraftJournal open(Path dir, JournalConfig config, String node) throws IOException {
    Objects.requireNonNull(node, "node");
    return new DraftJournal(Journal.open(dir, config, node + "-drafts"), node);
  }

  /** Records a new event of this node as the next draft and returns it. */
  public synchronized EventDraft add(Instant time, EventPayload payload) throws IOException {
    EventDraft d = EventDraft.of(node, journal.lastKey() + 1, time, payload);
    journal.append(d.draftId(), codec.encodeDraft(d));
    remember(d);
    return d;
  }

  /** Records a new event of this node (of any type) as the next draft and returns it. */
  public synchronized EventDraft add(EventDraft template) throws IOException {
    EventDraft d =
        new EventDraft(
            node,
            journal.lastKey() + 1,
            template.time(),
            template.type(),
            template.subject(),
            template.payload());
    byte[] bytes = codec.encodeDraft(d);
    journal.append(d.draftId(), bytes);
    // Kept as the file gives it back (the caller's payload tree may use other number types).
    remember(codec.decodeDraft(bytes));
    return d;
  }

  private void remember(EventDraft d) {
    synchronized (recent) {
      if (recentCount > 0 && recentFirst + recentCount != d.draftId()) {
        recentCount = 0; // not the next id (adds are serialized, so never): start over
      }
      if (recentCount == 0) {
        recentFirst = d.draftId();
      } else if (recentCount == RECENT) {
        recentFirst++;
        recentCount--;
      }
      recent[(int) (d.draftId() % RECENT)] = d;
      recentCount++;
    }
  }

  /** Up to {@code max} drafts with an id above {@code numberedUpTo}, oldest first. */
  public List<EventDraft> after(long numberedUpTo, int max) throws IOException {
    if (max <= 0) {
      return List.of();
    }
    long from = numberedUpTo + 1;
    synchronized (recent) {
      if (recentCount > 0 && recentFirst <= from) {
        long n = Math.max(0, Math.min(max, recentFirst + recentCount - from));
        List<EventDraft> out = new ArrayList<>((int) n);
        for (long id = from; id < from + n; id++) {
          out.add(recent[(int) (id % RECENT)]);
        }
        return out;
      }
    }
    List<JournalRecord> raw = journal.read(numberedUpTo + 1, max);
    List<EventDraft> out = new ArrayList<>(raw.size());
    for (JournalRecord r : raw) {
      out.add(codec.decodeDraft(r.data()));
    }
    return out;
  }

  /** The newest draft id, 0 if none. */
  public long lastDraftId() {
    return journal.lastKey();
  }

  /** The node whose drafts these are. */
  public String node() {
    return node;
  }

  @Override
  public void close() {
    journal.close();
  }
}
