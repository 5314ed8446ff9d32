package org.paceline.bench.ring;

import java.util.ArrayList;
import java.util.List;

/**
 * Bench messages and their chunks. The ring has no fragmentation layer yet, so a message longer
 * than one chunk ({@code SrpEngine.maxChunk()}) is cut here into chunks that the ring delivers in
 * sender order; a message counts as delivered when its last chunk is.
 *
 * <pre>
 * chunk:   fragment index (2 bytes) | fragment count (2 bytes) | part of the message
 * message: phase (4) | seq (4, from 1 per sender and phase) | kind (1) | value (4) | filler
 * </pre>
 *
 * Kind {@link #DATA} is a measured message; kind {@link #END} closes a sender's phase and carries
 * the number of data messages it sent.
 */
final class BenchMessages {

  static final byte DATA = 0;
  static final byte END = 1;

  /** Bytes of the message header. */
  static final int HEADER = 13;

  /** Bytes of the fragment header before each part. */
  static final int FRAGMENT_HEADER = 4;

  private BenchMessages() {}

  /** A delivered whole message. */
  record Message(int phase, int seq, byte kind, int value, int size) {}

  /** The chunks of one message of {@code size} bytes, each at most {@code maxChunk} bytes. */
  static List<byte[]> chunks(int phase, int seq, byte kind, int value, int size, int maxChunk) {
    int partMax = maxChunk - FRAGMENT_HEADER;
    if (partMax < HEADER) {
      throw new IllegalArgumentException("chunks of " + maxChunk + " bytes are too small");
    }
    int count = (size + partMax - 1) / partMax;
    if (count > 0xffff) {
      throw new IllegalArgumentException("a message of " + size + " bytes needs too many chunks");
    }
    List<byte[]> out = new ArrayList<>(count);
    int offset = 0;
    for (int i = 0; i < count; i++) {
      int len = Math.min(partMax, size - offset);
      byte[] c = new byte[FRAGMENT_HEADER + len];
      putShort(c, 0, i);
      putShort(c, 2, count);
      if (i == 0) {
        putInt(c, 4, phase);
        putInt(c, 8, seq);
        c[12] = kind;
        putInt(c, 13, value);
      }
      out.add(c);
      offset += len;
    }
    return out;
  }

  /** Reassembles one sender's messages from its chunks, which arrive in order. */
  static final class Reassembly {
    private int expectedIndex;
    private int phase;
    private int seq;
    private byte kind;
    private int value;
    private int size;

    /**
     * Takes the next chunk of this sender.
     *
     * @return the message the chunk completes, or null
     * @throws IllegalArgumentException if the chunk is not the one expected
     */
    Message accept(byte[] chunk) {
      if (chunk.length < FRAGMENT_HEADER) {
        throw new IllegalArgumentException("chunk of " + chunk.length + " bytes");
      }
      int index = getShort(chunk, 0);
      int count = getShort(chunk, 2);
      if (index != expectedIndex || index >= count) {
        String problem = "fragment " + index + "/" + count + " while expecting " + expectedIndex;
        expectedIndex = 0;
        throw new IllegalArgumentException(problem);
      }
      if (index == 0) {
        if (chunk.length < FRAGMENT_HEADER + HEADER) {
          throw new IllegalArgumentException("first fragment too short: " + chunk.length);
        }
        phase = getInt(chunk, 4);
        seq = getInt(chunk, 8);
        kind = chunk[12];
        value = getInt(chunk, 13);
        size = 0;
      }
      size += chunk.length - FRAGMENT_HEADER;
      if (index + 1 < count) {
        expectedIndex = index + 1;
        return null;
      }
      expectedIndex = 0;
      return new Message(phase, seq, kind, value, size);
    }
  }

  private static void putShort(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  private static int getShort(byte[] b, int off) {
    return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
  }

  private static int getInt(byte[] b, int off) {
    return (b[off] & 0xff) << 24
        | (b[off + 1] & 0xff) << 16
        | (b[off + 2] & 0xff) << 8
        | (b[off + 3] & 0xff);
  }
}
