package org.paceline.bench.scheduler;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.paceline.cib.model.Cib;
import org.paceline.cib.xml.CibXml;
import org.paceline.cib.xml.XmlLimits;
import org.paceline.scheduler.Schedule;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.SchedulerInput;
import org.paceline.scheduler.SimulationFormatter;

/**
 * Scheduler benchmarks on generated CIBs ({@code ../shared/bench/gen-cib.py}); {@code
 * bench/scheduler/run.sh} runs them all.
 *
 * <ul>
 *   <li>{@code memory [--warmup N] [--runs N] FILE...}: the scheduler on the model in memory. Each
 *       file is read once; then {@link Scheduler#schedule} runs N times after at least N warm-up
 *       runs and 10 s of warm-up. Prints the best, median and 90th percentile time, the bytes this
 *       thread allocated per run (median), the heap the model takes (after a full GC), the peak
 *       heap in use after any collection during the timed runs beyond the model (an upper bound on
 *       the scheduler's live working set: a young collection also counts old garbage not yet
 *       collected), and whether every run printed the same bytes.
 *   <li>{@code phases FILE}: one cold run as {@code paceline simulate --xml FILE} does it, timed
 *       per phase (read, schedule, print), to see where end-to-end time goes.
 *   <li>{@code e2e [options] FILE...}: see {@link EndToEndBench}.
 * </ul>
 */
public final class SchedulerBench {

  /** The least warm-up time per input. */
  private static final long WARMUP_NANOS = 10_000_000_000L;

  private SchedulerBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
    }
    List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
    switch (args[0]) {
      case "memory" -> {
        int warmup = intOption(rest, "--warmup", 20);
        int runs = intOption(rest, "--runs", 20);
        if (rest.isEmpty()) {
          usage();
        }
        System.out.println(
            "| input | model heap | best | median | p90 | allocated/run | peak heap after GC"
                + " beyond the model | one result retained | GC time | same output every run |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String f : rest) {
          memory(Path.of(f), warmup, runs);
        }
      }
      case "phases" -> {
        if (rest.size() != 1) {
          usage();
        }
        phases(Path.of(rest.get(0)));
      }
      case "e2e" -> EndToEndBench.main(rest);
      default -> usage();
    }
    System.exit(0);
  }

  private static void usage() {
    System.err.println(
        "usage: SchedulerBench memory [--warmup N] [--runs N] FILE...\n"
            + "       SchedulerBench phases FILE\n"
            + "       SchedulerBench e2e [--paceline CMD] [--crm-simulate PATH] [--repeat N]"
            + " [--crm-repeat N] [--timeout SECONDS] FILE...");
    System.exit(64);
  }

  static int intOption(List<String> args, String name, int dflt) {
    int i = args.indexOf(name);
    if (i < 0) {
      return dflt;
    }
    if (i + 1 >= args.size()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    int v = Integer.parseInt(args.get(i + 1));
    args.subList(i, i + 2).clear();
    return v;
  }

  static String stringOption(List<String> args, String name, String dflt) {
    int i = args.indexOf(name);
    if (i < 0) {
      return dflt;
    }
    if (i + 1 >= args.size()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    String v = args.get(i + 1);
    args.subList(i, i + 2).clear();
    return v;
  }

  /** "Now" for a generated CIB: its execution-date, else a fixed time, so runs are comparable. */
  private static Instant now(Cib cib) {
    return cib.executionDate().orElse(Instant.parse("2025-01-01T00:00:00Z"));
  }

  // ------------------------------------------------------------------ in memory

  private static void memory(Path file, int warmup, int runs) {
    Cib cib;
    try {
      cib = CibXml.read(file, XmlLimits.DEFAULT);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    SchedulerInput input = SchedulerInput.of(cib);
    Instant now = now(cib);
    cib = null; // only the scheduler input stays reachable
    long model = heapAfterFullGc();

    String first = SimulationFormatter.format(input, Scheduler.schedule(input, now), null);
    // warm up: at least `warmup` runs and at least WARMUP_NANOS
    long warmStart = System.nanoTime();
    int warmed = 0;
    while (warmed < warmup || System.nanoTime() - warmStart < WARMUP_NANOS) {
      Scheduler.schedule(input, now);
      warmed++;
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    heapAfterFullGc();
    long gcBefore = gcMillis();
    PeakAfterGc peak = PeakAfterGc.start();
    long[] times = new long[runs];
    long[] allocated = new long[runs];
    Schedule last = null;
    for (int i = 0; i < runs; i++) {
      last = null; // one result alive at a time
      long a0 = threads.getThreadAllocatedBytes(tid);
      long t0 = System.nanoTime();
      last = Scheduler.schedule(input, now);
      times[i] = System.nanoTime() - t0;
      allocated[i] = threads.getThreadAllocatedBytes(tid) - a0;
    }
    long peakAfterGc = peak.stop();
    long gc = gcMillis() - gcBefore;
    long retained = heapAfterFullGc() - model; // the model and one result
    boolean same = first.equals(SimulationFormatter.format(input, last, null));
    Arrays.sort(times);
    Arrays.sort(allocated);
    System.out.printf(
        Locale.ROOT,
        "| %s | %d MB | %s | %s | %s | %d MB | %s | %d MB | %d ms in %d runs | %s |%n",
        file.getFileName(),
        model >> 20,
        ms(times[0]),
        ms(times[runs / 2]),
        ms(times[Math.min(runs - 1, (int) Math.ceil(runs * 0.9) - 1)]),
        allocated[runs / 2] >> 20,
        peakAfterGc < 0 ? "no GC ran" : Math.max(0, peakAfterGc - model) / (1 << 20) + " MB",
        Math.max(0, retained) >> 20,
        gc,
        runs,
        same ? "yes" : "NO");
    System.out.printf(
        Locale.ROOT,
        "  %s: %d actions, %d orderings, %d changes; %d warm-up + %d timed runs%n",
        file.getFileName(),
        last.actions().size(),
        last.orderings().size(),
        last.changes().size(),
        warmed,
        runs);
  }

  static String ms(long nanos) {
    double m = nanos / 1e6;
    return m >= 100
        ? String.format(Locale.ROOT, "%.0f ms", m)
        : String.format(Locale.ROOT, "%.1f ms", m);
  }

  private static long heapAfterFullGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static long gcMillis() {
    long t = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      t += Math.max(0, gc.getCollectionTime());
    }
    return t;
  }

  /** The largest heap in use after any garbage collection while it listens; -1 if none ran. */
  private static final class PeakAfterGc implements NotificationListener {
    private final AtomicLong peak = new AtomicLong(-1);
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    static PeakAfterGc start() {
      PeakAfterGc p = new PeakAfterGc();
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter e) {
          e.addNotificationListener(p, null, null);
          p.emitters.add(e);
        }
      }
      return p;
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
        return;
      }
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
      long used = 0;
      for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
        used += u.getUsed();
      }
      peak.accumulateAndGet(used, Math::max);
    }

    long stop() {
      for (NotificationEmitter e : emitters) {
        try {
          e.removeNotificationListener(this);
        } catch (javax.management.ListenerNotFoundException ex) {
          // already gone
        }
      }
      return peak.get();
    }
  }

  // ------------------------------------------------------------------ phases

  private static void phases(Path file) throws java.io.IOException {
    long t0 = System.nanoTime();
    Cib cib = CibXml.read(file, XmlLimits.DEFAULT);
    SchedulerInput input = SchedulerInput.of(cib);
    long t1 = System.nanoTime();
    Schedule s = Scheduler.schedule(input, now(cib));
    long t2 = System.nanoTime();
    String text =
        SimulationFormatter.format(
            input, s, new SimulationFormatter.Options(false, cib.executionDate().orElse(null)));
    long t3 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "%s: read %s, schedule %s, print %s (%d characters), total %s%n",
        file.getFileName(),
        ms(t1 - t0),
        ms(t2 - t1),
        ms(t3 - t2),
        text.length(),
        ms(t3 - t0));
  }
}
