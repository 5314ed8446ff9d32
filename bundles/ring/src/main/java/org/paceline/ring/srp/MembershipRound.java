package org.paceline.ring.srp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.paceline.ring.layer.Counters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gather phase of membership: this node's current round (the nodes it counts in, the nodes it
 * leaves out, the join each node sent), the join timers and the consensus check. Joins merge: each
 * node takes the union of the sets it hears. A node has consensus when every node of {@code procSet
 * − failSet} sent a join with exactly its sets; the lowest of them, the representative, forms the
 * ring. Protocol thread only; see docs/design/ring.md.
 */
final class MembershipRound {

  // Logged under the engine's name, as before the engine was split.
  private static final Logger LOG = LoggerFactory.getLogger(SrpEngine.class);

  /** What the round needs from the engine. */
  interface Host {
    /** The protocol state now: the round counts only while gathering. */
    SrpEngine.State state();

    /**
     * Every live member agreed and this node, the lowest of them, is the representative.
     *
     * @param live the members of the new ring, ascending
     * @param ringSeq the highest ring seq this node and the members' joins have seen
     */
    void formRing(int[] live, long ringSeq, long now);
  }

  /** Consecutive failed proposals double the gap before the next, up to this many times. */
  private static final int PROPOSAL_BACKOFF = 3;

  private final int me;
  private final int[] everyoneElse;
  private final Counters counters;
  private final Sender sender;
  private final Host host;
  private final long joinNanos;
  private final long consensusNanos;
  private final long sendJoinNanos;
  private final long silentNanos;
  private final long proposalGapNanos;
  private final Random random = new Random();

  private long highestRingSeq;
  private int[] installedProc = new int[0];
  private int[] installedFail = new int[0];

  private final TreeSet<Integer> procSet = new TreeSet<>();
  private final TreeSet<Integer> failSet = new TreeSet<>();
  private final Map<Integer, Wire.Join> joins = new HashMap<>();
  private final Map<Integer, Long> addedAt = new HashMap<>();
  private final Map<Integer, Long> latestRound = new HashMap<>();
  // When a packet of each node last reached the protocol; before that, when this node started.
  private final Map<Integer, Long> lastHeard = new HashMap<>();
  private long startedAt;
  private boolean started;
  // Rings this node proposed since it last installed one, and when it proposed the last.
  private int proposals;
  private long lastProposalAt;
  // Rounds start from the wall clock so that a restarted node's rounds are newer than the ones
  // its peers remember from before the restart.
  private long round = System.currentTimeMillis() * 1000;
  private long joinResendAt;
  private long joinCheckAt;
  private long consensusAt;
  private int[] consensusProc;
  private int[] consensusFail;

  /**
   * @param settings timing
   * @param everyoneElse every node of the nodelist but this one, ascending
   * @param counters where stale and excluding joins are counted
   * @param sender where joins go
   * @param host the engine
   */
  MembershipRound(
      RingSettings settings, int[] everyoneElse, Counters counters, Sender sender, Host host) {
    this.me = settings.localNodeId();
    this.everyoneElse = everyoneElse;
    this.counters = counters;
    this.sender = sender;
    this.host = host;
    this.joinNanos = settings.join().toNanos();
    this.consensusNanos = settings.consensus().toNanos();
    this.sendJoinNanos = settings.sendJoin().toNanos();
    // A crashed member has been silent for at least the token timeout less one rotation of the
    // token (at most a third of it, see RingSettings.defaultHold) by the time a survivor checks:
    // this threshold leaves it out at the first join check, as fast as before.
    this.silentNanos = settings.token().toNanos() * 2 / 3;
    this.proposalGapNanos = Math.max(1_000_000, joinNanos / 4);
  }

  /**
   * Starts a new round with this node, the members of the installed ring and those of the ring
   * being formed (if any), and sends the first join (at once, or after a random part of {@code
   * send_join}).
   */
  void start(long now, RingState installed, RingState forming) {
    if (!started) {
      started = true;
      startedAt = now;
    }
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
    consensusAt = now + consensusNanos;
    joinCheckAt = now + joinNanos;
    if (sendJoinNanos > 0) {
      joinResendAt = now + (long) (random.nextDouble() * sendJoinNanos);
    } else {
      sendJoin(now);
    }
  }

  /** The earliest of the round's timers. */
  long deadline() {
    return Math.min(joinResendAt, Math.min(joinCheckAt, consensusAt));
  }

  void addProc(int node, long now) {
    if (procSet.add(node)) {
      addedAt.put(node, now);
    }
  }

  /** A packet of {@code node} reached the protocol: it is alive, whatever it said. */
  void heard(int node, long now) {
    lastHeard.put(node, now);
  }

  /**
   * Whether {@code node} has sent nothing at all for two thirds of the token timeout (since this
   * node started, if it never did).
   */
  private boolean silent(int node, long now) {
    return now - lastHeard.getOrDefault(node, startedAt) >= silentNanos;
  }

  /** Whether {@code node} is in this round already, counted in or left out. */
  boolean knows(int node) {
    return procSet.contains(node) || failSet.contains(node);
  }

  /** Tells {@code members} that this node leaves: a join of a new round that fails itself. */
  void sendLeave(int[] members) {
    round++;
    int[] others = Arrays.stream(members).filter(n -> n != me).toArray();
    Wire.Join leave = new Wire.Join(me, highestRingSeq, round, members.clone(), new int[] {me});
    sender.send(others, Wire.encode(leave));
  }

  /** Sends this round's join to {@code node} only (an answer; no resend is scheduled). */
  void sendJoinTo(int node) {
    Wire.Join j = new Wire.Join(me, highestRingSeq, round, toArray(procSet), toArray(failSet));
    sender.sendTo(node, Wire.encode(j));
  }

  void sendJoin(long now) {
    Wire.Join j = new Wire.Join(me, highestRingSeq, round, toArray(procSet), toArray(failSet));
    byte[] bytes = Wire.encode(j);
    sender.send(everyoneElse, bytes);
    joinResendAt = now + Math.max(1_000_000, joinNanos / 4);
  }

  /**
   * Looks for nodes outside the installed ring: its representative sends them {@code MERGE_DETECT}.
   */
  void detectMerge(RingState installed) {
    if (installed.members[0] != me) {
      return;
    }
    int[] outside = Arrays.stream(everyoneElse).filter(n -> !installed.isMember(n)).toArray();
    if (outside.length > 0) {
      sender.send(outside, Wire.encode(new Wire.MergeDetect(installed.id, me)));
    }
  }

  /** The join and consensus timeouts and the join resend; called while gathering. */
  void timers(long now) {
    if (now >= joinCheckAt) {
      boolean changed = false;
      for (int k : List.copyOf(procSet)) {
        // A node that has not answered within the join timeout is left out only if it is silent
        // too: a crashed node has been (about a token timeout, by the time the token is lost),
        // while a live one that is slow to answer (a loaded CPU) still sent tokens, acks or joins
        // a moment ago. Leaving a live node out forms a ring without it (and gets it fenced);
        // if it never agrees, the consensus timeout leaves it out.
        if (k != me
            && !failSet.contains(k)
            && !joins.containsKey(k)
            && now - addedAt.getOrDefault(k, now) >= joinNanos + sendJoinNanos
            && silent(k, now)) {
          LOG.debug("node {}: node {} is silent: leaving it out", me, k);
          counters.inc("left_out_silent");
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
    if (host.state() == SrpEngine.State.GATHER && now >= consensusAt) {
      // Who agreed is decided against the sets as they were: a node that agreed must not be
      // left out because this very loop has just changed our sets.
      List<Integer> disagreeing = new ArrayList<>();
      for (int k : procSet) {
        Wire.Join j = joins.get(k);
        if (k != me && !failSet.contains(k) && (j == null || !sameSets(j))) {
          disagreeing.add(k);
        }
      }
      for (int k : disagreeing) {
        LOG.debug("node {}: node {} did not agree in time: leaving it out", me, k);
        counters.inc("left_out_disagreeing");
        failSet.add(k);
      }
      consensusAt = now + consensusNanos;
      if (!disagreeing.isEmpty()) {
        sendJoin(now);
        checkConsensus(now);
      }
    }
    if (host.state() == SrpEngine.State.GATHER && now >= joinResendAt) {
      sendJoin(now);
    }
  }

  /** What to do with a join, after a first look at it. */
  enum Verdict {
    /** Delayed from an earlier round of its sender: ignore it. */
    STALE,
    /** Its sender has left this node out: do not merge it (it may still end a commit). */
    EXCLUDES_US,
    /** A join to act on. */
    MERGE
  }

  /** The first look at a join, in any state: notes the ring seq it saw and its round. */
  Verdict accept(Wire.Join j) {
    highestRingSeq = Math.max(highestRingSeq, j.ringSeq());
    int sender = j.sender();
    long newest = latestRound.getOrDefault(sender, Long.MIN_VALUE);
    if (j.round() < newest) {
      counters.inc("stale_joins");
      return Verdict.STALE; // delayed from an earlier round of the sender
    }
    latestRound.put(sender, j.round());
    for (int n : j.failSet()) {
      if (n == me) {
        // The sender has given up on us in its current round and forms a ring without us; the
        // rings merge afterwards with fresh sets. Its earlier agreement no longer counts (so we
        // never commit a ring it would refuse), but we do not fail it for that: the verdict may
        // be stale by now (we may have been paused), and copying it into our round would carry
        // exclusions from round to round. If it falls silent, the join timeout fails it; if it
        // keeps disagreeing, the consensus timeout does.
        counters.inc("joins_excluding_us");
        joins.remove(sender);
        return Verdict.EXCLUDES_US;
      }
    }
    return Verdict.MERGE;
  }

  /**
   * Merges a join into this round (while gathering), resends ours if it changed, checks consensus.
   */
  void merge(Wire.Join j, long now) {
    int sender = j.sender();
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

  boolean validNode(int n) {
    return n == me || Arrays.binarySearch(everyoneElse, n) >= 0;
  }

  private boolean sameSets(Wire.Join j) {
    return Arrays.equals(j.procSet(), toArray(procSet))
        && Arrays.equals(j.failSet(), toArray(failSet));
  }

  int[] liveMembers() {
    return procSet.stream().filter(n -> !failSet.contains(n)).mapToInt(Integer::intValue).toArray();
  }

  private void checkConsensus(long now) {
    if (host.state() != SrpEngine.State.GATHER) {
      return;
    }
    int[] live = liveMembers();
    for (int k : live) {
      if (k != me && (!joins.containsKey(k) || !sameSets(joins.get(k)))) {
        return;
      }
    }
    if (live.length == 1
        && everyoneElse.length > 0
        && failSet.isEmpty()
        && now - startedAt < silentNanos) {
      // Just started and nobody has answered yet: the others may be up but slow. Give them the
      // time we would give a member before leaving it out, rather than form a ring of one at once
      // and merge a moment later.
      return;
    }
    adoptConsensus();
    if (live[0] != me) {
      return; // the representative sends the commit token
    }
    if (proposals > 0
        && now - lastProposalAt < proposalGapNanos << Math.min(proposals - 1, PROPOSAL_BACKOFF)) {
      // Our last proposal failed a moment ago: wait a little (the join check comes back here),
      // so that rounds that keep failing cannot burn ring ids at network speed.
      counters.inc("proposals_deferred");
      return;
    }
    proposals++;
    lastProposalAt = now;
    long ringSeq = highestRingSeq;
    for (int k : live) {
      Wire.Join j = joins.get(k);
      if (j != null) {
        ringSeq = Math.max(ringSeq, j.ringSeq());
      }
    }
    host.formRing(live, ringSeq, now);
  }

  /** Takes this round's sets as the ones the ring being formed agreed on. */
  void adoptConsensus() {
    consensusProc = toArray(procSet);
    consensusFail = toArray(failSet);
  }

  /** The highest ring seq this node has seen (installed, committed to, or in a join). */
  long highestRingSeq() {
    return highestRingSeq;
  }

  /** Notes a ring seq seen in a commit: rings formed later get higher ids. */
  void sawRingSeq(long ringSeq) {
    highestRingSeq = Math.max(highestRingSeq, ringSeq);
  }

  /** The ring being formed is installed: its agreed sets become the installed ring's. */
  void installConsensus() {
    proposals = 0;
    installedProc = consensusProc;
    installedFail = consensusFail;
  }

  /** The procSet and failSet that formed the installed ring (for status). */
  int[][] installedConsensus() {
    return new int[][] {installedProc, installedFail};
  }

  private static int[] toArray(TreeSet<Integer> s) {
    return s.stream().mapToInt(Integer::intValue).toArray();
  }
}
