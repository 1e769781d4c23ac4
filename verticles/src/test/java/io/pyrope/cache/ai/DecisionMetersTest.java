package io.pyrope.cache.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pyrope.cache.CacheLayer;
import io.pyrope.cache.CacheQuery;
import io.pyrope.cache.impl.CacheEvents;
import io.pyrope.cache.impl.CacheEntry;
import io.pyrope.cache.impl.IndexShard;
import io.pyrope.cache.policy.Decision;
import io.pyrope.cache.policy.PolicyRule;
import io.pyrope.cache.policy.PolicyTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decisions are counted by outcome, every outcome is exported from the start, and events reach the decision log. */
class DecisionMetersTest {
  @Test
  void countsEachDecisionAndPassesEveryEventOn() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<String> seen = new ArrayList<>();
    CacheEvents log = new CacheEvents() {
      @Override
      public void decided(IndexShard shard, CacheQuery q, PolicyRule rule, PolicyTable table, Decision d,
          long proxyCost, long bytes, CacheLayer layer) {
        seen.add(d.wireName() + "/" + proxyCost);
      }

      @Override
      public void left(CacheEntry e, String reason, long nowNanos) {
        seen.add("left/" + reason);
      }
    };
    DecisionMeters meters = new DecisionMeters(registry, log);
    for (Decision d : Decision.values()) {
      assertEquals(0.0, registry.get(DecisionMeters.METRIC).tag("decision", d.wireName()).counter().count(),
          d + " exported at zero before any decision");
    }
    meters.decided(null, null, null, null, Decision.ADMITTED, 7, 100, CacheLayer.L0);
    meters.decided(null, null, null, null, Decision.ADMITTED, 8, 100, CacheLayer.L0);
    meters.decided(null, null, null, null, Decision.REJECTED_MIN_COST, 1, 0, CacheLayer.NONE);
    meters.left(null, "budget", 0);
    assertEquals(2.0, registry.get(DecisionMeters.METRIC).tag("decision", "admitted").counter().count());
    assertEquals(1.0, meters.count(Decision.REJECTED_MIN_COST));
    assertEquals(0.0, meters.count(Decision.REJECTED_BUDGET));
    assertEquals(List.of("admitted/7", "admitted/8", "rejected_min_cost/1", "left/budget"), seen);
  }

  @Test
  void withoutADecisionLogItStillCounts() {
    DecisionMeters meters = new DecisionMeters(new SimpleMeterRegistry(), null);
    meters.decided(null, null, null, null, Decision.REJECTED_STALE, 0, 0, CacheLayer.NONE);
    meters.left(null, "expired", 0);
    assertEquals(1.0, meters.count(Decision.REJECTED_STALE));
  }
}
