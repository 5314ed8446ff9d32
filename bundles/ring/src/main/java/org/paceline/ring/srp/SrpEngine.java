package org.paceline.ring.srp;

import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>The engine keeps the protocol state and its transitions, the installed ring and the delivery
 * of its messages. It hands the gather phase to {@link MembershipRound}, commit and recovery to
 * {@link RingFormation}, the token to {@link TokenHandler} and what goes up to the listener to
 * {@link Delivery}. The first three run on the protocol thread only and reach the engine through
 * their {@code Host} interfaces.
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
  private final Counters counters;

  /**
   * Packets and wake-ups for the protocol thread. Bounded: when the thread falls this far behind,
   * further packets are dropped like UDP losses (and recovered by retransmission) instead of
   * filling the heap.
   */
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>(INBOX_LIMIT);

  /** Most events waiting for the protocol thread. */
  static final int INBOX_LIMIT = 8_192;

  private final BlockingQueue<byte[]> appQueue;
  private final long tokenNanos;
  private final long consensusNanos;
  private final long mergeNanos;
  private final long tickNanos;

  private final Delivery delivery;
  private final PendingHop hop;
  private final MembershipRound gather;
  private final RingFormation formation;
  private final TokenHandler token;

  private Thread protocolThread;
  private Thread deliveryThread;
  private volatile boolean running;
  private volatile State state = State.GATHER;

  // --- rings (the ring being formed is RingFormation's)
  private RingState installed;

  // --- merge and pause detection
  private long mergeAt;
  private long lastLoop;

  // --- out of any ring since, and when to say so
  private long ringlessSince;
  private long ringlessWarnAt;
  private static final long RINGLESS_WARN_EVERY = TimeUnit.SECONDS.toNanos(10);

  /**
   * @param settings timing and sizes
   * @param listener receives deliveries and views on the delivery thread
   * @param counters where drops and retransmissions are counted
   */
  public SrpEngine(RingSettings settings, RingListener listener, Counters counters) {
    this.settings = settings;
    this.me = settings.localNodeId();
    int[] everyoneElse =
        settings.nodes().stream().mapToInt(Integer::intValue).filter(n -> n != me).toArray();
    this.counters = counters;
    this.appQueue = new LinkedBlockingQueue<>(16_384);
    this.tokenNanos = settings.token().toNanos();
    this.consensusNanos = settings.consensus().toNanos();
    this.mergeNanos = settings.merge().toNanos();
    this.tickNanos = Math.max(1_000_000, tokenNanos / 8);
    this.installed = new RingState(new RingId(0, me), new int[] {me});
    RingView initial = new RingView(installed.id, List.of(me), List.of(), List.of());
    this.delivery = new Delivery(me, initial, counters, listener);
    Hooks hooks = new Hooks();
    Sender sender = new Sender(me, this::down);
    this.hop = new PendingHop(sender, counters, settings.tokenRetransmit().toNanos());
    this.gather = new MembershipRound(settings, everyoneElse, counters, sender, hooks);
    this.formation = new RingFormation(settings, counters, sender, hop, gather, hooks);
    this.token = new TokenHandler(settings, counters, sender, hop, formation, appQueue, hooks);
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
    return delivery.currentView();
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
    deliveryThread = new Thread(() -> delivery.run(() -> running), "ring-deliver-" + me);
    deliveryThread.setDaemon(true);
    protocolThread.start();
    deliveryThread.start();
  }

  @Override
  public void close() {
    running = false;
    inbox.offer(WAKE);
    delivery.wake();
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
    if (queued && appQueue.size() == 1) {
      // The queue was empty: the protocol thread may be holding the token idle, or have to ask
      // for it. With chunks already queued it sends them at its next token visit anyway.
      inbox.offer(WAKE);
    }
    return queued;
  }

  @Override
  public void up(int from, byte[] packet) {
    if (!inbox.offer(new Inbound(from, packet))) {
      counters.inc("inbox_full");
    }
  }

  // ------------------------------------------------------------------ loop

  /**
   * If this thread did not run for longer than the token timeout (the process was stopped or
   * starved), its view of the ring is stale: it leaves the ring and rejoins.
   */
  private void checkPause(long now) {
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
  }

  private void protocolLoop() {
    long now = System.nanoTime();
    lastLoop = now;
    ringlessSince = now;
    ringlessWarnAt = now + tokenNanos + 2 * consensusNanos;
    enterGather(now, "start");
    while (running) {
      try {
        now = System.nanoTime();
        long wait = Math.max(0, nextDeadline(now) - now);
        Object ev = inbox.poll(wait, TimeUnit.NANOSECONDS);
        now = System.nanoTime();
        checkPause(now);
        lastLoop = now;
        if (ev instanceof Inbound in) {
          receive(in.from(), in.data(), now);
        } else if (ev == WAKE) {
          token.onWake(now);
        }
        // The thread may also be stopped here, between the poll and the timers: then the token
        // timer must not take the pause for a lost token.
        now = System.nanoTime();
        checkPause(now);
        lastLoop = now;
        timers(now);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        counters.inc("internal_errors");
        LOG.error("node {}: ring protocol error; restarting membership", me, e);
        enterGather(System.nanoTime(), "error");
      } catch (Error e) {
        counters.inc("internal_errors");
        LOG.error("node {}: ring protocol thread failed: this node has left the ring", me, e);
        state = State.GATHER;
        throw e;
      }
    }
    if (state == State.OPERATIONAL && installed.members.length > 1) {
      // A clean stop: tell the others at once instead of letting them wait for the token
      // timeout. They take it as a join that fails this node, and form a ring without it.
      gather.sendLeave(installed.members);
      LOG.info("node {}: left ring {}", me, installed.id);
    }
  }

  private long nextDeadline(long now) {
    long next = now + tickNanos;
    next = Math.min(next, token.deadline());
    next = Math.min(next, hop.deadline());
    if (state == State.GATHER) {
      next = Math.min(next, gather.deadline());
    }
    if (state == State.COMMIT || state == State.RECOVERY) {
      next = Math.min(next, deadline(formation.timeoutAt()));
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
    if (state != State.OPERATIONAL && now >= ringlessWarnAt) {
      ringlessWarnAt = now + RINGLESS_WARN_EVERY;
      LOG.warn(
          "node {}: no ring agreed for {} ms: {}",
          me,
          (now - ringlessSince) / 1_000_000,
          describe());
    }
    token.processSelfToken(now);
    hop.retransmitIfDue(now);
    token.releaseIfHoldOver(now);
    switch (state) {
      case OPERATIONAL, RECOVERY -> {
        if (token.lost(now)) {
          counters.inc("token_lost");
          LOG.info(
              "node {}: token lost in ring {} ({} ms without it): {}",
              me,
              active().id,
              tokenNanos / 1_000_000,
              describe());
          enterGather(now, "token lost");
        } else if (state == State.RECOVERY
            && formation.timeoutAt() != 0
            && now >= formation.timeoutAt()) {
          enterGather(now, "recovery timed out");
        } else if (state == State.OPERATIONAL && mergeAt != 0 && now >= mergeAt) {
          mergeAt = now + mergeNanos;
          gather.detectMerge(installed);
        }
      }
      case COMMIT -> {
        if (now >= formation.timeoutAt()) {
          enterGather(now, "commit timed out");
        }
      }
      case GATHER -> gather.timers(now);
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
    gather.heard(from, now);
    if (p instanceof Wire.Mcast m) {
      onMcast(m, now);
    } else if (p instanceof Wire.Token t) {
      token.onToken(from, t, now);
    } else if (p instanceof Wire.Ack a) {
      hop.onAck(from, a);
    } else if (p instanceof Wire.Join j) {
      if (j.sender() != from) {
        counters.inc("malformed");
      } else {
        onJoin(j, now);
      }
    } else if (p instanceof Wire.Commit c) {
      formation.onCommit(from, c, now);
    } else if (p instanceof Wire.MergeDetect m) {
      if (m.sender() != from) {
        counters.inc("malformed");
      } else {
        onMergeDetect(m, now);
      }
    } else if (p instanceof Wire.TokenRequest r) {
      token.onTokenRequest(from, r, now);
    }
  }

  private RingState active() {
    return switch (state) {
      case OPERATIONAL -> installed;
      case RECOVERY -> formation.forming();
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
        case Wire.KIND_REGULAR -> delivery.chunks(m);
        case Wire.KIND_CARRIER -> formation.onCarrier(m);
        case Wire.KIND_DONE -> {
          boolean allDone = formation.done(m.sender(), r);
          if (state == State.RECOVERY && allDone) {
            completeRecovery(now);
            return;
          }
        }
        default -> counters.inc("malformed");
      }
    }
  }

  // ------------------------------------------------------------------ membership

  private void enterGather(long now, String why) {
    if (state == State.OPERATIONAL) {
      ringlessSince = now;
      ringlessWarnAt = now + tokenNanos + 2 * consensusNanos;
      if (!why.equals("token lost") && !why.equals("pause")) {
        // Token loss and pauses are logged already; say why the ring is left in the other cases
        // too, or a node seems to stay in its ring, silently, while it gathers.
        LOG.info("node {}: leaving ring {} for a new membership ({})", me, installed.id, why);
      }
    } else if (state != State.GATHER || why.equals("start")) {
      LOG.debug("node {}: gathering ({})", me, why);
    }
    state = State.GATHER;
    RingState wasForming = formation.abandon();
    token.reset();
    hop.clear();
    gather.start(now, installed, wasForming);
    // Consensus is checked when joins arrive or the join timeout passes, never right here: the
    // event that started this round usually brings a node to add first.
  }

  private void onJoin(Wire.Join j, long now) {
    MembershipRound.Verdict verdict = gather.accept(j);
    if (verdict == MembershipRound.Verdict.STALE) {
      return;
    }
    // A join that leaves us out is not merged (it only withdraws the sender's agreement), but it
    // still shows that a member of the ring being formed has gone back to gathering.
    boolean merges = verdict == MembershipRound.Verdict.MERGE;
    int sender = j.sender();
    switch (state) {
      case OPERATIONAL -> {
        if (!merges
            || (installed.isMember(sender) ? j.ringSeq() < installed.id.seq() : leaves(j))) {
          return; // from the round that formed this ring, or the leave of a node already out
        }
        enterGather(now, "join from " + sender);
      }
      case RECOVERY -> {
        // As in commit: only a member that left the ring being formed breaks its recovery.
        RingState forming = formation.forming();
        if (!forming.isMember(sender) || (j.ringSeq() < forming.id.seq() && !leaves(j))) {
          return;
        }
        enterGather(now, "join from " + sender + " during recovery");
      }
      case COMMIT -> {
        if (!formation.brokenBy(sender, j.ringSeq(), leaves(j))) {
          return;
        }
        enterGather(now, "join from " + sender + " during commit");
      }
      case GATHER -> {}
    }
    if (merges) {
      gather.merge(j, now);
    }
  }

  /** Whether a join is a leave: its sender lists itself as failed. */
  private static boolean leaves(Wire.Join j) {
    for (int n : j.failSet()) {
      if (n == j.sender()) {
        return true;
      }
    }
    return false;
  }

  private void onMergeDetect(Wire.MergeDetect m, long now) {
    int sender = m.sender();
    if (!gather.validNode(sender)) {
      return;
    }
    if (state == State.OPERATIONAL && !installed.isMember(sender)) {
      LOG.debug("node {}: ring {} of node {} found: merging", me, m.ring(), sender);
      enterGather(now, "merge with " + sender);
      gather.addProc(sender, now);
      gather.sendJoin(now);
    } else if (state == State.GATHER && !gather.knows(sender)) {
      gather.addProc(sender, now);
      gather.sendJoin(now);
    }
  }

  private void completeRecovery(long now) {
    delivery.oldRingRest(installed);
    // the members that come from this node's old ring, as their commit entries say
    List<Integer> fromSameRing = new ArrayList<>();
    for (Wire.CommitEntry e : formation.recoveryEntries()) {
      if (installed.id.equals(e.oldRing())) {
        fromSameRing.add(e.nodeId());
      }
    }
    installed = formation.finish();
    gather.installConsensus();
    state = State.OPERATIONAL;
    mergeAt = now + mergeNanos;
    delivery.view(installed, fromSameRing);
    if (!appQueue.isEmpty()) {
      inbox.offer(WAKE);
    }
  }

  /** The engine's side of its helpers: the protocol state and its transitions stay here. */
  private final class Hooks implements MembershipRound.Host, RingFormation.Host, TokenHandler.Host {

    @Override
    public void wakeLoop() {
      inbox.offer(WAKE);
    }

    @Override
    public State state() {
      return state;
    }

    @Override
    public RingState installed() {
      return installed;
    }

    @Override
    public RingState active() {
      return SrpEngine.this.active();
    }

    @Override
    public void formRing(int[] live, long ringSeq, long now) {
      formation.propose(live, ringSeq, now);
    }

    @Override
    public void committing() {
      state = State.COMMIT;
    }

    @Override
    public void recovering(long now) {
      state = State.RECOVERY;
      token.expectTokenBy(now + tokenNanos + consensusNanos);
    }

    @Override
    public void startToken(RingState forming, long now) {
      token.start(forming, now);
    }

    @Override
    public void deliverContiguous(RingState r, long now) {
      SrpEngine.this.deliverContiguous(r, now);
    }
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
        + token.isHeld()
        + " queued "
        + appQueue.size()
        + " outstanding "
        + hop.outstanding()
        + " lastToken "
        + r.lastTokenSeq
        + " inbox "
        + inbox.size()
        + " deliveries "
        + delivery.pending()
        + " "
        + counters.snapshot();
  }

  /** The procSet and failSet that formed the installed ring (for status). */
  int[][] installedConsensus() {
    return gather.installedConsensus();
  }

  /** The entries of the commit that formed the ring being recovered (for tests). */
  List<Wire.CommitEntry> recoveryEntries() {
    return formation.recoveryEntries();
  }
}
