package org.paceline.ring.srp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.paceline.ring.layer.Counters;

/**
 * The regular token at this node: taking it (acknowledged hop by hop), retransmitting what others
 * miss and asking for what this node misses, sending what flow control allows, holding it while the
 * ring is idle, and passing it on. Protocol thread only; see docs/design/ring.md.
 */
final class TokenHandler {

  /** What the token handler needs from the engine. */
  interface Host {
    /** The protocol state now. */
    SrpEngine.State state();

    /** The ring this node is in. */
    RingState installed();

    /** The ring the token goes round: the installed one, or the one in recovery; else null. */
    RingState active();

    /** Delivers what is contiguous in {@code r}; this may complete recovery. */
    void deliverContiguous(RingState r, long now);

    /** Makes the protocol loop run again soon (it then calls {@link #processSelfToken}). */
    void wakeLoop();
  }

  private final int me;
  private final RingSettings settings;
  private final Counters counters;
  private final Sender sender;
  private final PendingHop hop;
  private final RingFormation formation;
  private final BlockingQueue<byte[]> appQueue;
  private final Host host;
  private final long tokenNanos;
  private final long holdNanos;

  private long tokenLossAt;
  private Wire.Token held;
  private long holdUntil;
  private int pendingRequester;
  private Wire.Token selfToken;
  private boolean requested;

  /**
   * @param settings timing and sizes
   * @param counters where duplicates and retransmissions are counted
   * @param sender where messages, acknowledgements and token requests go
   * @param hop passes the token on and resends it until acknowledged
   * @param formation where recovery messages come from
   * @param appQueue the application chunks waiting to be sent
   * @param host the engine
   */
  TokenHandler(
      RingSettings settings,
      Counters counters,
      Sender sender,
      PendingHop hop,
      RingFormation formation,
      BlockingQueue<byte[]> appQueue,
      Host host) {
    this.me = settings.localNodeId();
    this.settings = settings;
    this.counters = counters;
    this.sender = sender;
    this.hop = hop;
    this.formation = formation;
    this.appQueue = appQueue;
    this.host = host;
    this.tokenNanos = settings.token().toNanos();
    this.holdNanos = settings.hold().toNanos();
  }

  /** The earliest of the token-loss timeout and the end of the hold. */
  long deadline() {
    long loss = tokenLossAt == 0 ? Long.MAX_VALUE : tokenLossAt;
    return Math.min(loss, held != null ? holdUntil : Long.MAX_VALUE);
  }

  /** Whether the token-loss timeout has passed. */
  boolean lost(long now) {
    return tokenLossAt != 0 && now >= tokenLossAt;
  }

  /** Sets the token-loss timeout (on entering recovery, before the first token). */
  void expectTokenBy(long deadline) {
    tokenLossAt = deadline;
  }

  /** Whether this node holds the idle token. */
  boolean isHeld() {
    return held != null;
  }

  /** Drops the held token and the token-loss timeout (a membership round starts). */
  void reset() {
    held = null;
    selfToken = null;
    tokenLossAt = 0;
    pendingRequester = 0;
    requested = false;
  }

  /** In a ring of one: processes the token this node passed to itself, if any. */
  void processSelfToken(long now) {
    Wire.Token t = selfToken;
    if (t == null) {
      return;
    }
    selfToken = null;
    RingState r = host.active();
    if (r != null && r.id.equals(t.ring())) {
      processToken(r, t, now);
    }
  }

  /** Passes the held token on when its hold is over. */
  void releaseIfHoldOver(long now) {
    if (held != null && now >= holdUntil) {
      Wire.Token t = held;
      held = null;
      forward(t, now);
    }
  }

  /** Application chunks were queued: use the held token, or ask for it. */
  void onWake(long now) {
    if (appQueue.isEmpty() || host.state() != SrpEngine.State.OPERATIONAL) {
      return;
    }
    RingState installed = host.installed();
    if (held != null) {
      Wire.Token t = held;
      held = null;
      sendAndForward(t, now);
    } else if (!requested && installed.members.length > 1) {
      requested = true;
      sender.broadcast(installed, Wire.encode(new Wire.TokenRequest(installed.id, me)));
    }
  }

  void onTokenRequest(int from, Wire.TokenRequest r, long now) {
    if (host.state() != SrpEngine.State.OPERATIONAL
        || !r.ring().equals(host.installed().id)
        || r.requester() != from
        || !host.installed().isMember(from)) {
      return;
    }
    if (held != null) {
      Wire.Token t = held;
      held = null;
      forward(withRequester(t, r.requester()), now);
    } else {
      pendingRequester = r.requester();
    }
  }

  private static Wire.Token withRequester(Wire.Token t, int requester) {
    return new Wire.Token(
        t.ring(), t.tokenSeq(), t.seq(), t.aru(), t.aruId(), t.fcc(), requester, t.rtr());
  }

  void onToken(int from, Wire.Token t, long now) {
    RingState r = host.active();
    if (r == null || !r.id.equals(t.ring())) {
      counters.inc("foreign_ring");
      return;
    }
    sender.sendTo(from, Wire.encode(new Wire.Ack(t.ring(), t.tokenSeq(), false)));
    if (t.tokenSeq() <= r.lastTokenSeq) {
      counters.inc("token_duplicates");
      return;
    }
    r.lastTokenSeq = t.tokenSeq();
    tokenLossAt = now + tokenNanos;
    if (host.state() == SrpEngine.State.RECOVERY) {
      formation.tokenSeen(now);
    }
    requested = false;
    processToken(r, t, now);
  }

  /** Starts the regular token of ring {@code forming} at this node, its representative. */
  void start(RingState forming, long now) {
    Wire.Token t = new Wire.Token(forming.id, 1, 0, 0, 0, 0, 0, new long[0]);
    forming.lastTokenSeq = 1;
    tokenLossAt = now + tokenNanos;
    processToken(forming, t, now);
  }

  private void processToken(RingState r, Wire.Token t, long now) {
    // Retransmit what others miss and we have; ask for what we miss.
    List<Long> rtr = new ArrayList<>();
    for (long s : t.rtr()) {
      Wire.Mcast m = r.buf.get(s);
      if (m != null) {
        sender.broadcast(r, Wire.encode(m));
        counters.inc("mcast_retransmits");
      } else if (s > r.discardedUpTo) {
        rtr.add(s);
      }
    }
    for (long s = r.aru + 1; s <= t.seq() && rtr.size() < Wire.MAX_RTR; s++) {
      if (!r.buf.containsKey(s) && !rtr.contains(s)) {
        rtr.add(s);
      }
    }
    // Messages every member had on the previous visit are safe to discard.
    long safe = Math.min(t.aru(), r.previousTokenAru);
    r.discardUpTo(safe);
    r.previousTokenAru = t.aru();
    Wire.Token next =
        new Wire.Token(
            t.ring(),
            t.tokenSeq(),
            t.seq(),
            t.aru(),
            t.aruId(),
            t.fcc(),
            t.requester() == me ? 0 : t.requester(),
            rtr.stream().mapToLong(Long::longValue).toArray());
    sendAndForward(next, now);
  }

  /** Sends what flow control allows, updates aru, then holds or forwards the token. */
  private void sendAndForward(Wire.Token t, long now) {
    RingState r = host.active();
    if (r == null || !r.id.equals(t.ring())) {
      return;
    }
    long seq = t.seq();
    int inFlight = (int) Math.min(Integer.MAX_VALUE, seq - t.aru());
    int allowed = Math.min(settings.maxMessages(), settings.windowSize() - inFlight);
    int sent = 0;
    boolean recovery = host.state() == SrpEngine.State.RECOVERY;
    while (sent < allowed) {
      Wire.Mcast m;
      if (recovery) {
        Wire.Mcast queued = formation.pollRecovery();
        if (queued == null) {
          break;
        }
        m = new Wire.Mcast(r.id, seq + 1, me, queued.kind(), queued.payload());
      } else if (host.state() == SrpEngine.State.OPERATIONAL && !appQueue.isEmpty()) {
        m = new Wire.Mcast(r.id, seq + 1, me, Wire.KIND_REGULAR, packFromQueue());
      } else {
        break;
      }
      seq++;
      sent++;
      r.store(m);
      sender.broadcast(r, Wire.encode(m));
    }
    long aru = t.aru();
    int aruId = t.aruId();
    if (r.aru < aru || aruId == me || aruId == 0) {
      aru = r.aru;
      aruId = r.aru == seq ? 0 : me;
    }
    Wire.Token out =
        new Wire.Token(t.ring(), t.tokenSeq(), seq, aru, aruId, sent, requesterFor(t), t.rtr());
    host.deliverContiguous(r, now);
    if (host.active() != r) {
      return; // recovery completed while delivering: the new ring's token continues below
    }
    SrpEngine.State state = host.state();
    boolean idle =
        sent == 0
            && out.rtr().length == 0
            && out.aru() == out.seq()
            && out.requester() == 0
            && (state != SrpEngine.State.OPERATIONAL || appQueue.isEmpty())
            && (state != SrpEngine.State.RECOVERY || !formation.recoveryPending());
    if (idle && r.members.length > 0) {
      held = out;
      holdUntil = now + holdNanos;
    } else {
      forward(out, now);
    }
  }

  private int requesterFor(Wire.Token t) {
    int r = t.requester();
    if (r == 0 && pendingRequester != 0 && pendingRequester != me) {
      r = pendingRequester;
    }
    pendingRequester = 0;
    if (r == 0 && hasBacklog()) {
      // Still more to send: nobody may hold the token until it is back here.
      r = me;
    }
    return r;
  }

  private boolean hasBacklog() {
    return switch (host.state()) {
      case OPERATIONAL -> !appQueue.isEmpty();
      case RECOVERY -> formation.hasRecoveryBacklog();
      default -> false;
    };
  }

  private byte[] packFromQueue() {
    List<byte[]> chunks = new ArrayList<>();
    int budget = settings.maxPacket() - Wire.MCAST_HEADER - 4;
    byte[] first = appQueue.poll();
    chunks.add(first);
    budget -= 4 + first.length;
    while (true) {
      byte[] c = appQueue.peek();
      if (c == null || 4 + c.length > budget) {
        break;
      }
      appQueue.poll();
      chunks.add(c);
      budget -= 4 + c.length;
    }
    return Wire.packChunks(chunks);
  }

  private void forward(Wire.Token t, long now) {
    RingState r = host.active();
    if (r == null || !r.id.equals(t.ring())) {
      return;
    }
    Wire.Token hopToken =
        new Wire.Token(
            t.ring(),
            t.tokenSeq() + 1,
            t.seq(),
            t.aru(),
            t.aruId(),
            t.fcc(),
            t.requester(),
            t.rtr());
    int next = r.next(me);
    if (next == me) {
      // A ring of one: the token comes straight back, through the event loop (never by
      // recursion, which a steady stream of submissions would turn into a stack overflow).
      r.lastTokenSeq = hopToken.tokenSeq();
      tokenLossAt = now + tokenNanos;
      selfToken = hopToken;
      host.wakeLoop();
      return;
    }
    hop.send(next, hopToken.ring(), Wire.encode(hopToken), hopToken.tokenSeq(), false, now);
  }
}
