package io.pyrope.cache.impl;

import java.util.Objects;

/**
 * The tolerant key of one index's shard: the SimHash of the vector, topK rounded up to a
 * {@linkplain #roundTopK bucket}, the canonical filter, WITHMETA and the search parameters.
 * Different vectors share a key by design; that is the approximation L1 trades for hits.
 */
public final class L1Key {
  /** The topK buckets: a search for k is stored and served as the next bucket up, cut to k. */
  public static final int[] TOPK_BUCKETS = {5, 10, 20, 50, 100};

  final long simHash;
  final int roundedK;
  final String filter;     // canonical, or null
  final boolean withMeta;
  final int nprobe;
  final int ef;
  private final int hash;
  private final long fingerprint; // the full 64-bit hash, for the doorkeeper

  public L1Key(long simHash, int roundedK, String filter, boolean withMeta, int nprobe, int ef) {
    this.simHash = simHash;
    this.roundedK = roundedK;
    this.filter = filter;
    this.withMeta = withMeta;
    this.nprobe = nprobe;
    this.ef = ef;
    long h = simHash * 31 + roundedK;
    h = h * 31 + (filter == null ? 0 : filter.hashCode());
    h = h * 31 + (withMeta ? 1 : 0);
    h = h * 31 + nprobe;
    h = h * 31 + ef;
    long m = Hashing.mix(h);
    this.fingerprint = m;
    this.hash = (int) (m ^ (m >>> 32));
  }

  /** The bucket for {@code k}, or -1 when k is above the largest bucket (L1 does not apply). */
  public static int roundTopK(int k) {
    for (int b : TOPK_BUCKETS) {
      if (k <= b) {
        return b;
      }
    }
    return -1;
  }

  long payloadBytes() {
    return filter == null ? 0 : filter.length();
  }

  /** The key's 64-bit hash ({@link Doorkeeper} fingerprints); equal keys have equal fingerprints. */
  long fingerprint() {
    return fingerprint;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof L1Key k && k.simHash == simHash && k.roundedK == roundedK && k.withMeta == withMeta
        && k.nprobe == nprobe && k.ef == ef && Objects.equals(k.filter, filter);
  }
}
