package io.pyrope.ai.features;

import java.util.Map;

/**
 * The aggregate features of one tenant/index ({@code scope} "index") or one node ("node") at one
 * instant: a row of the feature table.
 *
 * @param scope "index" or "node"
 * @param tenant tenant (index scope), else null
 * @param index index (index scope), else null
 * @param node node id (node scope), else null
 * @param queries1m answered searches in the last minute
 * @param queriesWindow answered searches in the last window
 * @param qps1m queries per second over the last minute
 * @param qpsWindow queries per second over the window
 * @param missRate share of the window's answered searches that missed the cache
 * @param p99LatencyUs p99 of total latency over the scope's last 1024 searches
 * @param meanProxyCost mean proxy cost of answered searches
 * @param meanQueueUs mean worker-queue wait of answered searches
 * @param queries searches since tracked, errors and bypass included
 * @param errors searches that failed
 * @param bypass searches with CACHE_HINT bypass
 * @param level query_key_level of the latest decided search, -1 none
 * @param decisions decision-log verdicts → count
 * @param outcomes outcome reasons → count
 * @param hitsServed hits served by entries that left the cache
 * @param savedProxyCost proxy cost those hits saved
 * @param keys tracked keys of this index (0 for a node)
 * @param lastMs latest record
 */
public record ScopeFeatures(String scope, String tenant, String index, String node, long queries1m,
    long queriesWindow, double qps1m, double qpsWindow, double missRate, long p99LatencyUs, long meanProxyCost,
    long meanQueueUs, long queries, long errors, long bypass, int level, Map<String, Long> decisions,
    Map<String, Long> outcomes, long hitsServed, long savedProxyCost, int keys, long lastMs) {}
