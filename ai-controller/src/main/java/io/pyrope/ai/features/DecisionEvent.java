package io.pyrope.ai.features;

/**
 * One pyrope.decision-log/v1 record: an admission decision or the outcome of an entry that left
 * the cache. Built by {@link LogRecords#decision}; immutable.
 *
 * @param timeMs when it happened (epoch ms)
 * @param node the node instance
 * @param tenant tenant
 * @param index index
 * @param key the cache key (l0:… or l1:…), or null when the rule refused before keying
 * @param outcome true for kind outcome, false for kind decision
 * @param verdict decision: admitted, rejected_*; outcome: the reason it left (budget, expired, …)
 * @param bytes entry size as the node's budgets count it; 0 when not sized
 * @param hitsServed outcome only: times the entry was served
 * @param savedProxyCost outcome only: hits × proxy cost
 */
public record DecisionEvent(long timeMs, String node, String tenant, String index, String key, boolean outcome,
    String verdict, long bytes, long hitsServed, long savedProxyCost) {}
