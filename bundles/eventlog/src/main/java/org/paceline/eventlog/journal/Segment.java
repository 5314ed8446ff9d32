package org.paceline.eventlog.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * One journal file: an 8-byte header, then frames {@code [int length][int crc32c][long key][length
 * bytes]}, the CRC covering key and bytes. Keys increase strictly. Only the journal touches a
 * segment, under its lock; {@link #size} is the end of the last whole frame.
 */
final class Segment {

  /** "PLJ1": Paceline journal, format 1. */
  static final int MAGIC = 0x504C4A31;

  static final int FILE_HEADER = 8;
  static final int FRAME_HEADER = 16;

  /** An index entry every this many records. */
  private static final int INDEX_EVERY = 64;

  final Path path;
  final FileChannel channel;
  long size;
  long firstKey = -1;
  long lastKey = -1;
  long count;

  private long[] indexKeys = new long[16];
  private long[] indexPositions = new long[16];
  private int indexSize;

  private Segment(Path path, FileChannel channel, long size) {
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  static String fileName(long firstKey) {
    return String.format("%020d.journal", firstKey);
  }

  /** Creates a new, empty segment file. */
  static Segment create(Path dir, long firstKey) throws IOException {
    Path path = dir.resolve(fileName(firstKey));
    FileChannel ch =
        FileChannel.open(
            path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      ByteBuffer header = ByteBuffer.allocate(FILE_HEADER).order(ByteOrder.BIG_ENDIAN);
      header.putInt(MAGIC).putInt(0).flip();
      writeFully(ch, header, 0);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new Segment(path, ch, FILE_HEADER);
  }

  /** What recovery found in a segment file. */
  record Scan(Segment segment, Optional<String> damage) {}

  /**
   * Opens an existing segment and checks every frame; stops at the first frame that is torn, fails
   * its CRC or does not follow {@code afterKey}, and truncates the file there.
   */
  static Scan open(Path path, long afterKey, int maxRecordBytes) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long fileSize = ch.size();
      if (fileSize < FILE_HEADER) {
        // Created but never written: an empty segment, which the journal deletes.
        return new Scan(
            new Segment(path, ch, FILE_HEADER),
            Optional.of(path.getFileName() + ": the file header is torn (" + fileSize + " bytes)"));
      }
      ByteBuffer header = ByteBuffer.allocate(FILE_HEADER);
      readFully(ch, header, 0);
      if (header.getInt(0) != MAGIC) {
        throw new IOException(path + " is not a Paceline journal segment (bad magic number)");
      }
      Segment s = new Segment(path, ch, FILE_HEADER);
      FrameReader reader = new FrameReader(s, FILE_HEADER, fileSize, maxRecordBytes);
      long prev = afterKey;
      String damage = null;
      while (true) {
        FrameReader.Frame f;
        try {
          f = reader.next();
        } catch (CorruptFrameException e) {
          damage = e.getMessage();
          break;
        }
        if (f == null) {
          break;
        }
        if (f.key() <= prev) {
          damage =
              path.getFileName()
                  + " offset "
                  + f.position()
                  + ": key "
                  + f.key()
                  + " at offset "
                  + f.position()
                  + " does not follow "
                  + prev;
          break;
        }
        s.indexed(f.key(), f.position(), f.position() + FRAME_HEADER + f.data().length);
        prev = f.key();
      }
      if (s.size < fileSize) {
        ch.truncate(s.size);
        if (damage == null) {
          damage = "unexpected bytes after offset " + s.size;
        }
      }
      return new Scan(s, Optional.ofNullable(damage));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Records that a frame with {@code key} starts at {@code position} and ends at {@code end}. */
  void indexed(long key, long position, long end) {
    if (count % INDEX_EVERY == 0) {
      if (indexSize == indexKeys.length) {
        indexKeys = Arrays.copyOf(indexKeys, indexSize * 2);
        indexPositions = Arrays.copyOf(indexPositions, indexSize * 2);
      }
      indexKeys[indexSize] = key;
      indexPositions[indexSize] = position;
      indexSize++;
    }
    if (firstKey < 0) {
      firstKey = key;
    }
    lastKey = key;
    count++;
    size = end;
  }

  /** Where to start scanning for {@code key}: the last indexed frame at or before it. */
  long positionFor(long key) {
    int i = Arrays.binarySearch(indexKeys, 0, indexSize, key);
    if (i >= 0) {
      return indexPositions[i];
    }
    int before = -i - 2;
    return before < 0 ? FILE_HEADER : indexPositions[before];
  }

  /** Appends the frames of {@code records} in one write; the caller updates the index. */
  void write(List<JournalRecord> records, int from, int to) throws IOException {
    int bytes = 0;
    for (int i = from; i < to; i++) {
      bytes += FRAME_HEADER + records.get(i).data().length;
    }
    ByteBuffer buf = ByteBuffer.allocate(bytes).order(ByteOrder.BIG_ENDIAN);
    CRC32C crc = new CRC32C();
    ByteBuffer keyBytes = ByteBuffer.allocate(8);
    for (int i = from; i < to; i++) {
      JournalRecord r = records.get(i);
      crc.reset();
      keyBytes.clear();
      keyBytes.putLong(0, r.key());
      crc.update(keyBytes);
      crc.update(r.data());
      buf.putInt(r.data().length).putInt((int) crc.getValue()).putLong(r.key()).put(r.data());
    }
    buf.flip();
    long at = size;
    try {
      writeFully(channel, buf, at);
    } catch (IOException e) {
      try {
        channel.truncate(at);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    long pos = at;
    for (int i = from; i < to; i++) {
      JournalRecord r = records.get(i);
      long end = pos + FRAME_HEADER + r.data().length;
      indexed(r.key(), pos, end);
      pos = end;
    }
  }

  static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      pos += ch.write(buf, pos);
    }
  }

  static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
      pos += n;
    }
    buf.flip();
  }

  void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return path.getFileName() + "[" + firstKey + ".." + lastKey + ", " + size + " bytes]";
  }
}
