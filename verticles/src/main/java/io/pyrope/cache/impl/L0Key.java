package io.pyrope.cache.impl;

import java.util.Arrays;
import java.util.Objects;

/**
 * The exact key of one index's shard: the vector bytes as sent, the canonical filter, topK,
 * WITHMETA and the search parameters. Tenant, index and metric are the shard's. The hash is
 * computed once; equality compares everything, so a hash collision can never serve another
 * query's result.
 */
public final class L0Key {
  private static final long SEED = 0x5EED_0L;

  final byte[] vector;     // not copied: the request's argument, never modified
  final boolean fromValues; // VALUES floats vs the raw argument
  final String filter;     // canonical, or null
  final int topK;
  final boolean withMeta;
  final int nprobe;
  final int ef;
  private final int hash;
  private final long fingerprint; // the full 64-bit hash, for the doorkeeper

  public L0Key(byte[] vector, boolean fromValues, String filter, int topK, boolean withMeta, int nprobe, int ef) {
    this.vector = vector;
    this.fromValues = fromValues;
    this.filter = filter;
    this.topK = topK;
    this.withMeta = withMeta;
    this.nprobe = nprobe;
    this.ef = ef;
    long h = Hashing.hash(vector, SEED);
    h = h * 31 + (filter == null ? 0 : filter.hashCode());
    h = h * 31 + topK;
    h = h * 31 + (withMeta ? 1 : 0) + (fromValues ? 2 : 0);
    h = h * 31 + nprobe;
    h = h * 31 + ef;
    this.fingerprint = Hashing.mix(h);
    this.hash = (int) (fingerprint ^ (fingerprint >>> 32));
  }

  /** Bytes this key holds beyond its fixed overhead. */
  long payloadBytes() {
    return vector.length + (filter == null ? 0 : filter.length());
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
    return o instanceof L0Key k && k.hash == hash && k.topK == topK && k.withMeta == withMeta
        && k.fromValues == fromValues && k.nprobe == nprobe && k.ef == ef && Objects.equals(k.filter, filter)
        && Arrays.equals(k.vector, vector);
  }
}
