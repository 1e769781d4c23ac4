package io.pyrope.ai.features;

import java.util.Map;
import java.util.TreeMap;

/**
 * Aggregates of one tenant/index or one node: traffic, hit rate, latency, decisions and
 * outcomes. Mutable; owned and serialized by {@link FeatureStore}.
 */
final class ScopeStats {
  final WindowCounter shortQueries;  // answered searches in the last minute
  final WindowCounter windowQueries; // answered searches in the last window
  final WindowCounter windowHits;    // of which hits
  final LatencySample latency = new LatencySample();  // total latency of recent searches
  long queries;                      // searches since tracked (errors and bypass included)
  long errors;                       // status error
  long bypass;                       // CACHE_HINT bypass
  long costSum;                      // proxy cost of answered searches
  long costCount;                    // answered searches with a cost
  long queueUsSum;                   // worker-queue wait, summed
  int level = -1;                    // query_key_level of the latest search a rule decided, -1 none
  long lastMs = -1;                  // latest record
  final Map<String, Long> decisions = new TreeMap<>();  // decision-log verdicts (admitted, rejected_*) → count
  final Map<String, Long> outcomes = new TreeMap<>();   // outcome reasons (budget, expired, …) → count
  long hitsServed;                   // hits served by entries that left the cache
  long savedProxyCost;               // their saved proxy cost

  ScopeStats(long windowMs) {
    shortQueries = new WindowCounter(FeatureStore.SHORT_WINDOW_MS, FeatureStore.SHORT_WINDOW_BUCKETS);
    windowQueries = new WindowCounter(windowMs, FeatureStore.WINDOW_BUCKETS);
    windowHits = new WindowCounter(windowMs, FeatureStore.WINDOW_BUCKETS);
  }

  void query(QueryEvent e) {
    queries++;
    lastMs = Math.max(lastMs, e.timeMs());
    if ("error".equals(e.status())) {
      errors++;
      return;
    }
    if ("bypass".equals(e.decision())) {
      bypass++;
    }
    shortQueries.add(e.timeMs());
    windowQueries.add(e.timeMs());
    if (e.hit()) {
      windowHits.add(e.timeMs());
    }
    latency.add(e.latencyUs());
    queueUsSum += e.queueUs();
    if (e.proxyCost() > 0) {
      costSum += e.proxyCost();
      costCount++;
    }
    if (e.level() >= 0) {
      level = e.level();
    }
  }

  void decision(DecisionEvent e) {
    lastMs = Math.max(lastMs, e.timeMs());
    (e.outcome() ? outcomes : decisions).merge(e.verdict(), 1L, Long::sum);
    if (e.outcome()) {
      hitsServed += e.hitsServed();
      savedProxyCost += e.savedProxyCost();
    }
  }

  ScopeFeatures features(String scope, String tenant, String index, String node, long nowMs, long windowMs,
      int trackedKeys) {
    long inWindow = windowQueries.count(nowMs);
    long hitsInWindow = windowHits.count(nowMs);
    long answered = queries - errors;
    return new ScopeFeatures(scope, tenant, index, node, shortQueries.count(nowMs), inWindow,
        shortQueries.count(nowMs) * 1000.0 / FeatureStore.SHORT_WINDOW_MS, inWindow * 1000.0 / windowMs,
        inWindow == 0 ? 0 : 1.0 - (double) hitsInWindow / inWindow, latency.quantile(0.99),
        costCount == 0 ? 0 : costSum / costCount, answered <= 0 ? 0 : queueUsSum / answered, queries, errors, bypass,
        level, Map.copyOf(decisions), Map.copyOf(outcomes), hitsServed, savedProxyCost, trackedKeys, lastMs);
  }
}
