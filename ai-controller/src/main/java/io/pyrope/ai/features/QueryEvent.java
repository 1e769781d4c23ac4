package io.pyrope.ai.features;

import java.util.List;

/**
 * One pyrope.query-log/v1 record, reduced to what the features and the trace need. Built by
 * {@link LogRecords#query}; immutable.
 *
 * @param timeMs when the search finished (epoch ms)
 * @param node the node instance that answered
 * @param tenant tenant as the client named it
 * @param index index as the client named it
 * @param key the cache key the entry lives under: {@code keys.l1} when the index keys at level 1, else {@code keys.l0}
 * @param session RESP client id
 * @param simhash the SimHash sketch, or null
 * @param norm Euclidean norm of the query vector, or NaN when not logged
 * @param topK TOPK as asked
 * @param filterHash hash of the canonical filter, or null without FILTER
 * @param level query_key_level of the deciding rule; -1 when none applied
 * @param hit answered from the cache
 * @param decision what the cache did (served, admitted, rejected_*, bypass, disabled)
 * @param status ok, error or cache_miss
 * @param proxyCost distance computations (of the search on a miss, saved on a hit)
 * @param latencyUs total latency in microseconds
 * @param queueUs of which waiting for a search worker
 * @param resultIds ids returned (at most 100 logged)
 * @param resultCount hits returned
 * @param dim dimension of the query vector, 0 when not logged
 */
public record QueryEvent(long timeMs, String node, String tenant, String index, String key, long session,
    String simhash, double norm, int topK, String filterHash, int level, boolean hit, String decision, String status,
    long proxyCost, long latencyUs, long queueUs, List<String> resultIds, int resultCount, int dim) {

  /** Whether this query belongs in a replayable trace and in reuse features: an answered, cacheable search. */
  public boolean replayable() {
    return "ok".equals(status) && !"bypass".equals(decision);
  }
}
