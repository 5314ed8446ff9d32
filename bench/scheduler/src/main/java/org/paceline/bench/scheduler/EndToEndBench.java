package org.paceline.bench.scheduler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End to end: {@code paceline simulate --xml FILE} (reading, scheduling and printing included)
 * against Pacemaker's {@code crm_simulate} on the same file in the same run, wall time and peak RSS
 * of each process, with the ratio of the medians (crm_simulate's over ours). crm_simulate runs in
 * each of the given modes: {@code -R} (schedule and print the transition summary) and {@code -S}
 * (also execute the transition on paper and print the revised status, as {@code paceline simulate}
 * does).
 *
 * <p>Wall time is measured around the process. Each process runs under {@code /usr/bin/time -v}
 * when it is there (its "Maximum resident set size"), else its peak RSS is read from {@code
 * /proc/PID/status} ({@code VmHWM}) while it runs. Output goes to a file, so printing costs what
 * writing it costs. crm_simulate gets a timeout and is reported as "did not finish" past it; if it
 * is not installed, the table says so. A paceline run whose stderr says it built the distribution
 * first (the {@code ./paceline} wrapper does when a source is newer than the build) is thrown away
 * and run again.
 */
final class EndToEndBench {

  private static final Path TIME = Path.of("/usr/bin/time");
  private static final Pattern RSS =
      Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

  private EndToEndBench() {}

  /**
   * One process run.
   *
   * @param seconds wall time
   * @param rssKb peak resident set size, KiB (-1 unknown)
   * @param exit exit status, or -1 when it was killed at the timeout
   */
  record Run(double seconds, long rssKb, int exit) {
    boolean finished() {
      return exit >= 0;
    }
  }

  static void main(List<String> args) throws Exception {
    List<String> rest = new ArrayList<>(args);
    String paceline = SchedulerBench.stringOption(rest, "--paceline", "./paceline");
    String crm = SchedulerBench.stringOption(rest, "--crm-simulate", "/usr/sbin/crm_simulate");
    List<String> modes =
        List.of(SchedulerBench.stringOption(rest, "--crm-modes", "R,S").split(","));
    int repeat = SchedulerBench.intOption(rest, "--repeat", 3);
    int crmRepeat = SchedulerBench.intOption(rest, "--crm-repeat", 2);
    int timeout = SchedulerBench.intOption(rest, "--timeout", 300);
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("e2e: give the CIB XML files");
    }
    boolean crmThere = Files.isExecutable(Path.of(crm));
    Path out = Files.createTempFile("scheduler-bench", ".out");
    try {
      // build (if needed) and load once before timing
      run(List.of(paceline, "--version"), out, timeout);
      StringBuilder head = new StringBuilder("| input | " + paceline + " simulate --xml FILE |");
      StringBuilder rule = new StringBuilder("|---|---|");
      for (String m : modes) {
        head.append(" crm_simulate -x FILE -").append(m).append(" | ratio |");
        rule.append("---|---|");
      }
      System.out.println("best / median wall time (peak RSS)");
      System.out.println(head);
      System.out.println(rule);
      for (String f : rest) {
        List<Run> ours = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
          ours.add(pacelineRun(paceline, f, out, timeout));
        }
        double oursMedian = median(ours);
        StringBuilder row =
            new StringBuilder("| " + Path.of(f).getFileName() + " | " + describe(ours) + " |");
        for (String m : modes) {
          if (!crmThere) {
            row.append(' ').append(crm).append(" is not installed: skipped | - |");
            continue;
          }
          List<Run> theirs = new ArrayList<>();
          for (int i = 0; i < crmRepeat; i++) {
            Run r = run(List.of(crm, "-x", f, "-" + m), out, timeout);
            theirs.add(r);
            if (!r.finished()) {
              break; // a second try would not finish either
            }
          }
          if (theirs.stream().anyMatch(r -> !r.finished())) {
            row.append(
                String.format(
                    Locale.ROOT,
                    " did not finish in %d s | > %.0f× |",
                    timeout,
                    timeout / oursMedian));
          } else {
            row.append(
                String.format(
                    Locale.ROOT, " %s | %.0f× |", describe(theirs), median(theirs) / oursMedian));
          }
        }
        System.out.println(row);
        System.out.flush();
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static Run pacelineRun(String paceline, String file, Path out, int timeout)
      throws IOException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      Path err = Files.createTempFile("scheduler-bench", ".err");
      try {
        Run r = run(List.of(paceline, "simulate", "--xml", file), out, timeout, err);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        if (stderr.contains("building the distribution") && attempt < 3) {
          continue; // the wrapper rebuilt first: not a measurement
        }
        if (r.exit() != 0) {
          throw new IllegalStateException(
              "paceline simulate --xml " + file + " failed (" + r.exit() + "): " + stderr);
        }
        return r;
      } finally {
        Files.deleteIfExists(err);
      }
    }
  }

  private static String describe(List<Run> runs) {
    double[] s = runs.stream().mapToDouble(Run::seconds).sorted().toArray();
    long rss = runs.stream().mapToLong(Run::rssKb).max().orElse(-1);
    return String.format(
        Locale.ROOT,
        "%s / %s (%s)",
        seconds(s[0]),
        seconds(median(runs)),
        rss < 0
            ? "RSS unknown"
            : rss >= 1 << 20
                ? String.format(Locale.ROOT, "%.1f GB", rss / 1048576.0)
                : (rss >> 10) + " MB");
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, s < 10 ? "%.2f s" : "%.1f s", s);
  }

  private static double median(List<Run> runs) {
    double[] s = runs.stream().mapToDouble(Run::seconds).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static Run run(List<String> command, Path out, int timeout)
      throws IOException, InterruptedException {
    Path err = Files.createTempFile("scheduler-bench", ".err");
    try {
      return run(command, out, timeout, err);
    } finally {
      Files.deleteIfExists(err);
    }
  }

  private static Run run(List<String> command, Path out, int timeout, Path err)
      throws IOException, InterruptedException {
    boolean timed = Files.isExecutable(TIME);
    Path report = timed ? Files.createTempFile("scheduler-bench", ".time") : null;
    List<String> cmd = new ArrayList<>();
    if (timed) {
      cmd.addAll(List.of(TIME.toString(), "-v", "-o", report.toString()));
    }
    cmd.addAll(command);
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      long t0 = System.nanoTime();
      Process p = pb.start();
      long hwm = -1;
      long deadline = t0 + TimeUnit.SECONDS.toNanos(timeout);
      while (!p.waitFor(timed ? 1000 : 20, TimeUnit.MILLISECONDS)) {
        if (!timed) {
          hwm = Math.max(hwm, vmHwm(p.pid()));
        }
        if (System.nanoTime() > deadline) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          p.waitFor(30, TimeUnit.SECONDS);
          return new Run(timeout, -1, -1);
        }
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      if (!timed) {
        return new Run(wall, hwm, p.exitValue());
      }
      String r = Files.readString(report, StandardCharsets.UTF_8);
      Matcher m = RSS.matcher(r);
      return new Run(wall, m.find() ? Long.parseLong(m.group(1)) : -1, p.exitValue());
    } finally {
      if (report != null) {
        Files.deleteIfExists(report);
      }
    }
  }

  /** VmHWM of a running process in KiB, or -1. */
  private static long vmHwm(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // gone already
    }
    return -1;
  }
}
