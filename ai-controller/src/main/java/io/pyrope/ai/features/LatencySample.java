package io.pyrope.ai.features;

import java.util.Arrays;

/**
 * The last {@value #SIZE} latencies of a scope, for its p99: a ring, so memory is fixed and old
 * traffic ages out by count. Not thread-safe: owned by {@link FeatureStore}.
 */
final class LatencySample {
  /** Latencies kept per scope (an index or a node). */
  static final int SIZE = 1024;
  private final long[] ring = new long[SIZE];
  private long added;  // total ever added; the ring holds min(added, SIZE)

  void add(long micros) {
    ring[(int) (added % SIZE)] = micros;
    added++;
  }

  /** The nearest-rank quantile {@code q} (0 < q ≤ 1) of what the ring holds; 0 when empty. */
  long quantile(double q) {
    int n = (int) Math.min(added, SIZE);
    if (n == 0) {
      return 0;
    }
    long[] copy = Arrays.copyOf(ring, n);
    Arrays.sort(copy);
    int rank = (int) Math.ceil(q * n);
    return copy[Math.max(0, Math.min(n, rank) - 1)];
  }
}
