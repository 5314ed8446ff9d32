package org.paceline.bench.executor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.paceline.executor.internal.ExecutorSettings;

/**
 * Runs {@link ExecutorJmh} with the JMH runner and prints its results as a Markdown table on
 * standard output (JMH's own progress goes to standard output first). Takes JMH's command-line
 * options (e.g. {@code -wi 3 -i 5 -f 1}, or a regular expression to run only some benchmarks).
 */
public final class JmhTables {

  private static final List<String> ORDER =
      List.of(
          "directCall",
          "oneCallerOneResource",
          "fourCallersOwnResources",
          "batchOneResource",
          "batchManyResources");

  private JmhTables() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cmd;
    try {
      cmd = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("bad JMH options: " + e.getMessage());
      System.exit(64);
      return;
    }
    OptionsBuilder builder = new OptionsBuilder();
    builder.parent(cmd);
    if (cmd.getIncludes().isEmpty()) {
      builder.include(ExecutorJmh.class.getName() + "\\.");
    }
    Options options = builder.build();
    String loadBefore = Machine.loadAverage();
    long t0 = System.nanoTime();
    Collection<RunResult> results = new Runner(options).run();
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    String loadAfter = Machine.loadAverage();

    List<RunResult> rows = new ArrayList<>(results);
    rows.sort(
        Comparator.comparingInt((RunResult r) -> order(method(r.getParams())))
            .thenComparing(r -> param(r.getParams(), "agent")));
    System.out.println();
    System.out.println("### Executor operations (JMH, " + ExecutorJmh.class.getSimpleName() + ")");
    System.out.println();
    System.out.println("Machine: " + Machine.describe() + ".");
    System.out.println(
        "Executor action limit "
            + ExecutorSettings.defaultActionLimit()
            + " (2 × processors). Load average before: "
            + loadBefore
            + "; after: "
            + loadAfter
            + "; run time "
            + seconds
            + " s.");
    System.out.println();
    System.out.println(
        "| benchmark | agent | callers | ops/s | ± (99.9% CI) | µs per op per caller |");
    System.out.println("|---|---|---|---|---|---|");
    for (RunResult r : rows) {
      BenchmarkParams p = r.getParams();
      Result<?> primary = r.getPrimaryResult();
      double score = primary.getScore();
      double error = primary.getScoreError();
      String perOp = score > 0 ? fmt(p.getThreads() * 1e6 / score, 2) : "-";
      System.out.println(
          "| "
              + method(p)
              + " | "
              + param(p, "agent")
              + " | "
              + p.getThreads()
              + " | "
              + fmt(score, 0)
              + " | "
              + (Double.isNaN(error) ? "-" : fmt(error, 0))
              + " | "
              + perOp
              + " |");
    }
    System.out.println();
    if (!rows.isEmpty()) {
      BenchmarkParams p = rows.get(0).getParams();
      System.out.println(
          "Settings: warm-up "
              + p.getWarmup().getCount()
              + " × "
              + p.getWarmup().getTime()
              + ", measurement "
              + p.getMeasurement().getCount()
              + " × "
              + p.getMeasurement().getTime()
              + ", "
              + p.getForks()
              + " fork(s); "
              + ExecutorJmh.BATCH
              + " operations per batch.");
    }
    System.exit(0);
  }

  private static String method(BenchmarkParams p) {
    String b = p.getBenchmark();
    return b.substring(b.lastIndexOf('.') + 1);
  }

  private static int order(String method) {
    int i = ORDER.indexOf(method);
    return i < 0 ? ORDER.size() : i;
  }

  private static String param(BenchmarkParams p, String name) {
    String v = p.getParam(name);
    return v == null ? "-" : v;
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }
}
