package io.pyrope.cache.impl;

import io.pyrope.bus.vec.SearchReply;
import io.pyrope.engine.Metric;
import io.pyrope.engine.VectorRecord;
import java.util.List;
import java.util.Set;

/**
 * Whether a write could change a cached result (precise mode). A write changes the top k of a
 * query only if
 * <ul>
 *   <li>it deleted or replaced a record among the hits (the hit would vanish or move), or
 *   <li>it stored a record that passes the query's filter and is at least as close to the query
 *       as the k-th hit (it would enter the top k), or the result had fewer than k hits (any
 *       passing record enters).
 * </ul>
 * Anything else cannot change an exact top k. Ties count as changes. For lossy codes (PQ, SQ)
 * the cached scores are estimates, so every stored record counts as a change and only the
 * delete rule is precise.
 *
 * <p><b>Cost per write</b>, on the writer thread under the index's write lock: for each entry of
 * the index, {@code |removed| × k} id comparisons (a hash set when the write removed many) plus
 * {@code |added|} filter tests and distance computations of {@code dim} multiply-adds. Pure
 * functions; no allocation beyond the id set.
 */
final class PreciseInvalidation {
  /** Removed ids beyond which a hash set beats scanning the list. */
  static final int SET_THRESHOLD = 8;

  private PreciseInvalidation() {}

  static boolean affects(CacheEntry e, Metric metric, boolean lossy, List<VectorRecord> added, List<VectorRecord> removed,
      Set<String> removedIds) {
    for (SearchReply.Hit h : e.hits) {
      if (removedIds != null) {
        if (removedIds.contains(h.id())) {
          return true;
        }
      } else {
        for (VectorRecord r : removed) {
          if (r.id().equals(h.id())) {
            return true;
          }
        }
      }
    }
    if (added.isEmpty()) {
      return false;
    }
    boolean full = e.hits.size() >= e.storedK;
    float kth = full ? e.hits.get(e.hits.size() - 1).score() : 0;
    for (VectorRecord r : added) {
      if (e.filter != null && !e.filter.test(r)) {
        continue;
      }
      if (!full || lossy) {
        return true;
      }
      float s = score(metric, e.query, r.sharedVector());
      if (metric.higherIsCloser() ? s >= kth : s <= kth) {
        return true;
      }
    }
    return false;
  }

  /** The engine's score: squared L2 distance, or inner product (cosine vectors are unit length). */
  static float score(Metric metric, float[] q, float[] v) {
    float acc = 0;
    if (metric == Metric.L2) {
      for (int i = 0; i < q.length; i++) {
        float d = q[i] - v[i];
        acc += d * d;
      }
    } else {
      for (int i = 0; i < q.length; i++) {
        acc += q[i] * v[i];
      }
    }
    return acc;
  }
}
