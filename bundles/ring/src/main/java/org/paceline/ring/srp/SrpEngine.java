package org.paceline.ring.srp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;
import org.paceline.ring.layer.Counters;
import org.paceline.ring.layer.Layer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-ring ordering and membership protocol (after Totem SRP): the top layer of a node's
 * ring stack. One protocol thread owns all state; packets, submissions and timers reach it through
 * its inbox. See docs/design/ring.md.
 */
public final class SrpEngine extends Layer {

  private static final Logger LOG = LoggerFactory.getLogger(SrpEngine.class);

  /** The protocol's states. */
  public enum State {
    GATHER,
    COMMIT,
    RECOVERY,
    OPERATIONAL
  }

  private record Inbound(int from, byte[] data) {}

  private record Wake() {}

  private static final Wake WAKE = new Wake();

  private final RingSettings settings;
  private final int me;
  private final int[] everyoneElse;
  private final Counters counters;
  private final RingListener listener;
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final BlockingQueue<byte[]> appQueue;
  private final BlockingQueue<Runnable> deliveries = new LinkedBlockingQueue<>();
  private final long tokenNanos;
  private final long holdNanos;
  private final long retransmitNanos;
  private final long joinNanos;
  private final long consensusNanos;
  private final long mergeNanos;
  private final long tickNanos;
  private final long sendJoinNanos;
  private final java.util.Random random = new java.util.Random();

  private Thread protocolThread;
  private Thread deliveryThread;
  private volatile boolean running;
  private volatile RingView currentView;
  private volatile State state = State.GATHER;

  // --- rings
  private RingState installed;
  private RingState forming;
  private long highestRingSeq;
  private int[] installedProc = new int[0];
  private int[] installedFail = new int[0];

  // --- gather
  private final TreeSet<Integer> procSet = new TreeSet<>();
  private final TreeSet<Integer> failSet = new TreeSet<>();
  private final Map<Integer, Wire.Join> joins = new HashMap<>();
  private final Map<Integer, Long> addedAt = new HashMap<>();
  private final Map<Integer, Long> latestRound = new HashMap<>();
  // Rounds start from the wall clock so that a restarted node's rounds are newer than the ones
  // its peers remember from before the restart.
  private long round = System.currentTimeMillis() * 1000;
  private long joinResendAt;
  private long joinCheckAt;
  private long consensusAt;
  private int[] consensusProc;
  private int[] consensusFail;

  // --- commit and recovery
  private Wire.Commit commit;
  private RingId lastCommitRing;
  private long lastCommitHop;
  private long commitTimeoutAt;
  private final ArrayDeque<Wire.Mcast> recoveryQueue = new ArrayDeque<>();
  private final TreeSet<Integer> doneFrom = new TreeSet<>();
  private List<Wire.CommitEntry> recoveryEntries = List.of();

  // --- token
  private long tokenLossAt;
  private Wire.Token held;
  private long holdUntil;
  private int pendingRequester;
  private boolean requested;
  private byte[] outstanding;
  private int outstandingTo;
  private long outstandingSeq;
  private boolean outstandingCommit;
  private long retransmitAt;

  // --- merge and pause detection
  private long mergeAt;
  private long lastLoop;

  /**
   * @param settings timing and sizes
   * @param listener receives deliveries and views on the delivery thread
   * @param counters where drops and retransmissions are counted
   */
  public SrpEngine(RingSettings settings, RingListener listener, Counters counters) {
    this.settings = settings;
    this.me = settings.localNodeId();
    this.everyoneElse =
        settings.nodes().stream().mapToInt(Integer::intValue).filter(n -> n != me).toArray();
    this.listener = listener;
    this.counters = counters;
    this.appQueue = new LinkedBlockingQueue<>(16_384);
    this.tokenNanos = settings.token().toNanos();
    this.holdNanos = settings.hold().toNanos();
    this.retransmitNanos = settings.tokenRetransmit().toNanos();
    this.joinNanos = settings.join().toNanos();
    this.consensusNanos = settings.consensus().toNanos();
    this.mergeNanos = settings.merge().toNanos();
    this.tickNanos = Math.max(1_000_000, tokenNanos / 8);
    this.sendJoinNanos = settings.sendJoin().toNanos();
    this.installed = new RingState(new RingId(0, me), new int[] {me});
    this.currentView = new RingView(installed.id, List.of(me), List.of(), List.of());
  }

  /** The node this engine runs for. */
  public int localNodeId() {
    return me;
  }

  /** The protocol state now (for status and tests). */
  public State state() {
    return state;
  }

  /** The last view delivered. */
  public RingView currentView() {
    return currentView;
  }

  /** The largest chunk {@link #submit} accepts. */
  public int maxChunk() {
    return settings.maxChunk();
  }

  /** The settings in force. */
  public RingSettings settings() {
    return settings;
  }

  @Override
  public void start() {
    running = true;
    protocolThread = new Thread(this::protocolLoop, "ring-" + me);
    protocolThread.setDaemon(true);
    protocolThread.setPriority(Thread.MAX_PRIORITY);
    deliveryThread = new Thread(this::deliveryLoop, "ring-deliver-" + me);
    deliveryThread.setDaemon(true);
    protocolThread.start();
    deliveryThread.start();
  }

  @Override
  public void close() {
    running = false;
    inbox.offer(WAKE);
    deliveries.offer(() -> {});
    join(protocolThread);
    join(deliveryThread);
  }

  private static void join(Thread t) {
    if (t == null) {
      return;
    }
    try {
      t.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Queues an application chunk for agreed-order delivery to every member. Blocks while the send
   * queue is full (flow control), up to {@code timeoutMillis}.
   *
   * @return false if the queue stayed full
   */
  public boolean submit(byte[] chunk, long timeoutMillis) throws InterruptedException {
    if (chunk.length > settings.maxChunk()) {
      throw new IllegalArgumentException(
          "chunk of " + chunk.length + " bytes exceeds " + settings.maxChunk());
    }
    boolean queued = appQueue.offer(chunk, timeoutMillis, TimeUnit.MILLISECONDS);
    if (queued) {
      inbox.offer(WAKE);
    }
    return queued;
  }

  @Override
  public void up(int from, byte[] packet) {
    inbox.offer(new Inbound(from, packet));
  }

  // ------------------------------------------------------------------ loop

  private void protocolLoop() {
    long now = System.nanoTime();
    lastLoop = now;
    enterGather(now, "start");
    while (running) {
      try {
        now = System.nanoTime();
        long wait = Math.max(0, nextDeadline(now) - now);
        Object ev = inbox.poll(wait, TimeUnit.NANOSECONDS);
        now = System.nanoTime();
        if (now - lastLoop > tokenNanos && state != State.GATHER) {
          counters.inc("pauses_detected");
          LOG.warn(
              "node {}: ring thread was stopped for {} ms (token {} ms): leaving ring {} to rejoin",
              me,
              (now - lastLoop) / 1_000_000,
              tokenNanos / 1_000_000,
              installed.id);
          enterGather(now, "pause");
        }
        lastLoop = now;
        if (ev instanceof Inbound in) {
          receive(in.from(), in.data(), now);
        } else if (ev == WAKE) {
          onWake(now);
        }
        timers(System.nanoTime());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        counters.inc("internal_errors");
        LOG.error("node {}: ring protocol error; restarting membership", me, e);
        enterGather(System.nanoTime(), "error");
      }
    }
  }

  private void deliveryLoop() {
    while (running || !deliveries.isEmpty()) {
      try {
        Runnable r = deliveries.poll(100, TimeUnit.MILLISECONDS);
        if (r != null) {
          r.run();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("node {}: ring listener failed", me, e);
      }
    }
  }

  private long nextDeadline(long now) {
    long next = now + tickNanos;
    next = Math.min(next, deadline(tokenLossAt));
    next = Math.min(next, deadline(retransmitAt));
    next = Math.min(next, held != null ? holdUntil : Long.MAX_VALUE);
    if (state == State.GATHER) {
      next = Math.min(next, Math.min(joinResendAt, Math.min(joinCheckAt, consensusAt)));
    }
    if (state == State.COMMIT || state == State.RECOVERY) {
      next = Math.min(next, deadline(commitTimeoutAt));
    }
    if (state == State.OPERATIONAL) {
      next = Math.min(next, deadline(mergeAt));
    }
    return next;
  }

  private static long deadline(long t) {
    return t == 0 ? Long.MAX_VALUE : t;
  }

  private void timers(long now) {
    if (outstanding != null && retransmitAt != 0 && now >= retransmitAt) {
      counters.inc(outstandingCommit ? "commit_retransmits" : "token_retransmits");
      sendTo(outstandingTo, outstanding);
      retransmitAt = now + retransmitNanos;
    }
    if (held != null && now >= holdUntil) {
      Wire.Token t = held;
      held = null;
      forward(t, now);
    }
    switch (state) {
      case OPERATIONAL, RECOVERY -> {
        if (tokenLossAt != 0 && now >= tokenLossAt) {
          counters.inc("token_lost");
          LOG.info(
              "node {}: token lost in ring {} ({} ms without it): {}",
              me,
              active().id,
              tokenNanos / 1_000_000,
              describe());
          enterGather(now, "token lost");
        } else if (state == State.RECOVERY && commitTimeoutAt != 0 && now >= commitTimeoutAt) {
          enterGather(now, "recovery timed out");
        } else if (state == State.OPERATIONAL && mergeAt != 0 && now >= mergeAt) {
          mergeDetect(now);
        }
      }
      case COMMIT -> {
        if (now >= commitTimeoutAt) {
          enterGather(now, "commit timed out");
        }
      }
      case GATHER -> gatherTimers(now);
    }
  }

  private void onWake(long now) {
    if (appQueue.isEmpty() || state != State.OPERATIONAL) {
      return;
    }
    if (held != null) {
      Wire.Token t = held;
      held = null;
      sendAndForward(t, now);
    } else if (!requested && installed.members.length > 1) {
      requested = true;
      broadcast(installed, Wire.encode(new Wire.TokenRequest(installed.id, me)));
    }
  }

  // ------------------------------------------------------------------ receive

  private void receive(int from, byte[] data, long now) {
    Wire.Packet p;
    try {
      p = Wire.decode(data);
    } catch (Wire.MalformedPacketException e) {
      counters.inc("malformed");
      LOG.debug("node {}: malformed packet from {}: {}", me, from, e.getMessage());
      return;
    }
    if (p instanceof Wire.Mcast m) {
      onMcast(m, now);
    } else if (p instanceof Wire.Token t) {
      onToken(from, t, now);
    } else if (p instanceof Wire.Ack a) {
      onAck(a);
    } else if (p instanceof Wire.Join j) {
      if (j.sender() != from) {
        counters.inc("malformed");
      } else {
        onJoin(j, now);
      }
    } else if (p instanceof Wire.Commit c) {
      onCommit(from, c, now);
    } else if (p instanceof Wire.MergeDetect m) {
      onMergeDetect(m, now);
    } else if (p instanceof Wire.TokenRequest r) {
      onTokenRequest(r, now);
    }
  }

  private RingState active() {
    return switch (state) {
      case OPERATIONAL -> installed;
      case RECOVERY -> forming;
      default -> null;
    };
  }

  private void onMcast(Wire.Mcast m, long now) {
    RingState r = active();
    if (r == null || !r.id.equals(m.ring())) {
      counters.inc("foreign_ring");
      return;
    }
    if (r.store(m)) {
      deliverContiguous(r, now);
    } else {
      counters.inc("duplicates");
    }
  }

  private void deliverContiguous(RingState r, long now) {
    while (r.delivered < r.aru) {
      Wire.Mcast m = r.buf.get(r.delivered + 1);
      r.delivered++;
      switch (m.kind()) {
        case Wire.KIND_REGULAR -> deliverChunks(m);
        case Wire.KIND_CARRIER -> onCarrier(m);
        case Wire.KIND_DONE -> {
          doneFrom.add(m.sender());
          if (state == State.RECOVERY
              && r == forming
              && doneFrom.size() == forming.members.length) {
            completeRecovery(now);
            return;
          }
        }
        default -> counters.inc("malformed");
      }
    }
  }

  private void deliverChunks(Wire.Mcast m) {
    List<byte[]> chunks;
    try {
      chunks = Wire.unpackChunks(m.payload());
    } catch (Wire.MalformedPacketException e) {
      counters.inc("malformed");
      return;
    }
    int sender = m.sender();
    deliveries.add(
        () -> {
          for (byte[] c : chunks) {
            listener.deliver(sender, c);
          }
        });
  }

  private void onCarrier(Wire.Mcast carrier) {
    try {
      if (Wire.decode(carrier.payload()) instanceof Wire.Mcast old
          && old.ring().equals(installed.id)
          && old.seq() > installed.delivered) {
        installed.store(old);
      }
    } catch (Wire.MalformedPacketException e) {
      counters.inc("malformed");
    }
  }

  private void onAck(Wire.Ack a) {
    if (outstanding != null && a.tokenSeq() == outstandingSeq && a.commit() == outstandingCommit) {
      outstanding = null;
      retransmitAt = 0;
    }
  }

  private void onTokenRequest(Wire.TokenRequest r, long now) {
    if (state != State.OPERATIONAL || !r.ring().equals(installed.id)) {
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

  // ------------------------------------------------------------------ token

  private void onToken(int from, Wire.Token t, long now) {
    RingState r = active();
    if (r == null || !r.id.equals(t.ring())) {
      counters.inc("foreign_ring");
      return;
    }
    sendTo(from, Wire.encode(new Wire.Ack(t.ring(), t.tokenSeq(), false)));
    if (t.tokenSeq() <= r.lastTokenSeq) {
      counters.inc("token_duplicates");
      return;
    }
    r.lastTokenSeq = t.tokenSeq();
    tokenLossAt = now + tokenNanos;
    if (state == State.RECOVERY) {
      commitTimeoutAt = now + consensusNanos + tokenNanos;
    }
    requested = false;
    processToken(r, t, now);
  }

  private void processToken(RingState r, Wire.Token t, long now) {
    // Retransmit what others miss and we have; ask for what we miss.
    List<Long> rtr = new ArrayList<>();
    for (long s : t.rtr()) {
      Wire.Mcast m = r.buf.get(s);
      if (m != null) {
        broadcast(r, Wire.encode(m));
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
    RingState r = active();
    if (r == null || !r.id.equals(t.ring())) {
      return;
    }
    long seq = t.seq();
    int inFlight = (int) Math.min(Integer.MAX_VALUE, seq - t.aru());
    int allowed = Math.min(settings.maxMessages(), settings.windowSize() - inFlight);
    int sent = 0;
    ArrayDeque<Wire.Mcast> recovery = state == State.RECOVERY ? recoveryQueue : null;
    while (sent < allowed) {
      Wire.Mcast m;
      if (recovery != null) {
        Wire.Mcast queued = recovery.poll();
        if (queued == null) {
          break;
        }
        m = new Wire.Mcast(r.id, seq + 1, me, queued.kind(), queued.payload());
      } else if (state == State.OPERATIONAL && !appQueue.isEmpty()) {
        m = new Wire.Mcast(r.id, seq + 1, me, Wire.KIND_REGULAR, packFromQueue());
      } else {
        break;
      }
      seq++;
      sent++;
      r.store(m);
      broadcast(r, Wire.encode(m));
    }
    long aru = t.aru();
    int aruId = t.aruId();
    if (r.aru < aru || aruId == me || aruId == 0) {
      aru = r.aru;
      aruId = r.aru == seq ? 0 : me;
    }
    Wire.Token out =
        new Wire.Token(t.ring(), t.tokenSeq(), seq, aru, aruId, sent, requesterFor(t), t.rtr());
    deliverContiguous(r, now);
    if (active() != r) {
      return; // recovery completed while delivering: the new ring's token continues below
    }
    boolean idle =
        sent == 0
            && out.rtr().length == 0
            && out.aru() == out.seq()
            && out.requester() == 0
            && (state != State.OPERATIONAL || appQueue.isEmpty())
            && (state != State.RECOVERY || recoveryQueue.isEmpty());
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
    return r;
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
    RingState r = active();
    if (r == null || !r.id.equals(t.ring())) {
      return;
    }
    Wire.Token hop =
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
      // A ring of one: the token comes straight back.
      r.lastTokenSeq = hop.tokenSeq();
      tokenLossAt = now + tokenNanos;
      processToken(r, hop, now);
      return;
    }
    byte[] bytes = Wire.encode(hop);
    outstanding = bytes;
    outstandingTo = next;
    outstandingSeq = hop.tokenSeq();
    outstandingCommit = false;
    retransmitAt = now + retransmitNanos;
    sendTo(next, bytes);
  }

  // ------------------------------------------------------------------ membership

  private void enterGather(long now, String why) {
    if (state != State.GATHER || why.equals("start")) {
      LOG.debug("node {}: gathering ({})", me, why);
    }
    state = State.GATHER;
    round++;
    procSet.clear();
    failSet.clear();
    joins.clear();
    addedAt.clear();
    procSet.add(me);
    for (int m : installed.members) {
      addProc(m, now);
    }
    if (forming != null) {
      for (int m : forming.members) {
        addProc(m, now);
      }
    }
    forming = null;
    commit = null;
    held = null;
    outstanding = null;
    retransmitAt = 0;
    tokenLossAt = 0;
    commitTimeoutAt = 0;
    recoveryQueue.clear();
    doneFrom.clear();
    consensusAt = now + consensusNanos;
    joinCheckAt = now + joinNanos;
    if (sendJoinNanos > 0) {
      joinResendAt = now + (long) (random.nextDouble() * sendJoinNanos);
    } else {
      sendJoin(now);
    }
    // Consensus is checked when joins arrive or the join timeout passes, never right here: the
    // event that started this round usually brings a node to add first.
  }

  private void addProc(int node, long now) {
    if (procSet.add(node)) {
      addedAt.put(node, now);
    }
  }

  private void sendJoin(long now) {
    Wire.Join j = new Wire.Join(me, highestRingSeq, round, toArray(procSet), toArray(failSet));
    byte[] bytes = Wire.encode(j);
    if (everyoneElse.length > 0) {
      down(everyoneElse, bytes);
    }
    joinResendAt = now + Math.max(1_000_000, joinNanos / 4);
  }

  private void gatherTimers(long now) {
    if (now >= joinCheckAt) {
      boolean changed = false;
      for (int k : List.copyOf(procSet)) {
        if (k != me
            && !failSet.contains(k)
            && !joins.containsKey(k)
            && now - addedAt.getOrDefault(k, now) >= joinNanos + sendJoinNanos) {
          LOG.debug("node {}: node {} sent no join: leaving it out", me, k);
          failSet.add(k);
          changed = true;
        }
      }
      joinCheckAt = now + Math.max(1_000_000, joinNanos / 4);
      if (changed) {
        sendJoin(now);
      }
      checkConsensus(now);
    }
    if (state == State.GATHER && now >= consensusAt) {
      boolean changed = false;
      for (int k : List.copyOf(procSet)) {
        Wire.Join j = joins.get(k);
        if (k != me && !failSet.contains(k) && (j == null || !sameSets(j))) {
          LOG.debug("node {}: node {} did not agree in time: leaving it out", me, k);
          failSet.add(k);
          changed = true;
        }
      }
      consensusAt = now + consensusNanos;
      if (changed) {
        sendJoin(now);
        checkConsensus(now);
      }
    }
    if (state == State.GATHER && now >= joinResendAt) {
      sendJoin(now);
    }
  }

  private void onJoin(Wire.Join j, long now) {
    highestRingSeq = Math.max(highestRingSeq, j.ringSeq());
    int sender = j.sender();
    long newest = latestRound.getOrDefault(sender, Long.MIN_VALUE);
    if (j.round() < newest) {
      counters.inc("stale_joins");
      return; // delayed from an earlier round of the sender
    }
    latestRound.put(sender, j.round());
    for (int n : j.failSet()) {
      if (n == me) {
        // The sender has given up on us in its current round and forms a ring without us; the
        // rings merge afterwards with fresh sets. Its earlier agreement no longer counts (so we
        // never commit a ring it would refuse), but we do not fail it for that: the verdict may
        // be stale by now (we may have been paused), and copying it into our round would carry
        // exclusions from round to round. If it stays silent, the join timeout fails it.
        counters.inc("joins_excluding_us");
        joins.remove(sender);
        return;
      }
    }
    switch (state) {
      case OPERATIONAL -> {
        if (installed.isMember(sender) && j.ringSeq() < installed.id.seq()) {
          return; // from the round that formed this ring
        }
        enterGather(now, "join from " + sender);
      }
      case RECOVERY -> {
        if (forming.isMember(sender) && j.ringSeq() < forming.id.seq()) {
          return;
        }
        enterGather(now, "join from " + sender + " during recovery");
      }
      case COMMIT -> {
        boolean member = commit != null && memberIds(commit).contains(sender);
        if (member
            && j.ringSeq() < commit.ring().seq()
            && Arrays.equals(j.procSet(), consensusProc)
            && Arrays.equals(j.failSet(), consensusFail)) {
          return; // agrees with the ring being formed
        }
        enterGather(now, "join from " + sender + " during commit");
      }
      case GATHER -> {}
    }
    if (failSet.contains(sender)) {
      return;
    }
    joins.put(sender, j);
    boolean changed = false;
    if (!procSet.contains(sender)) {
      addProc(sender, now);
      changed = true;
    }
    for (int n : j.procSet()) {
      if (validNode(n) && !procSet.contains(n)) {
        addProc(n, now);
        changed = true;
      }
    }
    for (int n : j.failSet()) {
      if (validNode(n)) {
        changed |= failSet.add(n);
      }
    }
    if (changed) {
      sendJoin(now);
    }
    checkConsensus(now);
  }

  private boolean validNode(int n) {
    return n == me || Arrays.binarySearch(everyoneElse, n) >= 0;
  }

  private void onMergeDetect(Wire.MergeDetect m, long now) {
    int sender = m.sender();
    if (!validNode(sender)) {
      return;
    }
    if (state == State.OPERATIONAL && !installed.isMember(sender)) {
      LOG.debug("node {}: ring {} of node {} found: merging", me, m.ring(), sender);
      enterGather(now, "merge with " + sender);
      addProc(sender, now);
      sendJoin(now);
    } else if (state == State.GATHER && !procSet.contains(sender) && !failSet.contains(sender)) {
      addProc(sender, now);
      sendJoin(now);
    }
  }

  private void mergeDetect(long now) {
    mergeAt = now + mergeNanos;
    if (installed.members[0] != me) {
      return;
    }
    int[] outside = Arrays.stream(everyoneElse).filter(n -> !installed.isMember(n)).toArray();
    if (outside.length > 0) {
      down(outside, Wire.encode(new Wire.MergeDetect(installed.id, me)));
    }
  }

  private boolean sameSets(Wire.Join j) {
    return Arrays.equals(j.procSet(), toArray(procSet))
        && Arrays.equals(j.failSet(), toArray(failSet));
  }

  private int[] liveMembers() {
    return procSet.stream().filter(n -> !failSet.contains(n)).mapToInt(Integer::intValue).toArray();
  }

  private void checkConsensus(long now) {
    if (state != State.GATHER) {
      return;
    }
    int[] live = liveMembers();
    for (int k : live) {
      if (k != me && (!joins.containsKey(k) || !sameSets(joins.get(k)))) {
        return;
      }
    }
    consensusProc = toArray(procSet);
    consensusFail = toArray(failSet);
    if (live[0] != me) {
      return; // the representative sends the commit token
    }
    long ringSeq = highestRingSeq;
    for (int k : live) {
      Wire.Join j = joins.get(k);
      if (j != null) {
        ringSeq = Math.max(ringSeq, j.ringSeq());
      }
    }
    RingId ring = new RingId(Math.max(ringSeq, installed.id.seq()) + 1, me);
    List<Wire.CommitEntry> entries = new ArrayList<>();
    for (int k : live) {
      entries.add(k == me ? myEntry() : new Wire.CommitEntry(k, false, ring, 0, 0, 0));
    }
    commit = new Wire.Commit(ring, 1, 1, entries);
    highestRingSeq = Math.max(highestRingSeq, ring.seq());
    state = State.COMMIT;
    commitTimeoutAt = now + consensusNanos;
    LOG.debug("node {}: forming ring {} with {}", me, ring, Arrays.toString(live));
    if (live.length == 1) {
      enterRecovery(new Wire.Commit(ring, 1, 2, entries), now);
      startRegularToken(now);
    } else {
      sendCommit(live[1], commit, now);
    }
  }

  private Wire.CommitEntry myEntry() {
    return new Wire.CommitEntry(
        me, true, installed.id, installed.aru, installed.highSeq, installed.delivered);
  }

  private static List<Integer> memberIds(Wire.Commit c) {
    return c.entries().stream().map(Wire.CommitEntry::nodeId).toList();
  }

  private void sendCommit(int to, Wire.Commit c, long now) {
    byte[] bytes = Wire.encode(c);
    outstanding = bytes;
    outstandingTo = to;
    outstandingSeq = c.hop();
    outstandingCommit = true;
    retransmitAt = now + retransmitNanos;
    sendTo(to, bytes);
  }

  private void onCommit(int from, Wire.Commit c, long now) {
    sendTo(from, Wire.encode(new Wire.Ack(c.ring(), c.hop(), true)));
    List<Integer> ids = memberIds(c);
    if (!ids.contains(me) || (c.ring().equals(lastCommitRing) && c.hop() <= lastCommitHop)) {
      return;
    }
    int[] order = ids.stream().mapToInt(Integer::intValue).toArray();
    int myIndex = ids.indexOf(me);
    int next = order[(myIndex + 1) % order.length];
    boolean iAmRep = order[0] == me;
    if (c.rotation() == 1) {
      if (iAmRep) {
        if (state != State.COMMIT || commit == null || !commit.ring().equals(c.ring())) {
          return;
        }
        if (c.entries().stream().allMatch(Wire.CommitEntry::filled)) {
          lastCommitRing = c.ring();
          lastCommitHop = c.hop();
          Wire.Commit second = new Wire.Commit(c.ring(), c.hop() + 1, 2, c.entries());
          commit = second;
          enterRecovery(second, now);
          sendCommit(next, second, now);
        }
        return;
      }
      if (state != State.GATHER || !Arrays.equals(order, liveMembers())) {
        LOG.debug(
            "node {}: commit for {} rejected in {} (members {}, ours {})",
            me,
            c.ring(),
            state,
            ids,
            Arrays.toString(liveMembers()));
        counters.inc("commit_rejected");
        sendJoin(now);
        return;
      }
      consensusProc = toArray(procSet);
      consensusFail = toArray(failSet);
      lastCommitRing = c.ring();
      lastCommitHop = c.hop();
      highestRingSeq = Math.max(highestRingSeq, c.ring().seq());
      List<Wire.CommitEntry> entries = new ArrayList<>(c.entries());
      entries.set(myIndex, myEntry());
      commit = new Wire.Commit(c.ring(), c.hop() + 1, 1, entries);
      state = State.COMMIT;
      commitTimeoutAt = now + consensusNanos + tokenNanos;
      sendCommit(next, commit, now);
    } else {
      if (iAmRep) {
        // The second rotation came back: every member is in recovery; start the token.
        if (state == State.RECOVERY
            && forming != null
            && forming.id.equals(c.ring())
            && forming.lastTokenSeq == 0) {
          lastCommitRing = c.ring();
          lastCommitHop = c.hop();
          startRegularToken(now);
        }
        return;
      }
      if (state != State.COMMIT || commit == null || !commit.ring().equals(c.ring())) {
        return;
      }
      lastCommitRing = c.ring();
      lastCommitHop = c.hop();
      Wire.Commit fwd = new Wire.Commit(c.ring(), c.hop() + 1, 2, c.entries());
      commit = fwd;
      enterRecovery(fwd, now);
      sendCommit(next, fwd, now);
    }
  }

  private void enterRecovery(Wire.Commit c, long now) {
    int[] members = memberIds(c).stream().mapToInt(Integer::intValue).toArray();
    forming = new RingState(c.ring(), members);
    recoveryEntries = c.entries();
    state = State.RECOVERY;
    tokenLossAt = now + tokenNanos + consensusNanos;
    commitTimeoutAt = now + consensusNanos + tokenNanos;
    doneFrom.clear();
    recoveryQueue.clear();
    long lowAru = installed.aru;
    for (Wire.CommitEntry e : c.entries()) {
      if (e.oldRing().equals(installed.id)) {
        lowAru = Math.min(lowAru, e.aru());
      }
    }
    for (long s = Math.max(lowAru, installed.discardedUpTo) + 1; s <= installed.highSeq; s++) {
      Wire.Mcast m = installed.buf.get(s);
      if (m != null) {
        recoveryQueue.add(new Wire.Mcast(c.ring(), 0, me, Wire.KIND_CARRIER, Wire.encode(m)));
      }
    }
    recoveryQueue.add(new Wire.Mcast(c.ring(), 0, me, Wire.KIND_DONE, new byte[0]));
    counters.add("recovery_carriers", recoveryQueue.size() - 1L);
  }

  private void startRegularToken(long now) {
    Wire.Token t = new Wire.Token(forming.id, 1, 0, 0, 0, 0, 0, new long[0]);
    forming.lastTokenSeq = 1;
    tokenLossAt = now + tokenNanos;
    processToken(forming, t, now);
  }

  private void completeRecovery(long now) {
    // Old-ring messages: every member moving with us now holds the same set; deliver the rest
    // of it in order, skipping holes no survivor can fill.
    List<Long> rest = new ArrayList<>();
    for (long s : installed.buf.keySet()) {
      if (s > installed.delivered) {
        rest.add(s);
      }
    }
    rest.sort(null);
    for (long s : rest) {
      Wire.Mcast m = installed.buf.get(s);
      if (m.kind() == Wire.KIND_REGULAR) {
        deliverChunks(m);
      }
    }
    RingView previous = currentView;
    List<Integer> members = Arrays.stream(forming.members).boxed().toList();
    List<Integer> joined = members.stream().filter(n -> !previous.contains(n)).toList();
    List<Integer> left = previous.members().stream().filter(n -> !members.contains(n)).toList();
    RingView view = new RingView(forming.id, members, joined, left);
    installed = forming;
    installedProc = consensusProc;
    installedFail = consensusFail;
    forming = null;
    recoveryEntries = List.of();
    state = State.OPERATIONAL;
    commitTimeoutAt = 0;
    mergeAt = now + mergeNanos;
    currentView = view;
    counters.inc("view_changes");
    LOG.info(
        "node {}: ring {} members {} (joined {}, left {})",
        me,
        view.ringId(),
        members,
        joined,
        left);
    deliveries.add(() -> listener.viewChanged(view));
    if (!appQueue.isEmpty()) {
      inbox.offer(WAKE);
    }
  }

  // ------------------------------------------------------------------ sending

  private void broadcast(RingState r, byte[] bytes) {
    int[] to = Arrays.stream(r.members).filter(n -> n != me).toArray();
    if (to.length > 0) {
      down(to, bytes);
    }
  }

  private void sendTo(int node, byte[] bytes) {
    if (node != me) {
      down(new int[] {node}, bytes);
    }
  }

  private static int[] toArray(TreeSet<Integer> s) {
    return s.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A one-line summary of the protocol's state (read racily; for logs and tests). */
  public String describe() {
    RingState r = installed;
    return "node "
        + me
        + " "
        + state
        + " ring "
        + r.id
        + " aru "
        + r.aru
        + " high "
        + r.highSeq
        + " delivered "
        + r.delivered
        + " held "
        + (held != null)
        + " queued "
        + appQueue.size()
        + " outstanding "
        + (outstanding != null)
        + " lastToken "
        + r.lastTokenSeq
        + " inbox "
        + inbox.size()
        + " deliveries "
        + deliveries.size()
        + " "
        + counters.snapshot();
  }

  /** The procSet and failSet that formed the installed ring (for status). */
  int[][] installedConsensus() {
    return new int[][] {installedProc, installedFail};
  }

  /** The entries of the commit that formed the ring being recovered (for tests). */
  List<Wire.CommitEntry> recoveryEntries() {
    return recoveryEntries;
  }
}
