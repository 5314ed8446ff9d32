package org.paceline.eventlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The replicated part of the event log: the last sequence number handed out and, per origin node,
 * the last draft numbered. A pure value: every replica applies the same drafts in the same ring
 * order with {@link #number} and so hands out the same numbers; nothing here reads a clock or a
 * disk.
 *
 * <p>Only a partition with quorum numbers events (the caller decides, from the view the drafts were
 * delivered in). After a partition heals, {@link #merge} keeps the higher of both sides, which is
 * the quorate side's: a side without quorum never moves {@code lastSeq}, so two partitions never
 * hand out the same number.
 *
 * @param lastSeq the last number handed out, 0 before the first event
 * @param lastDraft per origin node, the highest draft id numbered
 */
public record EventNumbering(long lastSeq, Map<String, Long> lastDraft) {

  /** Nothing numbered yet. */
  public static final EventNumbering EMPTY = new EventNumbering(0, Map.of());

  public EventNumbering {
    if (lastSeq < 0) {
      throw new IllegalArgumentException("lastSeq must be >= 0, not " + lastSeq);
    }
    lastDraft = Map.copyOf(Objects.requireNonNull(lastDraft, "lastDraft"));
  }

  /** What numbering a batch of drafts gives: the new state and the numbered events. */
  public record Numbered(EventNumbering state, List<Event> events) {
    public Numbered {
      events = List.copyOf(events);
    }
  }

  /**
   * Numbers {@code drafts} in order from {@code lastSeq + 1}, skipping drafts numbered before (a
   * draft id at or below its node's {@link #lastDraft}).
   */
  public Numbered number(String cluster, List<EventDraft> drafts) {
    long seq = lastSeq;
    Map<String, Long> last = new TreeMap<>(lastDraft);
    List<Event> events = new ArrayList<>(drafts.size());
    for (EventDraft d : drafts) {
      if (d.draftId() <= last.getOrDefault(d.node(), 0L)) {
        continue;
      }
      last.put(d.node(), d.draftId());
      events.add(d.number(cluster, ++seq));
    }
    return new Numbered(events.isEmpty() ? this : new EventNumbering(seq, last), events);
  }

  /** A draft as numbering sees it: its origin and the origin's draft id. */
  public interface DraftKey {
    /** The origin node. */
    String node();

    /** The origin's draft id. */
    long draftId();
  }

  /**
   * What numbering a batch gives: the new state and, per draft of the batch, its sequence number,
   * or 0 for a draft numbered before (skipped).
   */
  public record Assigned(EventNumbering state, long[] seqs) {}

  /**
   * Numbers {@code drafts} as {@link #number} does, without building the events: the caller (the
   * relay) builds them from the drafts' own bytes.
   */
  public Assigned assign(List<? extends DraftKey> drafts) {
    long seq = lastSeq;
    Map<String, Long> last = null;
    long[] seqs = new long[drafts.size()];
    for (int i = 0; i < seqs.length; i++) {
      DraftKey d = drafts.get(i);
      long before = last == null ? lastDraftOf(d.node()) : last.getOrDefault(d.node(), 0L);
      if (d.draftId() <= before) {
        continue;
      }
      if (last == null) {
        last = new TreeMap<>(lastDraft);
      }
      last.put(d.node(), d.draftId());
      seqs[i] = ++seq;
    }
    return new Assigned(last == null ? this : new EventNumbering(seq, last), seqs);
  }

  /** The highest draft id of {@code node} numbered so far, 0 if none. */
  public long lastDraftOf(String node) {
    return lastDraft.getOrDefault(node, 0L);
  }

  /** Both sides of a healed partition together: the higher lastSeq, and per node the higher id. */
  public EventNumbering merge(EventNumbering other) {
    Map<String, Long> last = new TreeMap<>(lastDraft);
    other.lastDraft.forEach((node, id) -> last.merge(node, id, Math::max));
    return new EventNumbering(Math.max(lastSeq, other.lastSeq), last);
  }
}
