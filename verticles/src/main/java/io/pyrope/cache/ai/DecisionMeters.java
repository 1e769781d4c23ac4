package io.pyrope.cache.ai;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.cache.CacheLayer;
import io.pyrope.cache.CacheQuery;
import io.pyrope.cache.impl.CacheEntry;
import io.pyrope.cache.impl.CacheEvents;
import io.pyrope.cache.impl.IndexShard;
import io.pyrope.cache.policy.Decision;
import io.pyrope.cache.policy.PolicyRule;
import io.pyrope.cache.policy.PolicyTable;

/**
 * Counts the policy table's admission decisions as {@code vector_db_ai_decision_total{decision}}
 * (DESIGN §10), whichever table made them (the configured rules or the ai-controller's), and hands
 * every event on to the next listener (the decision log, or nobody).
 *
 * <p>Labels are the {@link Decision} wire names, a fixed set, all exported at zero from the start so
 * that dashboards and alerts see the series before the first decision. Counting is an array read
 * and an atomic add: no allocation on the request path.
 */
public final class DecisionMeters implements CacheEvents {
  /** Metric: admission decisions by decision. */
  public static final String METRIC = "vector_db_ai_decision_total";

  private final Counter[] byDecision = new Counter[Decision.values().length];
  private final CacheEvents next;

  public DecisionMeters(MeterRegistry meters, CacheEvents next) {
    this.next = next == null ? CacheEvents.NONE : next;
    for (Decision d : Decision.values()) {
      byDecision[d.ordinal()] = Counter.builder(METRIC).tag("decision", d.wireName())
          .description("Cache admission decisions of the policy table in force").register(meters);
    }
  }

  @Override
  public void decided(IndexShard shard, CacheQuery q, PolicyRule rule, PolicyTable table, Decision d, long proxyCost,
      long bytes, CacheLayer layer) {
    byDecision[d.ordinal()].increment();
    next.decided(shard, q, rule, table, d, proxyCost, bytes, layer);
  }

  @Override
  public void left(CacheEntry e, String reason, long nowNanos) {
    next.left(e, reason, nowNanos);
  }

  /** Decisions counted so far with this outcome (tests). */
  public double count(Decision d) {
    return byDecision[d.ordinal()].count();
  }
}
