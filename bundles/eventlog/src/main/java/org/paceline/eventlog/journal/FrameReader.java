package org.paceline.eventlog.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/** Reads a segment's frames in order, through a buffer, checking each frame's length and CRC. */
final class FrameReader {

  /** One frame read back. */
  record Frame(long key, byte[] data, long position) {}

  private static final int BUFFER = 64 * 1024;

  private final Segment segment;
  private final long end;
  private final int maxRecordBytes;
  private final CRC32C crc = new CRC32C();
  private ByteBuffer buf;
  private long bufStart;
  private long position;

  FrameReader(Segment segment, long from, long end, int maxRecordBytes) {
    this.segment = segment;
    this.position = from;
    this.end = end;
    this.maxRecordBytes = maxRecordBytes;
    this.bufStart = from;
    // A read near the end (the relay and the publisher follow the tail) needs less than BUFFER.
    int size = (int) Math.max(Segment.FRAME_HEADER, Math.min(BUFFER, end - from));
    this.buf = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
    buf.limit(0);
  }

  /** The next frame, or null at {@code end}. */
  Frame next() throws IOException {
    if (position >= end) {
      return null;
    }
    if (end - position < Segment.FRAME_HEADER) {
      throw corrupt("a frame header is torn");
    }
    ensure(Segment.FRAME_HEADER);
    int at = (int) (position - bufStart);
    int length = buf.getInt(at);
    int expected = buf.getInt(at + 4);
    long key = buf.getLong(at + 8);
    if (length < 0 || length > maxRecordBytes) {
      throw corrupt("a frame claims " + length + " bytes");
    }
    if (end - position - Segment.FRAME_HEADER < length) {
      throw corrupt("a frame of " + length + " bytes is torn");
    }
    ensure(Segment.FRAME_HEADER + length);
    at = (int) (position - bufStart);
    byte[] data = new byte[length];
    buf.get(at + Segment.FRAME_HEADER, data);
    crc.reset();
    crc.update(buf.slice(at + 8, 8));
    crc.update(data);
    if ((int) crc.getValue() != expected) {
      throw corrupt("a frame fails its CRC");
    }
    Frame f = new Frame(key, data, position);
    position += Segment.FRAME_HEADER + length;
    return f;
  }

  /** Makes the buffer hold {@code need} bytes from {@code position}. */
  private void ensure(int need) throws IOException {
    long have = bufStart + buf.limit() - position;
    if (position >= bufStart && have >= need) {
      return;
    }
    if (buf.capacity() < need) {
      buf = ByteBuffer.allocate(Math.max(need, BUFFER)).order(ByteOrder.BIG_ENDIAN);
    }
    buf.clear();
    int want = (int) Math.min(buf.capacity(), end - position);
    buf.limit(want);
    Segment.readFully(segment.channel, buf, position);
    bufStart = position;
  }

  private CorruptFrameException corrupt(String what) {
    return new CorruptFrameException(
        segment.path.getFileName() + " offset " + position + ": " + what);
  }
}
