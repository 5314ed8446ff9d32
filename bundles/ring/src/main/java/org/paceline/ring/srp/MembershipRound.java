package org.paceline.ring.srp;

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

  private final int me;
  private final int[] everyoneElse;
  private final Counters counters;
  private final Sender sender;
  private final Host host;
  private final long joinNanos;
  private final long consensusNanos;
  private final long sendJoinNanos;
  private final Random random = new Random();

  private long highestRingSeq;
  private int[] installedProc = new int[0];
  private int[] installedFail = new int[0];

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
  }

  /**
   * Starts a new round with this node, the members of the installed ring and those of the ring
   * being formed (if any), and sends the first join (at once, or after a random part of {@code
   * send_join}).
   */
  void start(long now, RingState installed, RingState forming) {
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
    if (host.state() == SrpEngine.State.GATHER && now >= consensusAt) {
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
    if (host.state() == SrpEngine.State.GATHER && now >= joinResendAt) {
      sendJoin(now);
    }
  }

  /**
   * The first look at a join, in any state: notes the ring seq it saw and its round.
   *
   * @return false if the join is to be ignored (stale, or leaving this node out)
   */
  boolean accept(Wire.Join j) {
    highestRingSeq = Math.max(highestRingSeq, j.ringSeq());
    int sender = j.sender();
    long newest = latestRound.getOrDefault(sender, Long.MIN_VALUE);
    if (j.round() < newest) {
      counters.inc("stale_joins");
      return false; // delayed from an earlier round of the sender
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
        return false;
      }
    }
    return true;
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
    adoptConsensus();
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
    host.formRing(live, ringSeq, now);
  }

  /** Takes this round's sets as the ones the ring being formed agreed on. */
  void adoptConsensus() {
    consensusProc = toArray(procSet);
    consensusFail = toArray(failSet);
  }

  /** Whether a join carries exactly the sets the ring being formed agreed on. */
  boolean agreesWithConsensus(Wire.Join j) {
    return Arrays.equals(j.procSet(), consensusProc) && Arrays.equals(j.failSet(), consensusFail);
  }

  /** Notes a ring seq seen in a commit: rings formed later get higher ids. */
  void sawRingSeq(long ringSeq) {
    highestRingSeq = Math.max(highestRingSeq, ringSeq);
  }

  /** The ring being formed is installed: its agreed sets become the installed ring's. */
  void installConsensus() {
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
