package org.paceline.bench.eventlog;

import java.util.Arrays;
import java.util.Locale;

/**
 * Percentiles of a set of durations (nanoseconds), nearest rank: the p-th percentile is the
 * smallest value with at least p % of the values at or below it.
 */
record Latencies(int count, long p50, long p90, long p99, long p999, long max) {

  /** The percentiles of the first {@code n} values of {@code nanos} (which it sorts). */
  static Latencies of(long[] nanos, int n) {
    if (n < 0 || n > nanos.length) {
      throw new IllegalArgumentException("n must be between 0 and " + nanos.length + ", not " + n);
    }
    if (n == 0) {
      return new Latencies(0, 0, 0, 0, 0, 0);
    }
    Arrays.sort(nanos, 0, n);
    return new Latencies(
        n,
        rank(nanos, n, 0.50),
        rank(nanos, n, 0.90),
        rank(nanos, n, 0.99),
        rank(nanos, n, 0.999),
        nanos[n - 1]);
  }

  private static long rank(long[] sorted, int n, double p) {
    int r = (int) Math.ceil(p * n); // 1-based
    return sorted[Math.max(0, Math.min(n, r) - 1)];
  }

  /** {@code "p50 | p90 | p99 | p99.9 | max"} in milliseconds, as Markdown table cells. */
  String cells() {
    return String.format(
        Locale.ROOT, "%s | %s | %s | %s | %s", ms(p50), ms(p90), ms(p99), ms(p999), ms(max));
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }
}
