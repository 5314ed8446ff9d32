package org.paceline.eventlog.journal;

import java.time.Duration;
import java.util.Objects;

/**
 * How big a journal may grow and how it writes.
 *
 * <p>Durability: an append is in the operating system's page cache when it returns, so it survives
 * a crash of the process at once. Surviving a crash of the machine needs the file forced to disk:
 * with {@code fsync} on and a zero {@code syncInterval} every append is forced before it returns;
 * with a positive interval a background thread forces what was appended at most that long ago
 * (group commit: one fsync covers every append of the interval); with {@code fsync} off the
 * operating system writes back when it likes.
 *
 * @param maxBytes the journal's size bound; the oldest segments are dropped beyond it
 * @param maxRecords the bound on the number of records; the oldest segments are dropped beyond it
 * @param segmentBytes when the current segment file reaches this size a new one starts (the bounds
 *     are kept at segment granularity: the journal holds at least {@code maxBytes - segmentBytes})
 * @param maxRecordBytes the largest record accepted (and read back)
 * @param fsync whether appends are forced to disk at all
 * @param syncInterval zero to force every append before it returns, else how long an append may
 *     stay unforced
 */
public record JournalConfig(
    long maxBytes,
    long maxRecords,
    long segmentBytes,
    int maxRecordBytes,
    boolean fsync,
    Duration syncInterval) {

  /**
   * 64 MiB, one million records, 8 MiB segments, 1 MiB records, appends forced to disk within 10
   * ms.
   */
  public static final JournalConfig DEFAULT =
      new JournalConfig(64L << 20, 1_000_000, 8L << 20, 1 << 20, true, Duration.ofMillis(10));

  public JournalConfig {
    if (maxRecordBytes < 1 || maxRecordBytes > (64 << 20)) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be between 1 and 64 MiB, not " + maxRecordBytes);
    }
    if (segmentBytes < 1024) {
      throw new IllegalArgumentException(
          "segmentBytes must be at least 1 KiB, not " + segmentBytes);
    }
    if (maxBytes < segmentBytes) {
      throw new IllegalArgumentException(
          "maxBytes (" + maxBytes + ") must be at least segmentBytes (" + segmentBytes + ")");
    }
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be at least 1, not " + maxRecords);
    }
    Objects.requireNonNull(syncInterval, "syncInterval");
    if (syncInterval.isNegative()) {
      throw new IllegalArgumentException("syncInterval must not be negative: " + syncInterval);
    }
  }

  /** A configuration that forces every append to disk ({@code fsync}) or none. */
  public JournalConfig(
      long maxBytes, long maxRecords, long segmentBytes, int maxRecordBytes, boolean fsync) {
    this(maxBytes, maxRecords, segmentBytes, maxRecordBytes, fsync, Duration.ZERO);
  }

  /**
   * A journal bounded to {@code maxBytes} and {@code maxRecords}, with segments of an eighth of the
   * size (between 64 KiB and 64 MiB), durability as in {@link #DEFAULT}.
   */
  public static JournalConfig bounded(long maxBytes, long maxRecords) {
    long segment = Math.max(64L << 10, Math.min(64L << 20, maxBytes / 8));
    return new JournalConfig(
        Math.max(maxBytes, segment),
        maxRecords,
        segment,
        DEFAULT.maxRecordBytes(),
        DEFAULT.fsync(),
        DEFAULT.syncInterval());
  }

  /** This configuration with fsync on (as configured) or off. */
  public JournalConfig withFsync(boolean on) {
    return new JournalConfig(maxBytes, maxRecords, segmentBytes, maxRecordBytes, on, syncInterval);
  }

  /** This configuration with fsync on and another sync interval (zero: every append). */
  public JournalConfig withSyncInterval(Duration interval) {
    return new JournalConfig(maxBytes, maxRecords, segmentBytes, maxRecordBytes, true, interval);
  }

  /** Whether appends are forced before they return. */
  boolean syncsEachAppend() {
    return fsync && syncInterval.isZero();
  }

  /** Whether a background thread forces appends. */
  boolean syncsInBackground() {
    return fsync && !syncInterval.isZero();
  }
}
