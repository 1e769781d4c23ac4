package io.pyrope.ai.sim;

import io.vertx.core.json.JsonObject;

/**
 * The metrics of one replay (one policy at one cache size), counted over the searches after the
 * warm-up. Mutable while {@link Simulator} fills it, then read only.
 */
public final class RunResult {
  final String policy;
  final long cacheBytes;
  long searches;
  long hits;
  long bytesRequested;
  long bytesHit;
  long totalCost;
  long savedCost;
  /** Sum of per-query recall over {@link #recallQueries}. */
  double recallSum;
  long recallQueries;
  long wrongHits;
  long groupKnownHits;
  long evictions;
  long expirations;

  RunResult(String policy, long cacheBytes) {
    this.policy = policy;
    this.cacheBytes = cacheBytes;
  }

  public String policy() {
    return policy;
  }

  public long cacheBytes() {
    return cacheBytes;
  }

  public long hits() {
    return hits;
  }

  public long misses() {
    return searches - hits;
  }

  public long searches() {
    return searches;
  }

  public long savedCost() {
    return savedCost;
  }

  public long evictions() {
    return evictions;
  }

  public long expirations() {
    return expirations;
  }

  public double hitRatio() {
    return searches == 0 ? 0 : (double) hits / searches;
  }

  public double byteHitRatio() {
    return bytesRequested == 0 ? 0 : (double) bytesHit / bytesRequested;
  }

  public double savedCostShare() {
    return totalCost == 0 ? 0 : (double) savedCost / totalCost;
  }

  /** Mean recall of served answers over the searches with known truth; null when none had any. */
  public Double recall() {
    return recallQueries == 0 ? null : recallSum / recallQueries;
  }

  /** Wrong hits among hits where both groups were known; null when there was no such hit. */
  public Double wrongHitShare() {
    return groupKnownHits == 0 ? null : (double) wrongHits / groupKnownHits;
  }

  /** This run as one element of the report's "results" array (fields in docs/simulator.md). */
  public JsonObject toJson(Double gapClosed) {
    return new JsonObject().put("policy", policy).put("cache_bytes", cacheBytes).put("searches", searches)
        .put("hits", hits).put("misses", misses()).put("hit_ratio", hitRatio()).put("bytes_requested", bytesRequested)
        .put("bytes_hit", bytesHit).put("byte_hit_ratio", byteHitRatio()).put("total_cost", totalCost)
        .put("saved_cost", savedCost).put("saved_cost_share", savedCostShare()).put("recall", recall())
        .put("recall_queries", recallQueries).put("wrong_hits", wrongHits).put("group_known_hits", groupKnownHits)
        .put("wrong_hit_share", wrongHitShare()).put("evictions", evictions).put("expirations", expirations)
        .put("gap_closed", gapClosed);
  }
}
