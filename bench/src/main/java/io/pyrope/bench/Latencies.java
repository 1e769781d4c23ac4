package io.pyrope.bench;

import java.util.Arrays;

/**
 * Request latencies in nanoseconds, kept exactly (a run records at most a few hundred thousand)
 * and summarised by the nearest-rank percentile: the p-th percentile of n sorted samples is
 * sample number {@code ceil(p/100 × n)} (1-based), so it is always a latency that was measured.
 * With samples 1..100, p50 is 50, p99 is 99 and max is 100.
 *
 * <p>Not thread-safe: each client thread fills its own and the run {@link #merge merges} them.
 */
public final class Latencies {
  private long[] nanos = new long[1024];
  private int count;

  public void record(long latencyNanos) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = latencyNanos;
  }

  public void merge(Latencies other) {
    for (int i = 0; i < other.count; i++) {
      record(other.nanos[i]);
    }
  }

  public int count() {
    return count;
  }

  /** The summary of what was recorded; all zero when nothing was. */
  public Summary summarize() {
    if (count == 0) {
      return new Summary(0, 0, 0, 0, 0, 0, 0);
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    return new Summary(count, sum / count, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
        sorted[0], sorted[count - 1]);
  }

  /** Nearest-rank percentile of ascending {@code sorted} (non-empty), {@code 0 < p <= 100}. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0 || !(p > 0) || p > 100) {
      throw new IllegalArgumentException("percentile " + p + " of " + sorted.length + " samples");
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  /** Latencies in nanoseconds. */
  public record Summary(int count, double mean, long p50, long p95, long p99, long min, long max) {}

  /** The median of {@code xs} (the mean of the two middle values for an even count); NaN when empty. */
  static double median(double[] xs) {
    if (xs.length == 0) {
      return Double.NaN;
    }
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
