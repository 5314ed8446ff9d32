package org.paceline.bench.eventlog;

import java.util.Arrays;

/**
 * What happened to each event, as {@link System#nanoTime} stamps: per origin node and emit index
 * when it was due to be emitted and which seq it got; per seq when node 1 journaled it, when the
 * publisher's transaction with it committed and when the read_committed consumer saw it. Written by
 * one thread per array slot, read after the phase has drained.
 */
final class Timeline {

  final long[][] due;
  final long[][] seqOf;
  final long[] journaled;
  final long[] committed;
  final long[] consumed;

  /** When each transaction committed, in order ({@link #commits} of them). */
  final long[] commitTimes;

  private volatile int commits;
  private final int perNode;
  private final int seqs;
  private volatile long duplicates;
  private volatile long foreign;

  Timeline(int nodes, int perNode) {
    this.perNode = perNode;
    this.seqs = nodes * perNode + 1;
    due = new long[nodes + 1][perNode];
    seqOf = new long[nodes + 1][perNode];
    journaled = new long[seqs];
    committed = new long[seqs];
    consumed = new long[seqs];
    commitTimes = new long[Math.min(seqs, 4_000_000)];
  }

  /** How many events one node can emit in all. */
  int perNode() {
    return perNode;
  }

  /** Node 1 journaled seqs {@code from..to} at {@code now}. */
  void journaled(long from, long to, long now) {
    for (long s = Math.max(1, from); s <= to && s < seqs; s++) {
      journaled[(int) s] = now;
    }
  }

  /** The transaction with seqs {@code from..to} committed at {@code now}. */
  void committed(long from, long to, long now) {
    if (commits < commitTimes.length) {
      commitTimes[commits] = now;
      commits = commits + 1;
    }
    for (long s = Math.max(1, from); s <= to && s < seqs; s++) {
      committed[(int) s] = now;
    }
  }

  /** The consumer read seq {@code seq}, emitted by node {@code node} as its {@code index}th. */
  void consumed(long seq, int node, long index, long now) {
    if (seq < 1 || seq >= seqs || node < 1 || node >= due.length || index < 0 || index >= perNode) {
      foreign++;
      return;
    }
    if (consumed[(int) seq] != 0) {
      duplicates++;
      return;
    }
    consumed[(int) seq] = now;
    seqOf[node][(int) index] = seq;
  }

  /** How many transactions committed so far. */
  int commits() {
    return commits;
  }

  /** Records read twice by the consumer (must stay 0: exactly once). */
  long duplicates() {
    return duplicates;
  }

  /** Records the consumer could not place (must stay 0). */
  long foreign() {
    return foreign;
  }

  /** The highest seq s such that 1..s were all consumed. */
  long consumedWithoutGap() {
    long s = 1;
    while (s < seqs && consumed[(int) s] != 0) {
      s++;
    }
    return s - 1;
  }

  /** Forgets everything (a new run). */
  void clear() {
    for (long[] a : due) {
      Arrays.fill(a, 0);
    }
    for (long[] a : seqOf) {
      Arrays.fill(a, 0);
    }
    Arrays.fill(journaled, 0);
    Arrays.fill(committed, 0);
    Arrays.fill(consumed, 0);
    Arrays.fill(commitTimes, 0);
    commits = 0;
    duplicates = 0;
    foreign = 0;
  }
}
