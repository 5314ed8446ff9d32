package org.paceline.ring.layer;

/**
 * Which packet counters of one sender epoch have been accepted: the highest one and a bitmap of the
 * {@link #SIZE} counters up to it (RFC 4303 style). Counters start at 1. Not thread-safe.
 */
final class ReplayWindow {

  /** Counters this far below the highest accepted one are too old. A power of two. */
  static final int SIZE = 1024;

  private final long[] bits = new long[SIZE / 64];
  private long highest;

  /** True if {@code counter} was not accepted yet and is not too old; changes nothing. */
  boolean isFresh(long counter) {
    if (counter <= 0) {
      return false;
    }
    if (counter > highest) {
      return true;
    }
    if (highest - counter >= SIZE) {
      return false;
    }
    return !isSet(counter);
  }

  /** Records {@code counter} as accepted; call only after {@link #isFresh} and authentication. */
  void accept(long counter) {
    if (counter > highest) {
      if (counter - highest >= SIZE) {
        java.util.Arrays.fill(bits, 0L);
      } else {
        for (long c = highest + 1; c < counter; c++) {
          clear(c);
        }
      }
      highest = counter;
    }
    set(counter);
  }

  private boolean isSet(long c) {
    int i = (int) (c & (SIZE - 1));
    return (bits[i >>> 6] & (1L << i)) != 0;
  }

  private void set(long c) {
    int i = (int) (c & (SIZE - 1));
    bits[i >>> 6] |= 1L << i;
  }

  private void clear(long c) {
    int i = (int) (c & (SIZE - 1));
    bits[i >>> 6] &= ~(1L << i);
  }
}
