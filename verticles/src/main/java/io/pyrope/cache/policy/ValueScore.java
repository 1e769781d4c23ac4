package io.pyrope.cache.policy;

/**
 * The value of keeping an entry, used by {@link EvictionMode#SCORE} (lowest goes first):
 *
 * <pre>
 *   value = expected_hits × saved_cost − size_penalty − staleness_penalty
 *   expected_hits     = (hits + 1) × 2^(−idle / HALF_LIFE)      decayed frequency
 *   saved_cost        = proxy_cost × priority                     distance computations a hit saves
 *   size_penalty      = bytes × BYTE_PENALTY                      what the memory could hold instead
 *   staleness_penalty = saved_cost × STALENESS_WEIGHT × age / ttl (0 without a TTL)
 * </pre>
 *
 * Pure and allocation-free; the evictor computes it once per candidate.
 */
public final class ValueScore {
  /** Idle time after which an entry's hit count counts half, in nanoseconds (60 s). */
  public static final double HALF_LIFE_NANOS = 60e9;
  /** Cost units (distance computations) one stored byte is worth. */
  public static final double BYTE_PENALTY = 0.01;
  /** Share of its saved cost an entry loses as it approaches its TTL. */
  public static final double STALENESS_WEIGHT = 0.5;

  private ValueScore() {}

  /**
   * @param hits times served
   * @param proxyCost distance computations the search cost
   * @param priority the rule's multiplier
   * @param bytes bytes the entry holds
   * @param idleNanos since it was last served or stored
   * @param ageNanos since it was stored
   * @param ttlNanos its TTL, 0 for none
   */
  public static double of(int hits, long proxyCost, double priority, long bytes, long idleNanos, long ageNanos,
      long ttlNanos) {
    double expectedHits = (hits + 1.0) * Math.pow(2, -Math.max(0, idleNanos) / HALF_LIFE_NANOS);
    double saved = Math.max(1, proxyCost) * priority;
    double staleness = ttlNanos > 0 ? saved * STALENESS_WEIGHT * Math.min(1.0, (double) ageNanos / ttlNanos) : 0;
    return expectedHits * saved - bytes * BYTE_PENALTY - staleness;
  }
}
