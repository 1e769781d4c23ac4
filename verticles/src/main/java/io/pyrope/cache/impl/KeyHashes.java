package io.pyrope.cache.impl;

import io.pyrope.cache.CacheLayer;

/**
 * Stable, printable names of cache keys for the query and decision logs: {@code l0:<hex>} and
 * {@code l1:<hex>}, the keys' own 32-bit hashes, so that a query-log record, the admission
 * decision it caused and the entry's outcome can be joined. Computed on the telemetry drain
 * thread from immutable inputs, never on the hot path.
 */
public final class KeyHashes {
  private KeyHashes() {}

  /** The exact (L0) key's name. */
  public static String l0(byte[] vectorBytes, boolean fromValues, String canonicalFilter, int topK, boolean withMeta,
      int nprobe, int ef) {
    return "l0:" + Integer.toHexString(new L0Key(vectorBytes, fromValues, canonicalFilter, topK, withMeta, nprobe, ef)
        .hashCode());
  }

  /** The tolerant (L1) key's name, or null when the query has no L1 key (topK above the buckets, bad vector). */
  public static String l1(IndexShard shard, float[] vector, String canonicalFilter, int topK, boolean withMeta,
      int nprobe, int ef) {
    int rk = L1Key.roundTopK(topK);
    if (rk < 0 || !shard.hasher.accepts(vector)) {
      return null;
    }
    return l1(shard.hasher.hash(vector), canonicalFilter, topK, withMeta, nprobe, ef);
  }

  /**
   * The tolerant (L1) key's name from the query's SimHash (computed once by the caller, who also
   * checked {@link #hashable}), or null when topK is above the buckets.
   */
  public static String l1(long simHash, String canonicalFilter, int topK, boolean withMeta, int nprobe, int ef) {
    int rk = L1Key.roundTopK(topK);
    return rk < 0 ? null
        : "l1:" + Integer.toHexString(new L1Key(simHash, rk, canonicalFilter, withMeta, nprobe, ef).hashCode());
  }

  /** Whether the shard's planes can hash {@code vector} (its dimension, every value finite). */
  public static boolean hashable(IndexShard shard, float[] vector) {
    return shard.hasher.accepts(vector);
  }

  /** The query's SimHash under the shard's planes, or 0 when the vector is not hashable. */
  public static long simHash(IndexShard shard, float[] vector) {
    return shard.hasher.accepts(vector) ? shard.hasher.hash(vector) : 0;
  }

  /** The name of the key an entry is stored under. */
  public static String of(CacheEntry e) {
    return (e.layer == CacheLayer.L0 ? "l0:" : "l1:") + Integer.toHexString(e.key.hashCode());
  }
}
