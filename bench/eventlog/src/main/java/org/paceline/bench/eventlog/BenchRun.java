package org.paceline.bench.eventlog;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventPayload;
import org.paceline.eventlog.journal.EventJournal;
import org.paceline.eventlog.journal.JournalRecord;
import org.paceline.eventlog.kafka.KafkaPublisher;
import org.paceline.eventlog.kafka.PublisherStatus;
import org.paceline.eventlog.node.EventLogSettings;

/**
 * One run on a fresh cluster: three {@link BenchNode}s on their rings, node 1 publishing with a
 * {@link KafkaPublisher} to {@code broker}, a {@link TopicFollower} reading the topic and a thread
 * stamping when node 1 journals each seq. Phases emit events on all three nodes (a third of the
 * rate each, as the nodes' event sources would) and measure until every event is committed and read
 * back. With {@link Options#publisherOnly()} there are no rings: the emitters number and append
 * events to node 1's journal themselves.
 */
final class BenchRun implements AutoCloseable {

  static final int NODES = 3;

  /** The most events emitted but not yet committed while saturating (the rest wait to emit). */
  private static final long SATURATION_BACKLOG = 20_000;

  /** The rated phase's emitters wake at most once per this (and emit every event due by then). */
  private static final long TICK_NANOS = 1_000_000L;

  /**
   * A rated phase stops early, as overloaded, once more than this many seconds' worth of events (at
   * least {@value #MIN_OVERLOAD} events) are emitted but not committed: the offered rate is not
   * sustained, and going on would only grow the backlog.
   */
  private static final int OVERLOAD_SECONDS = 1;

  private static final int MIN_OVERLOAD = 2000;

  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);

  private final LocalBroker broker;
  private final Timeline timeline;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final BenchRings rings;
  private final BenchNode[] nodes = new BenchNode[NODES + 1];

  /** Node 1's event journal, the publisher's. */
  private final EventJournal journal;

  /** The last seq appended directly (publisher only). */
  private long directSeq;

  private final KafkaPublisher publisher;
  private final TopicFollower follower;
  private final Thread journalFollower;
  private final int[] nextIndex = new int[NODES + 1];
  private final AtomicLong emitted = new AtomicLong();

  /** When the current phase was found overloaded, 0 while it is not. */
  private final AtomicLong overloadedAt = new AtomicLong();

  private final CpuMeter meter = new CpuMeter();
  private volatile boolean running = true;

  /** What one phase measured. */
  record Phase(
      String name,
      int offered,
      long events,
      double emitSeconds,
      double committedPerSecond,
      long drainNanos,
      long maxEmitLagNanos,
      long overloadedAfterNanos,
      Latencies endToEnd,
      Latencies toJournal,
      Latencies journalToCommit,
      Latencies toConsumer,
      Latencies commitInterval,
      long missing,
      long transactions,
      CpuMeter.Usage usage) {}

  BenchRun(Options options, LocalBroker broker, Timeline timeline, Path dir) throws Exception {
    this.broker = broker;
    this.timeline = timeline;
    Map<String, String> conf = new LinkedHashMap<>(options.settings());
    conf.put("kafka.bootstrap.servers", broker.bootstrapServers());
    EventLogSettings settings = EventLogSettings.parse(BenchRings.CLUSTER, conf);
    rings =
        options.publisherOnly()
            ? null
            : new BenchRings(dir, NODES, BenchRings.totem(options.token(), 0, 0, 0));
    if (rings != null) {
      open.add(rings);
    }
    try {
      if (rings == null) {
        journal = EventJournal.open(dir.resolve("n1/events"), settings.journal(), cluster());
        open.add(journal);
      } else {
        for (int i = 1; i <= NODES; i++) {
          nodes[i] = new BenchNode(rings, i, NODES, settings.journal());
          open.add(0, nodes[i]);
        }
        journal = nodes[1].journal;
        awaitUntil(
            "the three relays number events",
            Duration.ofSeconds(60),
            () -> Arrays.stream(nodes, 1, NODES + 1).allMatch(n -> n.relay.numbersEvents()));
      }
      publisher =
          new KafkaPublisher(
              settings.kafka().orElseThrow(),
              journal,
              "n1",
              (first, last) -> timeline.committed(first, last, System.nanoTime()),
              () -> true);
      open.add(0, publisher);
      publisher.start();
      awaitUntil(
          "the publisher connects",
          Duration.ofSeconds(60),
          () -> publisher.status().state() == PublisherStatus.State.PUBLISHING);
      follower =
          new TopicFollower(
              broker.bootstrapServers(), settings.kafka().orElseThrow().topic(), timeline);
      open.add(0, follower);
      follower.start();
      EventJournal j1 = journal;
      journalFollower = new Thread(() -> followJournal(j1), "bench-journal-follower");
      journalFollower.setDaemon(true);
      journalFollower.start();
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  private void followJournal(EventJournal journal) {
    long last = journal.lastSeq();
    try {
      while (running) {
        if (journal.awaitAfter(last, Duration.ofMillis(100))) {
          long now = System.nanoTime();
          long l = journal.lastSeq();
          timeline.journaled(last + 1, l, now);
          last = l;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Offers {@code rate} events/s (0: as fast as the nodes take them, at most {@value
   * #SATURATION_BACKLOG} uncommitted) for {@code seconds}, a third on each node, then waits until
   * all are committed and read back. A rated phase stops early when it is overloaded (more than
   * {@value #OVERLOAD_SECONDS} s of events wait for their commit).
   */
  Phase phase(String name, int rate, int seconds) throws Exception {
    int[] from = nextIndex.clone();
    long[] maxLag = new long[NODES + 1];
    long txBefore = publisher.status().transactions();
    int commitsBefore = timeline.commits();
    overloadedAt.set(0);
    meter.start(broker);
    long start = System.nanoTime() + 20_000_000L;
    List<Thread> emitters = new ArrayList<>();
    Exception[] failure = new Exception[1];
    for (int i = 1; i <= NODES; i++) {
      int node = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  maxLag[node] = emit(node, rate, start, seconds);
                } catch (Exception e) {
                  synchronized (failure) {
                    failure[0] = e;
                  }
                } finally {
                  meter.threadEnds();
                }
              },
              "emit-n" + i);
      emitters.add(t);
      t.start();
    }
    for (Thread t : emitters) {
      t.join(seconds * 1000L + DRAIN_TIMEOUT.toMillis());
    }
    synchronized (failure) {
      if (failure[0] != null) {
        throw new IllegalStateException("emitting failed: " + failure[0], failure[0]);
      }
    }
    long emitEnd = System.nanoTime();
    long total = emitted.get();
    if (!publisher.awaitCommitted(total, DRAIN_TIMEOUT)) {
      throw new IllegalStateException(
          "phase " + name + ": seq " + total + " not committed: " + publisher.status());
    }
    awaitUntil(
        "the consumer reads seq " + total,
        Duration.ofSeconds(60),
        () -> timeline.consumedWithoutGap() >= total);
    CpuMeter.Usage usage = meter.stop(broker);
    long overloaded = overloadedAt.get();
    return measure(
        name,
        rate,
        from,
        maxLag,
        overloaded == 0 ? -1 : overloaded - start,
        (emitEnd - start) / 1e9,
        txBefore,
        commitsBefore,
        usage);
  }

  /** Node {@code node}'s emitter; returns its worst lateness behind the schedule. */
  private long emit(int node, int rate, long start, int seconds) throws IOException {
    BenchNode n = nodes[node]; // null: publisher only
    long end = start + seconds * 1_000_000_000L;
    int k0 = nextIndex[node];
    int k = k0;
    int cap = timeline.perNode();
    long worst = 0;
    LockSupport.parkNanos(start - System.nanoTime());
    if (rate > 0) {
      double nanosPerEvent = 1e9 * NODES / rate;
      long count = (long) ((double) rate / NODES * seconds);
      if (count > cap - k0) {
        throw new IllegalStateException(
            "the timeline has room for "
                + (cap - k0)
                + " more events of node "
                + node
                + ", the phase needs "
                + count
                + ": the warm-up emitted more than EventLogBench sized it for");
      }
      long overload = Math.max(MIN_OVERLOAD, (long) rate * OVERLOAD_SECONDS);
      while (k - k0 < count) {
        if (overloadedAt.get() != 0) {
          break;
        }
        if ((k & 255) == 0 && emitted.get() - publisher.status().lastCommittedSeq() > overload) {
          overloadedAt.compareAndSet(0, System.nanoTime());
          break;
        }
        long now = System.nanoTime();
        long dueAt = start + (long) ((k - k0) * nanosPerEvent);
        if (dueAt > now) {
          // Events come in bursts of what fell due within a millisecond (each timed from its own
          // due moment): parking per event cost this thread more CPU than emitting the event.
          LockSupport.parkNanos(Math.max(dueAt - now, TICK_NANOS));
          continue;
        }
        worst = Math.max(worst, now - dueAt);
        timeline.due[node][k] = dueAt;
        emit(n, node, k);
        k++;
      }
    } else {
      while (k < cap) {
        long now = System.nanoTime();
        if (now >= end) {
          break;
        }
        if ((k & 255) == 0
            && emitted.get() - publisher.status().lastCommittedSeq() > SATURATION_BACKLOG) {
          LockSupport.parkNanos(1_000_000);
          continue;
        }
        timeline.due[node][k] = now;
        emit(n, node, k);
        k++;
      }
    }
    nextIndex[node] = k;
    return worst;
  }

  private void emit(BenchNode n, int node, int k) throws IOException {
    if (n != null) {
      n.emit(payload(node, k));
      emitted.incrementAndGet();
    } else {
      synchronized (this) {
        long seq = ++directSeq;
        journal.append(
            List.of(Event.of(cluster(), seq, Instant.now(), "n" + node, payload(node, k))));
        emitted.incrementAndGet();
      }
    }
  }

  private static String cluster() {
    return BenchRings.CLUSTER;
  }

  /** A monitor result as the DC reports it; the emit index travels as its duration. */
  private static EventPayload payload(int node, int index) {
    return new EventPayload.ResourceOpCompleted(
        "rsc" + (index % 64),
        "n" + node,
        "ocf:heartbeat:Dummy",
        "monitor",
        10_000,
        0,
        "OCF_SUCCESS",
        index);
  }

  private Phase measure(
      String name,
      int rate,
      int[] from,
      long[] maxLag,
      long overloadedAfter,
      double emitSeconds,
      long txBefore,
      int commitsBefore,
      CpuMeter.Usage usage) {
    int n = 0;
    for (int i = 1; i <= NODES; i++) {
      n += nextIndex[i] - from[i];
    }
    long[] e2e = new long[n];
    long[] toJournal = new long[n];
    long[] toCommit = new long[n];
    long[] toConsumer = new long[n];
    int m = 0;
    long missing = 0;
    long firstDue = Long.MAX_VALUE;
    long lastDue = Long.MIN_VALUE;
    long lastCommit = Long.MIN_VALUE;
    for (int i = 1; i <= NODES; i++) {
      for (int k = from[i]; k < nextIndex[i]; k++) {
        long due = timeline.due[i][k];
        long seq = timeline.seqOf[i][k];
        if (seq == 0) {
          missing++;
          continue;
        }
        long committed = timeline.committed[(int) seq];
        long journaled = timeline.journaled[(int) seq];
        e2e[m] = committed - due;
        toJournal[m] = journaled - due;
        toCommit[m] = committed - journaled;
        toConsumer[m] = timeline.consumed[(int) seq] - due;
        m++;
        firstDue = Math.min(firstDue, due);
        lastDue = Math.max(lastDue, due);
        lastCommit = Math.max(lastCommit, committed);
      }
    }
    long lag = 0;
    for (long l : maxLag) {
      lag = Math.max(lag, l);
    }
    double span = (lastCommit - firstDue) / 1e9;
    int commits = timeline.commits();
    long[] intervals = new long[Math.max(0, commits - commitsBefore - 1)];
    for (int c = commitsBefore + 1; c < commits; c++) {
      intervals[c - commitsBefore - 1] = timeline.commitTimes[c] - timeline.commitTimes[c - 1];
    }
    return new Phase(
        name,
        rate,
        n,
        emitSeconds,
        m == 0 ? 0 : m / span,
        lastCommit - lastDue,
        lag,
        overloadedAfter,
        Latencies.of(e2e, m),
        Latencies.of(toJournal, m),
        Latencies.of(toCommit, m),
        Latencies.of(toConsumer, m),
        Latencies.of(intervals, intervals.length),
        missing,
        publisher.status().transactions() - txBefore,
        usage);
  }

  /**
   * Whether the three journals hold the same bytes for every seq all of them still hold, and that
   * range; checked after the run.
   */
  String compareJournals() throws IOException {
    if (rings == null) {
      return "(publisher only: one journal)";
    }
    long last = nodes[1].journal.lastSeq();
    // n2 and n3 may still be numbering what n1 has journaled and published already.
    try {
      awaitUntil(
          "n2 and n3 journal seq " + last,
          Duration.ofSeconds(60),
          () -> Arrays.stream(nodes, 2, NODES + 1).allMatch(n -> n.journal.lastSeq() >= last));
    } catch (Exception e) {
      // reported below, with the seqs
    }
    for (int i = 2; i <= NODES; i++) {
      if (nodes[i].journal.lastSeq() != last) {
        return "NO: last seq n1 " + last + ", n" + i + " " + nodes[i].journal.lastSeq();
      }
    }
    long from = 1;
    long to = Long.MAX_VALUE;
    for (int i = 1; i <= NODES; i++) {
      from = Math.max(from, nodes[i].journal.firstSeq());
      to = Math.min(to, nodes[i].journal.lastSeq());
    }
    for (long s = from; s <= to; ) {
      List<JournalRecord> a = nodes[1].journal.readEncoded(s, 5000);
      if (a.isEmpty()) {
        break;
      }
      for (int i = 2; i <= NODES; i++) {
        List<JournalRecord> b = nodes[i].journal.readEncoded(s, a.size());
        for (int x = 0; x < a.size(); x++) {
          if (x >= b.size()
              || a.get(x).key() != b.get(x).key()
              || !Arrays.equals(a.get(x).data(), b.get(x).data())) {
            return "NO: n1 and n" + i + " differ at seq " + a.get(x).key();
          }
        }
      }
      s = a.get(a.size() - 1).key() + 1;
    }
    return "yes, seq " + from + ".." + to + " byte for byte";
  }

  /** The ring counters that tell trouble, summed over the nodes. */
  Map<String, Long> ringTrouble() {
    Map<String, Long> out = new LinkedHashMap<>();
    if (rings == null) {
      return out;
    }
    for (String c :
        List.of("mcast_retransmits", "token_lost", "view_changes", "inbox_full", "send_error")) {
      long sum = 0;
      for (int i = 1; i <= NODES; i++) {
        sum += rings.counters(i).get(c);
      }
      out.put(c, sum);
    }
    return out;
  }

  /** Duplicates and unplaced records the consumer saw (both must be 0). */
  String consumerCheck() {
    return "read "
        + follower.records()
        + " records, seq 1.."
        + timeline.consumedWithoutGap()
        + " without gap, "
        + timeline.duplicates()
        + " duplicates, "
        + timeline.foreign()
        + " unplaced";
  }

  private static void awaitUntil(String what, Duration timeout, Check check) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout + " waiting until " + what);
      }
      LockSupport.parkNanos(10_000_000);
    }
  }

  @FunctionalInterface
  private interface Check {
    boolean ok() throws Exception;
  }

  @Override
  public void close() {
    running = false;
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("closing " + c + ": " + e);
      }
    }
    open.clear();
  }
}
