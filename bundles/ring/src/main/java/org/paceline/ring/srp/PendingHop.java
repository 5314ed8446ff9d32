package org.paceline.ring.srp;

import org.paceline.ring.layer.Counters;

/**
 * The token or commit token this node last passed to the next member, resent every {@code
 * tokenRetransmit} until that member acknowledges it, so that one lost packet never costs a view
 * change. There is one at a time: passing on another replaces it. Protocol thread only.
 */
final class PendingHop {

  private final Sender sender;
  private final Counters counters;
  private final long retransmitNanos;

  private byte[] outstanding;
  private int outstandingTo;
  private org.paceline.api.ring.RingId outstandingRing;
  private long outstandingSeq;
  private boolean outstandingCommit;
  private long retransmitAt;

  /**
   * @param sender where packets go
   * @param counters where retransmissions are counted
   * @param retransmitNanos how long to wait for an acknowledgement before resending
   */
  PendingHop(Sender sender, Counters counters, long retransmitNanos) {
    this.sender = sender;
    this.counters = counters;
    this.retransmitNanos = retransmitNanos;
  }

  /**
   * Sends {@code bytes} to {@code to} and resends them until acknowledged.
   *
   * @param seq the token's tokenSeq, or the commit token's hop
   * @param commit whether it is a commit token
   */
  void send(
      int to, org.paceline.api.ring.RingId ring, byte[] bytes, long seq, boolean commit, long now) {
    outstanding = bytes;
    outstandingRing = ring;
    outstandingTo = to;
    outstandingSeq = seq;
    outstandingCommit = commit;
    retransmitAt = now + retransmitNanos;
    sender.sendTo(to, bytes);
  }

  void onAck(int from, Wire.Ack a) {
    if (outstanding != null
        && from == outstandingTo
        && a.ring().equals(outstandingRing)
        && a.tokenSeq() == outstandingSeq
        && a.commit() == outstandingCommit) {
      outstanding = null;
      retransmitAt = 0;
    }
  }

  /** Resends the outstanding packet if its acknowledgement is overdue. */
  void retransmitIfDue(long now) {
    if (outstanding != null && retransmitAt != 0 && now >= retransmitAt) {
      counters.inc(outstandingCommit ? "commit_retransmits" : "token_retransmits");
      sender.sendTo(outstandingTo, outstanding);
      retransmitAt = now + retransmitNanos;
    }
  }

  /** Forgets the outstanding packet: it is not resent any more. */
  void clear() {
    outstanding = null;
    retransmitAt = 0;
  }

  /** When the next resend is due, or {@link Long#MAX_VALUE}. */
  long deadline() {
    return retransmitAt == 0 ? Long.MAX_VALUE : retransmitAt;
  }

  /** Whether a packet waits for its acknowledgement. */
  boolean outstanding() {
    return outstanding != null;
  }
}
