package org.paceline.cib.xml;

/**
 * A bounded, direct-mapped cache that makes equal values read from a document share one instance:
 * the status section repeats operation names, node names, feature sets and digests hundreds of
 * thousands of times. A slot holds the latest value that hashed to it, so memory stays bounded
 * whatever the input.
 */
final class Interner {

  private static final int SLOTS = 1 << 16;

  private final Object[] slots = new Object[SLOTS];

  @SuppressWarnings("unchecked")
  <T> T intern(T value) {
    if (value == null) {
      return null;
    }
    int h = value.hashCode();
    int i = (h ^ (h >>> 16)) & (SLOTS - 1);
    Object cached = slots[i];
    if (cached != null && cached.getClass() == value.getClass() && cached.equals(value)) {
      return (T) cached;
    }
    slots[i] = value;
    return value;
  }
}
