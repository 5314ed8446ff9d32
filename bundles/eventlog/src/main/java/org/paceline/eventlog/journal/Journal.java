package org.paceline.eventlog.journal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, bounded, crash-safe log of keyed records in a directory of segment files.
 *
 * <p>Keys increase strictly (gaps are allowed). Each record is framed with its length and a CRC32C,
 * so opening the journal after a crash finds the last whole record and truncates a torn tail.
 * Appends go to the newest segment; when it reaches {@link JournalConfig#segmentBytes()} a new one
 * starts, and the oldest segments are deleted while the journal is over its size or record bound.
 *
 * <p>One writer at a time (appends are serialized); any number of readers; {@link #awaitAfter} lets
 * a reader follow the tail. Thread-safe.
 */
public final class Journal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  private static final Pattern SEGMENT = Pattern.compile("\\d{20}\\.journal");

  private final Path dir;
  private final JournalConfig config;
  private final String name;
  private volatile List<String> damage = List.of();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Object appended = new Object();
  private final Set<Segment> dirty = new LinkedHashSet<>();

  /** A segment was created or deleted since the last background sync (guarded by dirty). */
  private boolean directoryDirty;

  /** Pruned segment files the background sync deletes (guarded by dirty). */
  private final List<Path> toDelete = new ArrayList<>();

  /** Orders the background sync's runs with the final one at close. */
  private final Object syncLock = new Object();

  private volatile boolean syncing;

  // Under lock.
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private long totalBytes;
  private long totalRecords;
  private volatile long lastKey;
  private volatile long firstKey;
  private volatile boolean closed;

  private Journal(Path dir, JournalConfig config, String name) {
    this.dir = dir;
    this.config = config;
    this.name = name;
  }

  /**
   * Opens (creating if needed) the journal in {@code dir}, checks every record and truncates what a
   * crash left torn: the first bad record and everything after it are dropped, and {@link
   * #recoveryDamage()} says what was found.
   *
   * @param name how log lines name this journal
   * @throws IOException if the directory cannot be used or holds a file that is not a segment of a
   *     journal
   */
  public static Journal open(Path dir, JournalConfig config, String name) throws IOException {
    Objects.requireNonNull(config, "config");
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (SEGMENT.matcher(p.getFileName().toString()).matches()) {
          files.add(p);
        }
      }
    }
    files.sort(null);
    List<String> damage = new ArrayList<>();
    Journal j = new Journal(dir, config, name);
    long prev = 0;
    boolean dropRest = false;
    for (Path p : files) {
      if (dropRest) {
        damage.add("dropped " + p.getFileName() + " after the damage above");
        Files.delete(p);
        continue;
      }
      Segment.Scan scan;
      try {
        scan = Segment.open(p, prev, config.maxRecordBytes());
      } catch (IOException e) {
        j.closeSegments();
        throw new IOException("journal " + dir + ": " + e.getMessage(), e);
      }
      Segment s = scan.segment();
      if (scan.damage().isPresent()) {
        damage.add(scan.damage().get());
        dropRest = true;
      }
      if (s.count == 0) {
        s.close();
        Files.delete(p);
        continue;
      }
      j.segments.put(s.firstKey, s);
      j.totalBytes += s.size;
      j.totalRecords += s.count;
      prev = s.lastKey;
    }
    if (!damage.isEmpty()) {
      syncDirectory(dir);
    }
    j.lastKey = prev;
    j.firstKey = j.segments.isEmpty() ? 0 : j.segments.firstKey();
    j.damage = List.copyOf(damage);
    // A crash between an append and its pruning can leave the journal over its bounds.
    try {
      j.prune();
    } catch (IOException e) {
      j.closeSegments();
      throw new IOException("journal " + dir + ": " + e.getMessage(), e);
    }
    for (String d : damage) {
      LOG.warn("journal {} ({}): recovery: {}", name, dir, d);
    }
    if (config.syncsInBackground()) {
      j.syncing = true;
      SyncGroup.join(j, config.syncInterval());
    }
    LOG.info(
        "journal {} opened: {} records, keys {}..{}, {} segments",
        name,
        j.totalRecords,
        j.firstKey,
        j.lastKey,
        j.segments.size());
    return j;
  }

  /** What opening the journal found torn or corrupt and dropped; empty after a clean shutdown. */
  public List<String> recoveryDamage() {
    return damage;
  }

  /** The directory the journal lives in. */
  public Path directory() {
    return dir;
  }

  /** The oldest key still held, 0 when empty. */
  public long firstKey() {
    return firstKey;
  }

  /** The newest key, 0 when empty. */
  public long lastKey() {
    return lastKey;
  }

  /** How many records the journal holds. */
  public long recordCount() {
    lock.readLock().lock();
    try {
      return totalRecords;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The number of segment files the journal holds (tests). */
  int segmentCount() {
    lock.readLock().lock();
    try {
      return segments.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** How many bytes the journal's files hold. */
  public long sizeBytes() {
    lock.readLock().lock();
    try {
      return totalBytes;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Appends one record; see {@link #appendAll}. */
  public void append(long key, byte[] data) throws IOException {
    appendAll(List.of(new JournalRecord(key, data)));
  }

  /**
   * Appends records, in one write per segment, forced to disk as {@link JournalConfig} says. Keys
   * must increase strictly, starting above {@link #lastKey()}.
   *
   * @throws IllegalArgumentException if a key does not increase or a record is too large (nothing
   *     is written)
   * @throws IOException if writing fails; records of the batch before the failure may be kept,
   *     {@link #lastKey()} says where the journal stands
   */
  public void appendAll(List<JournalRecord> records) throws IOException {
    if (records.isEmpty()) {
      return;
    }
    lock.writeLock().lock();
    try {
      ensureOpen();
      long prev = lastKey;
      for (JournalRecord r : records) {
        if (r.key() <= prev || r.key() < 1) {
          throw new IllegalArgumentException(
              "journal " + name + ": key " + r.key() + " does not follow " + prev);
        }
        if (r.data().length > config.maxRecordBytes()) {
          throw new IllegalArgumentException(
              "journal "
                  + name
                  + ": record "
                  + r.key()
                  + " has "
                  + r.data().length
                  + " bytes, more than the limit of "
                  + config.maxRecordBytes());
        }
        prev = r.key();
      }
      int from = 0;
      List<Segment> touched = new ArrayList<>(2);
      while (from < records.size()) {
        Segment active = segments.isEmpty() ? null : segments.lastEntry().getValue();
        if (active == null || active.size >= config.segmentBytes()) {
          active = roll(records.get(from).key());
        }
        long room = config.segmentBytes() - active.size;
        int to = from;
        long bytes = 0;
        while (to < records.size()) {
          long frame = Segment.FRAME_HEADER + records.get(to).data().length;
          if (to > from && bytes + frame > room) {
            break;
          }
          bytes += frame;
          to++;
        }
        long before = active.size;
        try {
          active.write(records, from, to);
        } catch (IOException e) {
          if (active.count == 0) {
            segments.remove(segments.lastKey());
            totalBytes -= active.size;
            active.close();
            Files.deleteIfExists(active.path);
          }
          throw new IOException("journal " + name + ": writing failed: " + e.getMessage(), e);
        }
        totalBytes += active.size - before;
        totalRecords += to - from;
        lastKey = records.get(to - 1).key();
        touched.add(active);
        from = to;
      }
      if (config.syncsEachAppend()) {
        for (Segment s : touched) {
          s.channel.force(false);
        }
      } else if (config.syncsInBackground()) {
        synchronized (dirty) {
          dirty.addAll(touched);
        }
      }
      if (firstKey == 0) {
        firstKey = segments.firstKey();
      }
      prune();
    } finally {
      lock.writeLock().unlock();
    }
    synchronized (appended) {
      appended.notifyAll();
    }
  }

  /**
   * Deletes the segments pruned since the last sync, then forces the directory if segments came or
   * went and the segments appended to; one fsync covers many appends. Runs on the {@link SyncGroup}
   * thread, and once more at close.
   */
  void syncDirty() {
    synchronized (syncLock) {
      List<Segment> toSync;
      List<Path> deletes;
      boolean directory;
      synchronized (dirty) {
        if (dirty.isEmpty() && !directoryDirty) {
          return;
        }
        toSync = new ArrayList<>(dirty);
        dirty.clear();
        deletes = new ArrayList<>(toDelete);
        toDelete.clear();
        directory = directoryDirty;
        directoryDirty = false;
      }
      for (Path p : deletes) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // Left over, it is an older segment: the next open finds it over the bound again.
          LOG.warn("journal {}: could not delete pruned segment {}: {}", name, p, e.toString());
        }
      }
      if (directory) {
        syncDirectory(dir);
      }
      for (Segment s : toSync) {
        try {
          s.channel.force(false);
        } catch (ClosedChannelException e) {
          // Pruned or closed meanwhile: nothing left to force.
        } catch (IOException e) {
          LOG.error("journal {}: forcing {} to disk failed", name, s.path, e);
        }
      }
    }
  }

  private Segment roll(long firstKeyOfSegment) throws IOException {
    Segment s = Segment.create(dir, firstKeyOfSegment);
    totalBytes += s.size;
    segments.put(firstKeyOfSegment, s);
    syncDirectoryAsConfigured();
    LOG.debug("journal {}: new segment {}", name, s.path.getFileName());
    return s;
  }

  private void prune() throws IOException {
    boolean deleted = false;
    while (segments.size() > 1
        && (totalBytes > config.maxBytes() || totalRecords > config.maxRecords())) {
      Map.Entry<Long, Segment> oldest = segments.pollFirstEntry();
      Segment s = oldest.getValue();
      totalBytes -= s.size;
      totalRecords -= s.count;
      s.close();
      if (syncing) {
        // Deleting a file of several MiB took up to 0.3 s under load: not while appends wait.
        synchronized (dirty) {
          toDelete.add(s.path);
        }
      } else {
        Files.deleteIfExists(s.path);
      }
      deleted = true;
      LOG.debug("journal {}: dropped {} (over the bound)", name, s);
    }
    if (deleted) {
      firstKey = segments.firstKey();
      syncDirectoryAsConfigured();
    }
  }

  /**
   * Makes a created or deleted segment's directory entry durable as appends are: at once when every
   * append is forced, else by the background sync. Not under the lock when it can wait: syncing a
   * directory commits the file system's journal, which can take hundreds of milliseconds while
   * other files are written heavily (bench/eventlog saw appends held up to half a second at every
   * new segment).
   */
  private void syncDirectoryAsConfigured() {
    if (config.syncsInBackground()) {
      synchronized (dirty) {
        directoryDirty = true;
      }
    } else if (config.fsync()) {
      syncDirectory(dir);
    }
  }

  /**
   * Reads up to {@code max} records with keys from {@code fromKey} on, in key order. Starts at the
   * oldest record when {@code fromKey} is older than the journal; returns an empty list past the
   * end.
   *
   * @throws IOException if reading fails or a record is corrupt on disk (naming file and offset)
   */
  public List<JournalRecord> read(long fromKey, int max) throws IOException {
    if (max <= 0) {
      return List.of();
    }
    lock.readLock().lock();
    try {
      ensureOpen();
      List<JournalRecord> out = new ArrayList<>(Math.min(max, 1024));
      Map.Entry<Long, Segment> start = segments.floorEntry(fromKey);
      Long startKey =
          start == null ? segments.isEmpty() ? null : segments.firstKey() : start.getKey();
      if (startKey == null) {
        return out;
      }
      for (Segment s : segments.tailMap(startKey, true).values()) {
        if (s.lastKey < fromKey) {
          continue;
        }
        FrameReader r = new FrameReader(s, s.positionFor(fromKey), s.size, config.maxRecordBytes());
        for (FrameReader.Frame f = r.next(); f != null; f = r.next()) {
          if (f.key() >= fromKey) {
            out.add(new JournalRecord(f.key(), f.data()));
            if (out.size() >= max) {
              return out;
            }
          }
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Waits until the journal holds a key above {@code key} (or is closed), at most {@code timeout}.
   *
   * @return whether a newer record is there
   */
  public boolean awaitAfter(long key, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (appended) {
      while (lastKey <= key && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(appended, left);
      }
    }
    return lastKey > key;
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("journal " + name + " is closed");
    }
  }

  private void closeSegments() {
    for (Segment s : segments.values()) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.warn("journal {}: closing {} failed: {}", name, s.path, e.toString());
      }
    }
    segments.clear();
  }

  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the data files are synced regardless.
      LOG.debug("could not sync directory {}: {}", dir, e.toString());
    }
  }

  /** Closes the files; waiting readers wake up. Appends and reads fail afterwards. */
  @Override
  public void close() {
    if (syncing) {
      SyncGroup.leave(this, config.syncInterval());
      syncDirty();
    }
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeSegments();
    } finally {
      lock.writeLock().unlock();
    }
    synchronized (appended) {
      appended.notifyAll();
    }
  }

  @Override
  public String toString() {
    return "Journal[" + name + ", " + dir + ", keys " + firstKey + ".." + lastKey + "]";
  }
}
