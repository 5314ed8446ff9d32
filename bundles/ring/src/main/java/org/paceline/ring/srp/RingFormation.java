package org.paceline.ring.srp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.paceline.api.ring.RingId;
import org.paceline.ring.layer.Counters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commit and recovery: forming the ring a membership round agreed on. The representative sends the
 * commit token round the new members twice: rotation 1 collects each member's old ring id, {@code
 * aru}, highest seq and delivered point, rotation 2 gives everyone the whole list. Then each member
 * resends, over the new ring, the old messages above the lowest {@code aru} of its old ring (as
 * carriers), then a DONE marker; recovery is complete when every member's DONE is delivered.
 * Protocol thread only; see docs/design/ring.md.
 */
final class RingFormation {

  // Logged under the engine's name, as before the engine was split.
  private static final Logger LOG = LoggerFactory.getLogger(SrpEngine.class);

  /** What commit and recovery need from the engine. */
  interface Host {
    /** The protocol state now. */
    SrpEngine.State state();

    /** The ring this node is in (its old ring while a new one forms). */
    RingState installed();

    /** This node has committed to the ring being formed: the state is now COMMIT. */
    void committing();

    /** This node starts recovery in the ring being formed: the state is now RECOVERY. */
    void recovering(long now);

    /** Starts the regular token of the ring being formed (the representative, once). */
    void startToken(RingState forming, long now);
  }

  private final int me;
  private final Counters counters;
  private final Sender sender;
  private final PendingHop hop;
  private final MembershipRound gather;
  private final Host host;
  private final long tokenNanos;
  private final long consensusNanos;

  private RingState forming;
  private Wire.Commit commit;
  private RingId lastCommitRing;
  private long lastCommitHop;
  private long commitTimeoutAt;
  private final ArrayDeque<Wire.Mcast> recoveryQueue = new ArrayDeque<>();
  private final TreeSet<Integer> doneFrom = new TreeSet<>();
  private List<Wire.CommitEntry> recoveryEntries = List.of();

  /**
   * @param settings timing
   * @param counters where rejected commits and recovery carriers are counted
   * @param sender where acknowledgements go
   * @param hop sends the commit token on and resends it until acknowledged
   * @param gather the membership round the ring is formed from
   * @param host the engine
   */
  RingFormation(
      RingSettings settings,
      Counters counters,
      Sender sender,
      PendingHop hop,
      MembershipRound gather,
      Host host) {
    this.me = settings.localNodeId();
    this.counters = counters;
    this.sender = sender;
    this.hop = hop;
    this.gather = gather;
    this.host = host;
    this.tokenNanos = settings.token().toNanos();
    this.consensusNanos = settings.consensus().toNanos();
  }

  /** The ring in recovery, or null. */
  RingState forming() {
    return forming;
  }

  /** When commit or recovery times out, or 0. */
  long timeoutAt() {
    return commitTimeoutAt;
  }

  /** The entries of the commit that formed the ring being recovered (for tests). */
  List<Wire.CommitEntry> recoveryEntries() {
    return recoveryEntries;
  }

  /**
   * Starts forming a ring as its representative, once the round agreed on its members.
   *
   * @param live the new ring's members, ascending, this node first
   * @param ringSeq the highest ring seq seen by this node and the members' joins
   */
  void propose(int[] live, long ringSeq, long now) {
    RingState installed = host.installed();
    RingId ring = new RingId(Math.max(ringSeq, installed.id.seq()) + 1, me);
    List<Wire.CommitEntry> entries = new ArrayList<>();
    for (int k : live) {
      entries.add(k == me ? myEntry() : new Wire.CommitEntry(k, false, ring, 0, 0, 0));
    }
    commit = new Wire.Commit(ring, 1, 1, entries);
    gather.sawRingSeq(ring.seq());
    host.committing();
    commitTimeoutAt = now + consensusNanos;
    LOG.debug("node {}: forming ring {} with {}", me, ring, Arrays.toString(live));
    if (live.length == 1) {
      enterRecovery(new Wire.Commit(ring, 1, 2, entries), now);
      host.startToken(forming, now);
    } else {
      sendCommit(live[1], commit, now);
    }
  }

  /**
   * Whether a join from {@code sender} that saw ring seq {@code ringSeq} breaks the commit in
   * progress: only a member that has seen this commit (or a later ring) and gathers again does, or
   * a member that leaves. A join from before the commit is answered by the commit token itself (the
   * member takes it, or rejects it with a join that has seen it), and a node outside the ring being
   * formed merges with it once it is installed: acting on either would abort a commit that can
   * still succeed, over and over while a slow node's joins keep arriving late.
   */
  boolean brokenBy(int sender, long ringSeq, boolean leaving) {
    return commit != null
        && memberIds(commit).contains(sender)
        && (leaving || ringSeq >= commit.ring().seq());
  }

  private Wire.CommitEntry myEntry() {
    RingState installed = host.installed();
    return new Wire.CommitEntry(
        me, true, installed.id, installed.aru, installed.highSeq, installed.delivered);
  }

  private static List<Integer> memberIds(Wire.Commit c) {
    return c.entries().stream().map(Wire.CommitEntry::nodeId).toList();
  }

  private void sendCommit(int to, Wire.Commit c, long now) {
    hop.send(to, c.ring(), Wire.encode(c), c.hop(), true, now);
  }

  void onCommit(int from, Wire.Commit c, long now) {
    sender.sendTo(from, Wire.encode(new Wire.Ack(c.ring(), c.hop(), true)));
    List<Integer> ids = memberIds(c);
    if (!ids.contains(me) || (c.ring().equals(lastCommitRing) && c.hop() <= lastCommitHop)) {
      return;
    }
    int[] order = ids.stream().mapToInt(Integer::intValue).toArray();
    int myIndex = ids.indexOf(me);
    int next = order[(myIndex + 1) % order.length];
    boolean iAmRep = order[0] == me;
    SrpEngine.State state = host.state();
    if (c.rotation() == 1) {
      if (iAmRep) {
        if (state != SrpEngine.State.COMMIT || commit == null || !commit.ring().equals(c.ring())) {
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
      if (state != SrpEngine.State.GATHER
          || !Arrays.equals(order, gather.liveMembers())
          || c.ring().seq() <= gather.highestRingSeq()) {
        LOG.debug(
            "node {}: commit for {} rejected in {} (members {}, ours {}, highest ring seq {})",
            me,
            c.ring(),
            state,
            ids,
            Arrays.toString(gather.liveMembers()),
            gather.highestRingSeq());
        counters.inc("commit_rejected");
        // Our answer shows the representative that we have seen this commit (it then gathers
        // again) and, when we are gathering, our sets. A node busy with another ring tells only
        // the representative: its own partners must not take the answer for a new round of its.
        gather.sawRingSeq(c.ring().seq());
        if (state == SrpEngine.State.GATHER) {
          gather.sendJoin(now);
        } else {
          gather.sendJoinTo(ids.get(0));
        }
        return;
      }
      gather.adoptConsensus();
      lastCommitRing = c.ring();
      lastCommitHop = c.hop();
      gather.sawRingSeq(c.ring().seq());
      List<Wire.CommitEntry> entries = new ArrayList<>(c.entries());
      entries.set(myIndex, myEntry());
      commit = new Wire.Commit(c.ring(), c.hop() + 1, 1, entries);
      host.committing();
      commitTimeoutAt = now + consensusNanos + tokenNanos;
      sendCommit(next, commit, now);
    } else {
      if (iAmRep) {
        // The second rotation came back: every member is in recovery; start the token.
        if (state == SrpEngine.State.RECOVERY
            && forming != null
            && forming.id.equals(c.ring())
            && forming.lastTokenSeq == 0) {
          lastCommitRing = c.ring();
          lastCommitHop = c.hop();
          host.startToken(forming, now);
        }
        return;
      }
      if (state != SrpEngine.State.COMMIT || commit == null || !commit.ring().equals(c.ring())) {
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
    host.recovering(now);
    commitTimeoutAt = now + consensusNanos + tokenNanos;
    doneFrom.clear();
    recoveryQueue.clear();
    RingState installed = host.installed();
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

  /**
   * A carrier was delivered in the ring being formed: keeps the old-ring message it carries if that
   * ring is this node's and the message was not delivered in it yet.
   */
  void onCarrier(Wire.Mcast carrier) {
    RingState installed = host.installed();
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

  /** The next recovery message to send (its ring seq still 0), or null when all were sent. */
  Wire.Mcast pollRecovery() {
    return recoveryQueue.poll();
  }

  /** Whether recovery messages wait to be sent. */
  boolean recoveryPending() {
    return !recoveryQueue.isEmpty();
  }

  /** The forming ring's token arrived: recovery may take another while. */
  void tokenSeen(long now) {
    commitTimeoutAt = now + consensusNanos + tokenNanos;
  }

  /**
   * Notes the delivered DONE of {@code sender} in ring {@code r}.
   *
   * @return whether {@code r} is the ring being formed and every member's DONE is now delivered
   */
  boolean done(int sender, RingState r) {
    doneFrom.add(sender);
    return r == forming && doneFrom.size() == forming.members.length;
  }

  /**
   * Recovery is complete: forgets the formed ring and returns it, for the engine to install.
   *
   * @return the ring that was being formed
   */
  RingState finish() {
    RingState formed = forming;
    forming = null;
    recoveryEntries = List.of();
    commitTimeoutAt = 0;
    return formed;
  }

  /**
   * Gives up the ring being formed (a new membership round starts).
   *
   * @return the ring that was in recovery, or null
   */
  RingState abandon() {
    RingState was = forming;
    forming = null;
    commit = null;
    commitTimeoutAt = 0;
    recoveryQueue.clear();
    doneFrom.clear();
    return was;
  }

  /** Whether carriers or the done marker of the current recovery are still to be sent. */
  boolean hasRecoveryBacklog() {
    return !recoveryQueue.isEmpty();
  }
}
