package io.pyrope.engine;

import io.pyrope.bus.vec.IndexStats;
import io.pyrope.bus.vec.RecordView;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.engine.filter.Filter;
import io.pyrope.search.faiss.SearchParams;

/**
 * The read side of an index: what the search path, the cache and the admin API may call. All
 * methods are thread-safe and never block on writers.
 */
public interface VectorIndexRead {

  /** The index configuration. */
  IndexConfig config();

  /** The current epoch: bumped by every write that changed something. */
  long epoch();

  /**
   * Searches for the {@code k} records closest to {@code vector}.
   *
   * @param vector query vector, the index dimension (normalised here for cosine)
   * @param k hits wanted, 1..{@link Limits#MAX_TOPK}
   * @param filterOrNull records must pass it, or null
   * @param params nprobe/efSearch for this search; 0 (or {@link SearchParams#DEFAULTS}) for the index defaults
   * @param withMeta whether hits carry their meta
   * @return hits best first (ties by id), with the epoch seen, proxy cost, time and strategy
   *     ({@code queueNanos} is 0: the caller fills it in)
   */
  SearchReply search(float[] vector, int k, Filter filterOrNull, SearchParams params, boolean withMeta);

  /** The live record {@code id}; {@code VEC_ERR_NOT_FOUND} when there is none. */
  RecordView get(String id);

  /** Shape and state of the index, as ordered name → value pairs. */
  IndexStats stats();
}
