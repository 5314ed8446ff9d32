package org.paceline.scheduler.tools;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.paceline.scheduler.Schedule;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.SchedulerInput;

/**
 * Development entry point for the scheduler (the compatibility check runs it through {@code
 * simulate.sh}):
 *
 * <pre>
 * simulate (--xml FILE | --cib FILE) [--show-scores] [--node-up N] [--node-down N]
 *          [--node-fail N] [--op-fail RSC_OP_INTERVAL@NODE=RC]
 * explain RSC (--xml FILE | --cib FILE)
 * bench (--xml FILE | --cib FILE) [--runs N] [what-if options]
 * </pre>
 *
 * <p>{@code bench} times {@link Scheduler#schedule} on the model in memory (after as many warm-up
 * runs) and prints the best, mean and worst time and the size of the result.
 *
 * <p>"Now" is the CIB's {@code execution-date} when it has one, else the current time. Reading,
 * what-ifs, printing and explaining are {@link SimulationTool}'s, which {@code paceline simulate}
 * and {@code paceline explain} use too.
 */
public final class SimulateMain {

  private SimulateMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    int rc = run(args, out, System.err);
    out.flush();
    System.exit(rc);
  }

  private static void bench(SchedulerInput input, Instant now, int runs, PrintStream out) {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long model = rt.totalMemory() - rt.freeMemory();
    Schedule s = null;
    for (int i = 0; i < runs; i++) {
      s = Scheduler.schedule(input, now);
    }
    long best = Long.MAX_VALUE;
    long worst = 0;
    long total = 0;
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      s = Scheduler.schedule(input, now);
      long t = System.nanoTime() - t0;
      best = Math.min(best, t);
      worst = Math.max(worst, t);
      total += t;
    }
    out.printf(
        java.util.Locale.ROOT,
        "runs: %d (after %d warm-up runs): best %.1f ms, mean %.1f ms, worst %.1f ms%n",
        runs,
        runs,
        best / 1e6,
        total / 1e6 / runs,
        worst / 1e6);
    out.printf(
        java.util.Locale.ROOT,
        "schedule: %d actions, %d orderings, %d changes%n",
        s.actions().size(),
        s.orderings().size(),
        s.changes().size());
    out.printf(
        java.util.Locale.ROOT,
        "heap in use after loading the input: %d MB (max heap %d MB)%n",
        model >> 20,
        rt.maxMemory() >> 20);
  }

  private static SimulationTool.WhatIfKind whatIfKind(String option) {
    for (SimulationTool.WhatIfKind k : SimulationTool.WhatIfKind.values()) {
      if (k.option().equals(option)) {
        return k;
      }
    }
    throw new IllegalArgumentException("not a what-if option: " + option);
  }

  /** Runs a command; returns the exit status (0 ok, 1 bad input, 2 bad usage). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || "--help".equals(args[0]) || "-h".equals(args[0])) {
      out.println(
          "usage: simulate (--xml FILE | --cib FILE) [--show-scores] [--node-up N]"
              + " [--node-down N] [--node-fail N] [--op-fail RSC_OP_INTERVAL@NODE=RC]\n"
              + "       explain RSC (--xml FILE | --cib FILE)\n"
              + "       bench (--xml FILE | --cib FILE) [--runs N] [what-if options]");
      return args.length == 0 ? 2 : 0;
    }
    String command = args[0];
    String explainRsc = null;
    int i = 1;
    if ("explain".equals(command)) {
      if (args.length < 2 || args[1].startsWith("--")) {
        err.println("explain: missing resource id");
        return 2;
      }
      explainRsc = args[1];
      i = 2;
    } else if (!"simulate".equals(command) && !"bench".equals(command)) {
      err.println("unknown command '" + command + "': expected simulate, explain or bench");
      return 2;
    }
    int runs = 10;
    Path xml = null;
    Path crm = null;
    boolean scores = false;
    List<SimulationTool.WhatIfStep> whatIf = new ArrayList<>();
    for (; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--xml", "--cib", "--node-up", "--node-down", "--node-fail", "--op-fail", "--runs" -> {
          if (i + 1 >= args.length) {
            err.println(a + " needs a value");
            return 2;
          }
          String v = args[++i];
          if ("--xml".equals(a)) {
            xml = Path.of(v);
          } else if ("--cib".equals(a)) {
            crm = Path.of(v);
          } else if ("--runs".equals(a)) {
            try {
              runs = Integer.parseInt(v);
            } catch (NumberFormatException e) {
              runs = 0;
            }
            if (runs < 1 || !"bench".equals(command)) {
              err.println("--runs needs a positive number (and the bench command)");
              return 2;
            }
          } else {
            whatIf.add(new SimulationTool.WhatIfStep(whatIfKind(a), v));
          }
        }
        case "--show-scores" -> scores = true;
        default -> {
          err.println("unknown option '" + a + "'");
          return 2;
        }
      }
    }
    if ((xml == null) == (crm == null)) {
      err.println("give exactly one of --xml FILE and --cib FILE");
      return 2;
    }
    try {
      SimulationTool.Loaded loaded =
          SimulationTool.apply(
              xml != null ? SimulationTool.readXml(xml, null) : SimulationTool.readCrm(crm, null),
              whatIf);
      if ("bench".equals(command)) {
        bench(loaded.input(), loaded.now(), runs, out);
      } else if (explainRsc != null) {
        for (String line : SimulationTool.explain(loaded, explainRsc)) {
          out.println(line);
        }
      } else {
        out.print(SimulationTool.simulate(loaded, scores));
      }
      return 0;
    } catch (SimulationException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      // not the input's fault: say what failed where
      StackTraceElement[] where = e.getStackTrace();
      err.println(
          "internal error: "
              + e
              + (where.length > 0 ? " at " + where[0] : "")
              + " (please report it with the input)");
      return 1;
    }
  }
}
