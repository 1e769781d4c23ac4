package io.pyrope.bus.vec;

import java.util.List;

/**
 * Hits best first, with what the search cost.
 *
 * @param hits the hits
 * @param epoch index epoch the search saw
 * @param proxyCost a stable estimate of the work done (distance computations), for the cache's cost model
 * @param searchNanos time spent in FAISS and merging, on the worker thread
 * @param queueNanos time the request waited for a worker
 * @param strategy how the filter was applied: "none", "prefilter", "postfilter" or "bruteforce"
 */
public record SearchReply(List<Hit> hits, long epoch, long proxyCost, long searchNanos, long queueNanos,
    String strategy) {
  /**
   * One hit.
   *
   * @param id record id
   * @param score distance for l2 (smaller is closer), similarity for ip and cosine (larger is closer)
   * @param metaJson meta JSON text when asked for, else null
   */
  public record Hit(String id, float score, String metaJson) {}
}
