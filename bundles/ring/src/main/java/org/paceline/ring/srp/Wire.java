package org.paceline.ring.srp;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.paceline.api.ring.RingId;

/**
 * The ring protocol's packets and their binary encoding. Every packet starts with a type byte.
 * Decoding never throws anything but {@link MalformedPacketException}: a packet from the network is
 * checked for every length and count before it is trusted.
 */
final class Wire {

  static final byte MCAST = 1;
  static final byte TOKEN = 2;
  static final byte ACK = 3;
  static final byte JOIN = 4;
  static final byte COMMIT = 5;
  static final byte MERGE_DETECT = 6;
  static final byte TOKEN_REQUEST = 7;

  /** Mcast kinds. */
  static final byte KIND_REGULAR = 0;

  static final byte KIND_CARRIER = 1;
  static final byte KIND_DONE = 2;

  /** Header bytes of an mcast before its payload. */
  static final int MCAST_HEADER = 1 + 12 + 8 + 4 + 1 + 4;

  /** The most node ids a join, commit or member list may carry. */
  static final int MAX_NODES = 1024;

  /** The most retransmission requests a token carries. */
  static final int MAX_RTR = 512;

  private Wire() {}

  /** A packet the protocol cannot read. */
  static final class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedPacketException(String message) {
      super(message);
    }
  }

  /** Any protocol packet. */
  sealed interface Packet permits Mcast, Token, Ack, Join, Commit, MergeDetect, TokenRequest {}

  /**
   * An ordered message of a ring.
   *
   * @param ring the ring it belongs to
   * @param seq its place in the ring's total order
   * @param sender who sent it first
   * @param kind regular (packed application chunks), carrier (an old ring's message during
   *     recovery) or done (a member finished sending its carriers)
   * @param payload the content
   */
  record Mcast(RingId ring, long seq, int sender, byte kind, byte[] payload) implements Packet {}

  /**
   * The regular token.
   *
   * @param ring the ring
   * @param tokenSeq increases by one at every hop; tells retransmitted tokens from new ones
   * @param seq the highest mcast seq sent in the ring
   * @param aru all-received-up-to: the lowest aru of the members, as far as known
   * @param aruId the member that lowered aru, or 0
   * @param fcc messages sent during the last rotation (flow control)
   * @param requester a member waiting to send (the token must not be held), or 0
   * @param rtr seqs some member is missing
   */
  record Token(
      RingId ring, long tokenSeq, long seq, long aru, int aruId, int fcc, int requester, long[] rtr)
      implements Packet {}

  /**
   * Acknowledges a token or commit hop, so the sender stops retransmitting it.
   *
   * @param ring the ring
   * @param tokenSeq the hop acknowledged
   * @param commit whether it acknowledges a commit token
   */
  record Ack(RingId ring, long tokenSeq, boolean commit) implements Packet {}

  /**
   * A membership proposal.
   *
   * @param sender who proposes
   * @param ringSeq the highest ring seq the sender has seen
   * @param round the sender's membership round (grows with every round the sender starts), so a
   *     join delayed from an earlier round is recognised as stale
   * @param procSet nodes the sender wants in the ring
   * @param failSet nodes the sender considers failed
   */
  record Join(int sender, long ringSeq, long round, int[] procSet, int[] failSet)
      implements Packet {}

  /**
   * What a member reports about its last installed ring when a new ring forms.
   *
   * @param nodeId the member
   * @param filled whether the member has filled in its entry
   * @param oldRing its last installed ring
   * @param aru all messages of that ring up to this seq are here
   * @param highSeq the highest seq of that ring it received
   * @param delivered the highest seq of that ring it delivered
   */
  record CommitEntry(
      int nodeId, boolean filled, RingId oldRing, long aru, long highSeq, long delivered) {}

  /**
   * The commit token that installs a new ring: rotation 1 gathers every member's entry, rotation 2
   * tells every member the complete list.
   *
   * @param ring the new ring
   * @param hop increases at every hop (for acks and retransmission)
   * @param rotation 1 or 2
   * @param entries one per member, in ring order
   */
  record Commit(RingId ring, long hop, int rotation, List<CommitEntry> entries) implements Packet {}

  /**
   * Sent by a ring's representative to nodes outside the ring, so partitions find each other.
   *
   * @param ring the sender's ring
   * @param sender the sender
   */
  record MergeDetect(RingId ring, int sender) implements Packet {}

  /**
   * Asks the token holder not to hold the token: {@code requester} has messages to send.
   *
   * @param ring the ring
   * @param requester who wants the token
   */
  record TokenRequest(RingId ring, int requester) implements Packet {}

  static byte[] encode(Packet p) {
    if (p instanceof Mcast m) {
      ByteBuffer b = ByteBuffer.allocate(MCAST_HEADER + m.payload().length);
      b.put(MCAST);
      ring(b, m.ring());
      b.putLong(m.seq()).putInt(m.sender()).put(m.kind()).putInt(m.payload().length);
      b.put(m.payload());
      return b.array();
    }
    if (p instanceof Token t) {
      ByteBuffer b = ByteBuffer.allocate(1 + 12 + 8 * 3 + 4 * 3 + 2 + 8 * t.rtr().length);
      b.put(TOKEN);
      ring(b, t.ring());
      b.putLong(t.tokenSeq()).putLong(t.seq()).putLong(t.aru());
      b.putInt(t.aruId()).putInt(t.fcc()).putInt(t.requester());
      b.putShort((short) t.rtr().length);
      for (long s : t.rtr()) {
        b.putLong(s);
      }
      return b.array();
    }
    if (p instanceof Ack a) {
      ByteBuffer b = ByteBuffer.allocate(1 + 12 + 8 + 1);
      b.put(ACK);
      ring(b, a.ring());
      b.putLong(a.tokenSeq()).put((byte) (a.commit() ? 1 : 0));
      return b.array();
    }
    if (p instanceof Join j) {
      ByteBuffer b =
          ByteBuffer.allocate(
              1 + 4 + 8 + 8 + 2 + 4 * j.procSet().length + 2 + 4 * j.failSet().length);
      b.put(JOIN).putInt(j.sender()).putLong(j.ringSeq()).putLong(j.round());
      ids(b, j.procSet());
      ids(b, j.failSet());
      return b.array();
    }
    if (p instanceof Commit c) {
      ByteBuffer b =
          ByteBuffer.allocate(1 + 12 + 8 + 1 + 2 + c.entries().size() * (4 + 1 + 12 + 24));
      b.put(COMMIT);
      ring(b, c.ring());
      b.putLong(c.hop()).put((byte) c.rotation()).putShort((short) c.entries().size());
      for (CommitEntry e : c.entries()) {
        b.putInt(e.nodeId()).put((byte) (e.filled() ? 1 : 0));
        ring(b, e.oldRing());
        b.putLong(e.aru()).putLong(e.highSeq()).putLong(e.delivered());
      }
      return b.array();
    }
    if (p instanceof MergeDetect m) {
      ByteBuffer b = ByteBuffer.allocate(1 + 12 + 4);
      b.put(MERGE_DETECT);
      ring(b, m.ring());
      b.putInt(m.sender());
      return b.array();
    }
    if (p instanceof TokenRequest r) {
      ByteBuffer b = ByteBuffer.allocate(1 + 12 + 4);
      b.put(TOKEN_REQUEST);
      ring(b, r.ring());
      b.putInt(r.requester());
      return b.array();
    }
    throw new IllegalArgumentException("unknown packet " + p);
  }

  static Packet decode(byte[] data) throws MalformedPacketException {
    if (data.length == 0) {
      throw new MalformedPacketException("empty packet");
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    try {
      byte type = b.get();
      Packet p =
          switch (type) {
            case MCAST -> {
              RingId ring = ring(b);
              long seq = b.getLong();
              int sender = b.getInt();
              byte kind = b.get();
              int len = b.getInt();
              if (kind < KIND_REGULAR || kind > KIND_DONE) {
                throw new MalformedPacketException("unknown mcast kind " + kind);
              }
              if (len < 0 || len != b.remaining()) {
                throw new MalformedPacketException(
                    "mcast payload length " + len + " does not match");
              }
              byte[] payload = new byte[len];
              b.get(payload);
              yield new Mcast(ring, seq, sender, kind, payload);
            }
            case TOKEN -> {
              RingId ring = ring(b);
              long tokenSeq = b.getLong();
              long seq = b.getLong();
              long aru = b.getLong();
              int aruId = b.getInt();
              int fcc = b.getInt();
              int requester = b.getInt();
              int n = b.getShort();
              if (n < 0 || n > MAX_RTR) {
                throw new MalformedPacketException("bad rtr count " + n);
              }
              long[] rtr = new long[n];
              for (int i = 0; i < n; i++) {
                rtr[i] = b.getLong();
              }
              yield new Token(ring, tokenSeq, seq, aru, aruId, fcc, requester, rtr);
            }
            case ACK -> new Ack(ring(b), b.getLong(), b.get() == 1);
            case JOIN -> new Join(b.getInt(), b.getLong(), b.getLong(), ids(b), ids(b));
            case COMMIT -> {
              RingId ring = ring(b);
              long hop = b.getLong();
              int rotation = b.get();
              int n = b.getShort();
              if (n <= 0 || n > MAX_NODES || (rotation != 1 && rotation != 2)) {
                throw new MalformedPacketException(
                    "bad commit (" + n + " entries, rotation " + rotation + ")");
              }
              List<CommitEntry> entries = new ArrayList<>(n);
              for (int i = 0; i < n; i++) {
                int id = b.getInt();
                boolean filled = b.get() == 1;
                RingId old = ring(b);
                entries.add(
                    new CommitEntry(id, filled, old, b.getLong(), b.getLong(), b.getLong()));
              }
              yield new Commit(ring, hop, rotation, entries);
            }
            case MERGE_DETECT -> new MergeDetect(ring(b), b.getInt());
            case TOKEN_REQUEST -> new TokenRequest(ring(b), b.getInt());
            default -> throw new MalformedPacketException("unknown packet type " + type);
          };
      if (b.hasRemaining()) {
        throw new MalformedPacketException(b.remaining() + " trailing bytes");
      }
      return p;
    } catch (BufferUnderflowException e) {
      throw new MalformedPacketException("truncated packet");
    }
  }

  private static void ring(ByteBuffer b, RingId r) {
    b.putLong(r.seq()).putInt(r.representative());
  }

  private static RingId ring(ByteBuffer b) {
    return new RingId(b.getLong(), b.getInt());
  }

  private static void ids(ByteBuffer b, int[] ids) {
    b.putShort((short) ids.length);
    for (int id : ids) {
      b.putInt(id);
    }
  }

  private static int[] ids(ByteBuffer b) throws MalformedPacketException {
    int n = b.getShort();
    if (n < 0 || n > MAX_NODES) {
      throw new MalformedPacketException("bad node count " + n);
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = b.getInt();
    }
    return out;
  }

  /** Packs application chunks into an mcast payload: count, then length-prefixed chunks. */
  static byte[] packChunks(List<byte[]> chunks) {
    int size = 4;
    for (byte[] c : chunks) {
      size += 4 + c.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(chunks.size());
    for (byte[] c : chunks) {
      b.putInt(c.length).put(c);
    }
    return b.array();
  }

  /** Unpacks {@link #packChunks}. */
  static List<byte[]> unpackChunks(byte[] payload) throws MalformedPacketException {
    ByteBuffer b = ByteBuffer.wrap(payload);
    try {
      int n = b.getInt();
      if (n < 0 || n > payload.length) {
        throw new MalformedPacketException("bad chunk count " + n);
      }
      List<byte[]> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
          throw new MalformedPacketException("bad chunk length " + len);
        }
        byte[] c = new byte[len];
        b.get(c);
        out.add(c);
      }
      if (b.hasRemaining()) {
        throw new MalformedPacketException("trailing bytes after chunks");
      }
      return out;
    } catch (BufferUnderflowException e) {
      throw new MalformedPacketException("truncated chunks");
    }
  }
}
