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
 * <p>{@link #add} assigns the next id and keeps the draft in memory; {@link #flush} writes what was
 * added since the last flush in one append, and {@link #encodedAfter} flushes before it serves
 * anything, so a draft is on disk before it can be proposed (a node that restarted must never hand
 * out a draft id the cluster numbered already). The relay flushes once per proposal round, so at a
 * high rate of events one write covers many drafts; {@link #close} flushes the rest.
 *
 * <p>The newest drafts ({@value #RECENT} at most) are also kept in memory, encoded as they were
 * appended, so the relay, which proposes each draft right after it is added, does not read them
 * from the file again: {@link #encodedAfter} reads the file only for drafts older than those (after
 * a restart, or once a partition without quorum has piled up more).
 */
public final class DraftJournal implements AutoCloseable {

  /** How many of the newest drafts {@link #after} serves from memory. */
  static final int RECENT = 4096;

  private final Journal journal;
  private final String node;
  private final EventCodec codec = new EventCodec();

  /** The newest drafts, encoded: draft {@code id} at {@code id % RECENT}; guarded by itself. */
  private final JournalRecord[] recent = new JournalRecord[RECENT];

  /** The oldest draft id in {@link #recent} (with {@link #recentCount} consecutive ones). */
  private long recentFirst;

  private int recentCount;

  /** The newest draft id handed out; guarded by this. */
  private long lastId;

  /** Drafts added and not written yet, in id order; guarded by this. */
  private List<JournalRecord> unwritten = new ArrayList<>();

  /** Serializes {@link #flush}es, so batches reach the file in id order. */
  private final Object flushing = new Object();

  private DraftJournal(Journal journal, String node) {
    this.journal = journal;
    this.node = node;
    this.lastId = journal.lastKey();
  }

  /** Opens (creating if needed) the drafts of {@code node} in {@code dir}. */
  public static DraftJournal open(Path dir, JournalConfig config, String node) throws IOException {
    Objects.requireNonNull(node, "node");
    return new DraftJournal(Journal.open(dir, config, node + "-drafts"), node);
  }

  /** Records a new event of this node as the next draft (written at the next flush). */
  public synchronized EventDraft add(Instant time, EventPayload payload) {
    EventDraft d = EventDraft.of(node, lastId + 1, time, payload);
    keep(d);
    return d;
  }

  /**
   * Records a new event of this node (of any type) as the next draft (written at the next flush).
   */
  public synchronized EventDraft add(EventDraft template) {
    EventDraft d =
        new EventDraft(
            node,
            lastId + 1,
            template.time(),
            template.type(),
            template.subject(),
            template.payload());
    keep(d);
    return d;
  }

  private void keep(EventDraft d) {
    JournalRecord r = new JournalRecord(d.draftId(), codec.encodeDraft(d));
    lastId = d.draftId();
    unwritten.add(r);
    remember(r);
  }

  /**
   * Writes the drafts added since the last flush, in one append. If writing fails they stay
   * unwritten (and are not served) until a later flush succeeds.
   *
   * @throws IOException if the journal could not write them
   */
  public void flush() throws IOException {
    synchronized (flushing) {
      List<JournalRecord> batch;
      synchronized (this) {
        if (unwritten.isEmpty()) {
          return;
        }
        batch = unwritten;
        unwritten = new ArrayList<>();
      }
      try {
        journal.appendAll(batch);
      } catch (IOException | RuntimeException e) {
        synchronized (this) {
          // what the journal kept stays written; the rest goes back in front of later adds
          long kept = journal.lastKey();
          List<JournalRecord> back = new ArrayList<>();
          for (JournalRecord r : batch) {
            if (r.key() > kept) {
              back.add(r);
            }
          }
          back.addAll(unwritten);
          unwritten = back;
        }
        throw e;
      }
    }
  }

  private void remember(JournalRecord d) {
    synchronized (recent) {
      if (recentCount > 0 && recentFirst + recentCount != d.key()) {
        recentCount = 0; // not the next id (adds are serialized, so never): start over
      }
      if (recentCount == 0) {
        recentFirst = d.key();
      } else if (recentCount == RECENT) {
        recentFirst++;
        recentCount--;
      }
      recent[(int) (d.key() % RECENT)] = d;
      recentCount++;
    }
  }

  /** Up to {@code max} drafts with an id above {@code numberedUpTo}, oldest first. */
  public List<EventDraft> after(long numberedUpTo, int max) throws IOException {
    List<JournalRecord> raw = encodedAfter(numberedUpTo, max);
    List<EventDraft> out = new ArrayList<>(raw.size());
    for (JournalRecord r : raw) {
      out.add(codec.decodeDraft(r.data()));
    }
    return out;
  }

  /**
   * Up to {@code max} drafts with an id above {@code numberedUpTo}, oldest first, as {@link
   * EventCodec#encodeDraft} wrote them (key = draft id). Flushes first: only written drafts are
   * served.
   *
   * @throws IOException if the flush or reading the file failed
   */
  public List<JournalRecord> encodedAfter(long numberedUpTo, int max) throws IOException {
    if (max <= 0) {
      return List.of();
    }
    flush();
    long from = numberedUpTo + 1;
    synchronized (recent) {
      if (recentCount > 0 && recentFirst <= from) {
        long n = Math.max(0, Math.min(max, recentFirst + recentCount - from));
        List<JournalRecord> out = new ArrayList<>((int) n);
        for (long id = from; id < from + n; id++) {
          out.add(recent[(int) (id % RECENT)]);
        }
        return out;
      }
    }
    return journal.read(from, max);
  }

  /** The newest draft id (written or not), 0 if none. */
  public synchronized long lastDraftId() {
    return lastId;
  }

  /** The node whose drafts these are. */
  public String node() {
    return node;
  }

  /** Flushes what is unwritten (logging a failure) and closes the file. */
  @Override
  public void close() {
    try {
      flush();
    } catch (IOException | RuntimeException e) {
      LOG.error(
          "drafts of {}: {} draft(s) could not be written: {}",
          node,
          unwrittenCount(),
          e.toString());
    }
    journal.close();
  }

  private synchronized int unwrittenCount() {
    return unwritten.size();
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DraftJournal.class);
}
