package org.paceline.bench.eventlog;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where the CPU went during a phase: per group of threads of this JVM (threads named alike, e.g.
 * {@code ring-deliver-n1..n3} are {@code ring-deliver}), the JVM as a whole, the broker process,
 * and the whole machine's busy time from {@code /proc/stat}, plus the load average.
 */
final class CpuMeter {

  /** Per-node or per-instance name parts: {@code -n1}, {@code -3}, the cluster's name. */
  private static final Pattern INSTANCE = Pattern.compile("-(n\\d+|\\d+|evbench)(?=-|$)");

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> startByThread = new HashMap<>();
  private final Map<Long, String> finished = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Long, Long> finishedCpu = new java.util.concurrent.ConcurrentHashMap<>();
  private long startProcess;
  private Optional<Duration> startBroker = Optional.empty();
  private long[] startMachine;
  private long startWall;
  private String loadBefore;

  /** The figures of one phase. */
  record Usage(
      double seconds,
      Map<String, Double> byGroup,
      double process,
      Optional<Double> broker,
      double machineBusy,
      int cpus,
      String loadBefore,
      String loadAfter) {}

  /** Marks the start of a phase. */
  void start(LocalBroker broker) {
    startByThread.clear();
    finished.clear();
    finishedCpu.clear();
    for (ThreadInfo t : threads.dumpAllThreads(false, false)) {
      long cpu = threads.getThreadCpuTime(t.getThreadId());
      if (cpu >= 0) {
        startByThread.put(t.getThreadId(), cpu);
      }
    }
    startProcess = processCpu();
    startBroker = broker.cpuTime();
    startMachine = machine();
    loadBefore = loadAverage();
    startWall = System.nanoTime();
  }

  /** The usage since {@link #start}; CPU figures in cores (1.0 = one core busy all the time). */
  Usage stop(LocalBroker broker) {
    double secs = (System.nanoTime() - startWall) / 1e9;
    Map<String, Double> byGroup = new TreeMap<>();
    for (ThreadInfo t : threads.dumpAllThreads(false, false)) {
      long cpu = threads.getThreadCpuTime(t.getThreadId());
      if (cpu < 0) {
        continue;
      }
      finished.remove(t.getThreadId());
      long used = cpu - startByThread.getOrDefault(t.getThreadId(), 0L);
      byGroup.merge(group(t.getThreadName()), used / 1e9 / secs, Double::sum);
    }
    for (Map.Entry<Long, String> f : finished.entrySet()) {
      long used = finishedCpu.get(f.getKey()) - startByThread.getOrDefault(f.getKey(), 0L);
      byGroup.merge(group(f.getValue()), used / 1e9 / secs, Double::sum);
    }
    double process = (processCpu() - startProcess) / 1e9 / secs;
    Optional<Double> brokerCores = Optional.empty();
    Optional<Duration> end = broker.cpuTime();
    if (startBroker.isPresent() && end.isPresent()) {
      brokerCores = Optional.of(end.get().minus(startBroker.get()).toNanos() / 1e9 / secs);
    }
    long[] m = machine();
    double busy = 0;
    if (m.length == 2 && startMachine.length == 2 && m[1] > startMachine[1]) {
      busy = (double) (m[0] - startMachine[0]) / (m[1] - startMachine[1]);
    }
    int cpus = Runtime.getRuntime().availableProcessors();
    return new Usage(
        secs, byGroup, process, brokerCores, busy * cpus, cpus, loadBefore, loadAverage());
  }

  /**
   * Called by a thread of the phase that ends before the phase is measured: its CPU time so far (it
   * is no longer there when {@link #stop} looks).
   */
  void threadEnds() {
    Thread t = Thread.currentThread();
    long cpu = threads.getCurrentThreadCpuTime();
    if (cpu >= 0) {
      finishedCpu.put(t.getId(), cpu);
      finished.put(t.getId(), t.getName());
    }
  }

  /** The group of a thread: its name without node or instance suffixes. */
  static String group(String threadName) {
    String n = threadName;
    int bar = n.indexOf(" |");
    if (bar > 0) {
      n = n.substring(0, bar);
    }
    return INSTANCE.matcher(n).replaceAll("");
  }

  /**
   * The CPU time, in clock ticks, that the JIT compiler threads of process {@code pid} ("self" for
   * this one) used so far ({@code /proc/PID/task/TID/stat}); -1 where it cannot be read.
   */
  static long jitTicks(String pid) {
    long ticks = 0;
    try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", pid, "task"))) {
      for (Path t : tasks.toList()) {
        try {
          String comm = Files.readString(t.resolve("comm")).trim();
          if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) {
            continue;
          }
          String stat = Files.readString(t.resolve("stat"));
          // fields after the ")" closing the name: state is field 3, utime 14, stime 15
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks;
  }

  static long processCpu() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  /** {busy, total} jiffies of all CPUs, or an empty array off Linux. */
  private static long[] machine() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = cpu.trim().split("\\s+");
      long total = 0;
      long idle = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        long v = Long.parseLong(f[i]);
        total += v;
        if (i == 4 || i == 5) {
          idle += v; // idle, iowait
        }
      }
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[0];
    }
  }

  /** The 1, 5 and 15 minute load averages, or "?" off Linux. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }
}
