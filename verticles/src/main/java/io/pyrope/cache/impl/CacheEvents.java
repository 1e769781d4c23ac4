package io.pyrope.cache.impl;

import io.pyrope.cache.CacheLayer;
import io.pyrope.cache.CacheQuery;
import io.pyrope.cache.policy.Decision;
import io.pyrope.cache.policy.PolicyRule;
import io.pyrope.cache.policy.PolicyTable;

/**
 * What the cache tells the outside world about its decisions, for the decision log: one call
 * per admission decision and one per entry that leaves the cache. Called on the thread that
 * decided (an event loop for {@link #decided}; an event loop, the cache verticle's worker or an
 * index writer for {@link #left}), so implementations must be thread-safe, must not block, and
 * should do no more than queue an immutable object (the telemetry publisher encodes later).
 */
public interface CacheEvents {
  /** Tells nobody. */
  CacheEvents NONE = new CacheEvents() {
    @Override
    public void decided(IndexShard shard, CacheQuery q, PolicyRule rule, PolicyTable table, Decision d,
        long proxyCost, long bytes, CacheLayer layer) {}

    @Override
    public void left(CacheEntry e, String reason, long nowNanos) {}
  };

  /**
   * The admission policy and the budgets decided {@code d} for a missed query's result.
   *
   * @param bytes the entry's size when admitted or rejected for budget, else 0
   * @param layer the layer it was (or would have been) stored in; {@link CacheLayer#NONE} when
   *     the rule refused it before a key was made
   * @param table the table in force when it was decided (its version and model version are logged)
   */
  void decided(IndexShard shard, CacheQuery q, PolicyRule rule, PolicyTable table, Decision d, long proxyCost,
      long bytes, CacheLayer layer);

  /** An entry left its map: reason budget (evicted), expired, stale, invalidated, flush, dropped or replaced. */
  void left(CacheEntry e, String reason, long nowNanos);
}
