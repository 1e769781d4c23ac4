package io.pyrope.engine.impl;

import io.pyrope.engine.Metric;
import io.pyrope.engine.VectorRecord;
import io.pyrope.engine.filter.Filter;
import java.util.function.Predicate;

/**
 * One search, resolved: the query as the index stores vectors (normalised for cosine), the
 * effective parameters (index defaults filled in), and the liveness test of the index.
 *
 * @param vector the query vector, index dimension, already checked
 * @param k hits wanted
 * @param filter the filter, or null
 * @param nprobe IVF probes to use
 * @param efSearch HNSW candidate list size to use
 * @param metric the index metric (how candidates are ordered)
 * @param isLive true when a record is still the current version of its id
 */
public record SearchQuery(float[] vector, int k, Filter filter, int nprobe, int efSearch, Metric metric,
    Predicate<VectorRecord> isLive) {

  /** Whether {@code r} may be returned: live, and passing the filter if any. */
  boolean accepts(VectorRecord r) {
    return (filter == null || filter.test(r)) && isLive.test(r);
  }
}
