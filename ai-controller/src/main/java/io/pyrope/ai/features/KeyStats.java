package io.pyrope.ai.features;

/**
 * What the controller knows about one cache key of one tenant/index. Mutable; owned and
 * serialized by {@link FeatureStore}. About 250 bytes each with the key string.
 */
final class KeyStats {
  final String tenant;             // shared instance per tenant name
  final String index;              // shared instance per index name
  final String key;                // l0:… or l1:…
  final WindowCounter shortRefs;   // references in the last minute
  final WindowCounter windowRefs;  // references in the last window (--window-ms)
  long refs;                       // references since tracked
  long firstMs = -1;               // first reference, -1 before any (created by a decision record)
  long lastMs = -1;                // latest reference
  long rerefCount;                 // intervals between consecutive references
  long rerefSumMs;                 // their sum
  long rerefLastMs = -1;           // the latest interval, -1 before the second reference
  long costSum;                    // proxy cost over references with a cost
  long costCount;                  // references with a cost (errors log 0)
  long bytes;                      // entry size from the decision log, 0 when not yet sized
  int resultCount;                 // hits returned by the latest reference
  int topK;                        // TOPK of the latest reference
  int dim;                         // vector dimension of the latest reference, 0 unknown
  String filterHash;               // filter shape of the latest reference, null without FILTER
  double norm = Double.NaN;        // query norm of the latest reference
  int level = -1;                  // query_key_level of the latest reference's rule
  long hits;                       // references answered from the cache
  long admitted;                   // decision records: admitted
  long rejected;                   // decision records: rejected_*
  long outcomes;                   // outcome records (entries of this key that left the cache)
  long hitsServed;                 // hits those entries served

  KeyStats(String tenant, String index, String key, long windowMs) {
    this.tenant = tenant;
    this.index = index;
    this.key = key;
    this.shortRefs = new WindowCounter(FeatureStore.SHORT_WINDOW_MS, FeatureStore.SHORT_WINDOW_BUCKETS);
    this.windowRefs = new WindowCounter(windowMs, FeatureStore.WINDOW_BUCKETS);
  }

  void reference(QueryEvent e) {
    shortRefs.add(e.timeMs());
    windowRefs.add(e.timeMs());
    refs++;
    if (lastMs >= 0) {
      long interval = Math.abs(e.timeMs() - lastMs);  // out of order across partitions: still an interval
      rerefCount++;
      rerefSumMs += interval;
      rerefLastMs = interval;
    }
    if (firstMs < 0 || e.timeMs() < firstMs) {
      firstMs = e.timeMs();
    }
    lastMs = Math.max(lastMs, e.timeMs());
    if (e.proxyCost() > 0) {
      costSum += e.proxyCost();
      costCount++;
    }
    resultCount = e.resultCount();
    topK = e.topK();
    dim = e.dim();
    filterHash = e.filterHash();
    norm = e.norm();
    level = e.level();
    if (e.hit()) {
      hits++;
    }
  }

  KeyFeatures features(long nowMs) {
    return new KeyFeatures(tenant, index, key, shortRefs.count(nowMs), windowRefs.count(nowMs), refs, firstMs, lastMs,
        lastMs < 0 ? -1 : Math.max(0, nowMs - lastMs), rerefCount == 0 ? -1 : rerefSumMs / rerefCount, rerefLastMs,
        costCount == 0 ? 0 : costSum / costCount, bytes > 0 ? bytes : FeatureStore.estimateBytes(resultCount, dim),
        bytes == 0, resultCount, topK, filterHash, norm, level, hits, admitted, rejected, outcomes, hitsServed);
  }
}
