package org.paceline.fencer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.paceline.api.fencing.FenceAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fencing operations this node knows of: its own and (once replicated) those of other nodes.
 * Bounded: the latest {@code perTarget} records of each node (pending ones are dropped last), for
 * at most {@code maxTargets} nodes. Records are keyed by operation id: a later state replaces an
 * earlier one (pending, then done or failed), and a completed record is never set back to pending,
 * so records can arrive in any order and more than once. Thread-safe.
 */
public final class FencingHistory {

  /** Records kept per node unless told otherwise. */
  public static final int DEFAULT_PER_TARGET = 20;

  /** Nodes kept unless told otherwise. */
  public static final int DEFAULT_MAX_TARGETS = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(FencingHistory.class);

  /** Newest first; ties broken by id so the order is the same on every node. */
  public static final Comparator<FencingRecord> NEWEST_FIRST =
      Comparator.comparing(FencingRecord::time)
          .reversed()
          .thenComparing(FencingRecord::id, Comparator.reverseOrder());

  private final int perTarget;
  private final int maxTargets;
  private final Map<String, List<FencingRecord>> byTarget = new HashMap<>();
  private final List<Consumer<FencingRecord>> listeners = new CopyOnWriteArrayList<>();

  public FencingHistory() {
    this(DEFAULT_PER_TARGET, DEFAULT_MAX_TARGETS);
  }

  /**
   * @param perTarget records kept per node, at least 1
   * @param maxTargets nodes kept, at least 1
   */
  public FencingHistory(int perTarget, int maxTargets) {
    if (perTarget < 1 || maxTargets < 1) {
      throw new IllegalArgumentException(
          "fencing history needs room for at least one record and one node");
    }
    this.perTarget = perTarget;
    this.maxTargets = maxTargets;
  }

  /** Calls {@code listener} with every record added or changed (outside the history's lock). */
  public void addListener(Consumer<FencingRecord> listener) {
    listeners.add(listener);
  }

  public void removeListener(Consumer<FencingRecord> listener) {
    listeners.remove(listener);
  }

  /**
   * Adds or updates a record (by id). A pending record for an operation already completed is
   * ignored.
   *
   * @return whether the history changed
   */
  public boolean record(FencingRecord r) {
    synchronized (byTarget) {
      String key = key(r.target());
      List<FencingRecord> list = byTarget.computeIfAbsent(key, k -> new ArrayList<>());
      for (int i = 0; i < list.size(); i++) {
        FencingRecord old = list.get(i);
        if (old.id().equals(r.id())) {
          if (old.equals(r)
              || (r.state() == FencingRecord.State.PENDING
                  && old.state() != FencingRecord.State.PENDING)) {
            return false;
          }
          list.remove(i);
          break;
        }
      }
      list.add(r);
      list.sort(NEWEST_FIRST);
      trim(list);
      trimTargets();
      if (!byTarget.getOrDefault(key, List.of()).contains(r)) {
        return false;
      }
    }
    for (Consumer<FencingRecord> l : listeners) {
      try {
        l.accept(r);
      } catch (RuntimeException e) {
        LOG.warn("a fencing history listener failed on {}", r.id(), e);
      }
    }
    return true;
  }

  private void trim(List<FencingRecord> list) {
    while (list.size() > perTarget) {
      int drop = list.size() - 1;
      for (int i = list.size() - 1; i >= 0; i--) {
        if (list.get(i).state() != FencingRecord.State.PENDING) {
          drop = i;
          break;
        }
      }
      list.remove(drop);
    }
  }

  private void trimTargets() {
    while (byTarget.size() > maxTargets) {
      String oldest = null;
      Instant oldestTime = null;
      for (Map.Entry<String, List<FencingRecord>> e : byTarget.entrySet()) {
        Instant t = e.getValue().get(0).time();
        if (oldestTime == null
            || t.isBefore(oldestTime)
            || (t.equals(oldestTime) && e.getKey().compareTo(oldest) < 0)) {
          oldest = e.getKey();
          oldestTime = t;
        }
      }
      byTarget.remove(oldest);
    }
  }

  private static String key(String target) {
    return target.toLowerCase(Locale.ROOT);
  }

  /** Every record, newest first. */
  public List<FencingRecord> all() {
    List<FencingRecord> out = new ArrayList<>();
    synchronized (byTarget) {
      byTarget.values().forEach(out::addAll);
    }
    out.sort(NEWEST_FIRST);
    return out;
  }

  /** The records of one node, newest first. */
  public List<FencingRecord> forTarget(String target) {
    synchronized (byTarget) {
      return List.copyOf(byTarget.getOrDefault(key(target), List.of()));
    }
  }

  /** The record with this id. */
  public Optional<FencingRecord> get(String id) {
    return all().stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The operations in progress, newest first. */
  public List<FencingRecord> pending() {
    return all().stream().filter(r -> r.state() == FencingRecord.State.PENDING).toList();
  }

  /** The latest operation on {@code target} that succeeded. */
  public Optional<FencingRecord> lastDone(String target) {
    return forTarget(target).stream()
        .filter(r -> r.state() == FencingRecord.State.DONE)
        .findFirst();
  }

  /**
   * Whether {@code target} was fenced (a successful off or reboot) that completed at or after
   * {@code since}: what the controller asks before it recovers a lost node's resources.
   */
  public boolean fencedSince(String target, Instant since) {
    return forTarget(target).stream()
        .anyMatch(
            r ->
                r.state() == FencingRecord.State.DONE
                    && r.action() != FenceAction.ON
                    && !r.completed().isBefore(since));
  }

  /** Forgets the records of {@code target} (all nodes for {@code null}); keeps pending ones. */
  public void clear(String target) {
    synchronized (byTarget) {
      for (Map.Entry<String, List<FencingRecord>> e : byTarget.entrySet()) {
        if (target == null || e.getKey().equals(key(target))) {
          e.getValue().removeIf(r -> r.state() != FencingRecord.State.PENDING);
        }
      }
      byTarget.values().removeIf(List::isEmpty);
    }
  }
}
