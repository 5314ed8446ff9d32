package org.paceline.api.ring;

/**
 * Identifies one ring (one agreed membership). Ring ids of successive rings on a node increase:
 * {@code seq} is one more than the highest seq any member of the new ring had seen.
 *
 * @param seq the ring sequence number
 * @param representative the node id of the member that formed the ring (its lowest node id)
 */
public record RingId(long seq, int representative) implements Comparable<RingId> {

  @Override
  public int compareTo(RingId o) {
    int c = Long.compare(seq, o.seq);
    return c != 0 ? c : Integer.compare(representative, o.representative);
  }

  @Override
  public String toString() {
    return representative + "." + seq;
  }
}
