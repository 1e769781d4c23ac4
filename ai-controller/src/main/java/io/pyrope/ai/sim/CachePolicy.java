package io.pyrope.ai.sim;

/**
 * A byte-budgeted cache under simulation. The {@link Simulator} drives it through a trace in
 * order: {@link #advanceTo} before every record, then for a search {@link #lookup} and, on a
 * miss, {@link #admitAfterMiss}; for a write {@link #invalidate}.
 *
 * <p>Every policy obeys the same rules: the bytes it holds never exceed {@link #capacityBytes()},
 * an entry larger than the capacity is never admitted, and a write removes every entry of its
 * tenant/index (epoch consistency). Instances hold the state of one run; not thread-safe.
 */
public interface CachePolicy {
  /** Short name as the CLI takes it: lru, lfu, s3fifo, ttl, live, heuristic, belady, belady-cost. */
  String name();

  long capacityBytes();

  /** Bytes held now. */
  long usedBytes();

  /** Time moves to {@code nowMs} (the record's time_ms): lets TTL policies expire entries. */
  default void advanceTo(long nowMs) {}

  /** The entry serving search {@code i} (updating recency/frequency), or null on a miss. */
  Entry lookup(int i);

  /** After a miss on search {@code i}: store what the search returned, if the policy wants it. */
  void admitAfterMiss(int i);

  /** A write to this tenant/index: drop all its entries. */
  void invalidate(int scopeId);

  /** Entries removed to make room. */
  long evictions();

  /** Entries removed because their TTL ran out. */
  long expirations();
}
