package io.pyrope.cache;

import io.pyrope.cache.policy.Admission;
import io.pyrope.cache.policy.Consistency;
import io.pyrope.cache.policy.EvictionMode;
import io.pyrope.cache.policy.PolicyRule;
import io.pyrope.cache.policy.PolicyTable;
import java.util.List;
import java.util.Map;

/**
 * The node's cache configuration ({@code cache.*} keys): the node budget and SimHash planes are
 * fixed for the node's life; the rest seeds the first policy table, which the admin API (and
 * later the ai-controller) may replace.
 *
 * @param enabled whether VEC.SEARCH consults a cache at all
 * @param maxBytes node budget, bytes of stored entries
 * @param tenantMaxBytes default per-tenant budget (0: the node budget)
 * @param eviction score or lru
 * @param simhashBits L1 key width
 * @param simhashSeed L1 planes seed
 * @param sweepMillis period of the TTL/stale sweep and budget check
 * @param ttlMillis default TTL of an entry (0: none)
 * @param level default query_key_level (0 or 1)
 * @param consistency default invalidation mode
 */
public record CacheSettings(boolean enabled, long maxBytes, long tenantMaxBytes, EvictionMode eviction,
    int simhashBits, long simhashSeed, long sweepMillis, long ttlMillis, int level, Consistency consistency) {

  /** The catch-all rule these settings describe. */
  public PolicyRule defaultRule() {
    return new PolicyRule(PolicyRule.ANY, PolicyRule.ANY, Admission.ALWAYS, 0, ttlMillis, level, consistency, 1.0);
  }

  /** The first policy table: just the catch-all rule. */
  public PolicyTable initialPolicy() {
    return new PolicyTable(1, eviction, tenantMaxBytes > 0 ? tenantMaxBytes : maxBytes, Map.of(),
        List.of(defaultRule()));
  }
}
