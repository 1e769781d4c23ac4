package io.pyrope.ai.sim;

/**
 * One validated line of a {@code pyrope.trace/v1} file (see
 * {@code bus-schemas/src/main/resources/schemas/trace/pyrope.trace.v1.json}).
 *
 * <p>Id arrays are kept sorted ascending (the simulator scores recall as a set overlap, so the
 * rank order of the answer does not matter) to make the intersection a binary search.
 *
 * @param timeMs when the query arrived, milliseconds; non-decreasing through a trace
 * @param tenant tenant name
 * @param index index name
 * @param write true for {@code op: write}, false for {@code op: search}
 * @param key cache key (search only, else null)
 * @param cost proxy cost of answering without the cache (search only, else 0)
 * @param bytes what the cache entry would occupy (search only, else 0)
 * @param topK TOPK asked, 0 when not given
 * @param resultIds what a miss would store, sorted; null when unknown
 * @param truthIds the exact answer, sorted; null when unknown (then {@code resultIds} is the truth)
 * @param group semantic group, null when unknown
 */
public record TraceRecord(long timeMs, String tenant, String index, boolean write, String key, long cost, long bytes,
    int topK, long[] resultIds, long[] truthIds, Long group) {

  /** The ids that score recall of what serves this query: truth_ids, else result_ids, else null. */
  public long[] truth() {
    return truthIds != null ? truthIds : resultIds;
  }

  /** tenant/index, the unit a write invalidates. */
  public String scope() {
    return tenant + '\u0000' + index;
  }

  /** tenant/index/key, the identity of a cache entry. */
  public String cacheKey() {
    return tenant + '\u0000' + index + '\u0000' + key;
  }
}
