package org.paceline.eventlog.journal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The background sync of every journal of this JVM that has the same sync interval: one thread
 * forces them all, one after the other, at each tick.
 *
 * <p>A node keeps three journals (events, drafts, numbering state). Each fsync of an appended file
 * commits the file system's journal (ext4's jbd2); with a thread per journal those commits came at
 * their own moments, and a {@code write} that needed the file system's journal waited for the
 * commit in progress: bench/eventlog saw appends held for 100–300 ms. Forced together, the first
 * fsync commits what all of them changed and the others find little left to do.
 */
final class SyncGroup {

  private static final Map<Duration, SyncGroup> GROUPS = new HashMap<>();

  private final Duration interval;
  private final Set<Journal> journals = new CopyOnWriteArraySet<>();
  private final ScheduledExecutorService thread;

  private SyncGroup(Duration interval) {
    this.interval = interval;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "journal-sync-" + interval.toMillis() + "ms");
              t.setDaemon(true);
              return t;
            });
    long period = interval.toNanos();
    thread.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.NANOSECONDS);
  }

  /** {@code journal} is forced every {@code interval} from now on. */
  static synchronized void join(Journal journal, Duration interval) {
    GROUPS.computeIfAbsent(interval, SyncGroup::new).journals.add(journal);
  }

  /**
   * {@code journal} is forced no more by the group (its next tick may still be running: the
   * journal's own sync lock orders it with a final sync); the thread stops with its last journal.
   */
  static synchronized void leave(Journal journal, Duration interval) {
    SyncGroup g = GROUPS.get(interval);
    if (g == null) {
      return;
    }
    g.journals.remove(journal);
    if (g.journals.isEmpty()) {
      GROUPS.remove(interval);
      g.thread.shutdown();
    }
  }

  /** The number of threads syncing journals (tests). */
  static synchronized int threads() {
    return GROUPS.size();
  }

  private void tick() {
    for (Journal j : journals) {
      j.syncDirty();
    }
  }

  @Override
  public String toString() {
    return "SyncGroup[" + interval + ", " + journals.size() + " journals]";
  }
}
