package org.paceline.ra.script;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The last {@code capacity} bytes written to it: a ring buffer that never grows. Thread-safe. */
final class OutputTail {

  private final byte[] ring;
  private long total;

  OutputTail(int capacity) {
    this.ring = new byte[capacity];
  }

  synchronized void append(byte[] bytes, int offset, int length) {
    int cap = ring.length;
    if (length > cap) { // only the last cap bytes can survive
      offset += length - cap;
      total += length - cap;
      length = cap;
    }
    int pos = (int) (total % cap);
    int first = Math.min(length, cap - pos);
    System.arraycopy(bytes, offset, ring, pos, first);
    System.arraycopy(bytes, offset + first, ring, 0, length - first);
    total += length;
  }

  /** Reads {@code in} to its end into this tail. */
  void pump(InputStream in) throws IOException {
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk)) >= 0) {
      append(chunk, 0, n);
    }
  }

  synchronized boolean truncated() {
    return total > ring.length;
  }

  synchronized long totalBytes() {
    return total;
  }

  /** The kept bytes as UTF-8 text; a character cut at the start is dropped, bad bytes replaced. */
  synchronized String text() {
    int cap = ring.length;
    int kept = (int) Math.min(total, cap);
    byte[] out = new byte[kept];
    int start = total > cap ? (int) (total % cap) : 0;
    for (int i = 0; i < kept; i++) {
      out[i] = ring[(start + i) % cap];
    }
    int skip = 0;
    if (total > cap) {
      while (skip < kept && skip < 3 && (out[skip] & 0xC0) == 0x80) {
        skip++;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(out, skip, kept - skip))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder cannot fail", e);
    }
  }
}
