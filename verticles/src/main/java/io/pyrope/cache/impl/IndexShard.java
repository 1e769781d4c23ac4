package io.pyrope.cache.impl;

import io.pyrope.engine.VectorIndex;
import io.pyrope.engine.WriteListener;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cache of one index: its exact (L0) and tolerant (L1) entries, its SimHash planes and its
 * meters.
 *
 * <p><b>Threading.</b> The maps are concurrent: every event loop reads and stores, the index's
 * writer invalidates (precise mode), the evictor removes. A shard is bound to one
 * {@link VectorIndex} object: if the index is dropped (and perhaps re-created under the same
 * name) the shard is {@linkplain #closed closed} and replaced, so an entry can never outlive
 * the index it was computed on.
 */
public final class IndexShard {
  final String tenant;                 // an existing tenant
  final String index;                  // an existing index
  final VectorIndex vectorIndex;       // the very index object the entries were computed on
  final TenantUsage usage;             // the tenant's byte counter
  final IndexMeters meters;            // this index's meters
  final SimHasher hasher;              // L1 planes for the index's dimension
  final boolean lossy;                 // PQ/SQ codes: stored scores are estimates (precise mode is conservative)
  final ConcurrentHashMap<L0Key, CacheEntry> l0 = new ConcurrentHashMap<>();
  final ConcurrentHashMap<L1Key, CacheEntry> l1 = new ConcurrentHashMap<>();
  final MissFlights flights = new MissFlights(); // identical misses searching now
  WriteListener listener;              // set once at creation, removed at close
  private volatile Doorkeeper doorkeeper; // seen_before's memory of misses; created by the first such decision
  volatile boolean closed;             // the index went away; nothing more is stored

  IndexShard(String tenant, String index, VectorIndex vectorIndex, TenantUsage usage, IndexMeters meters,
      SimHasher hasher) {
    this.tenant = tenant;
    this.index = index;
    this.vectorIndex = vectorIndex;
    this.usage = usage;
    this.meters = meters;
    this.hasher = hasher;
    String factory = vectorIndex.config().factory().toUpperCase(java.util.Locale.ROOT);
    this.lossy = factory.contains("PQ") || factory.contains("SQ") || factory.contains("LSH");
  }

  public IndexMeters meters() {
    return meters;
  }

  public VectorIndex vectorIndex() {
    return vectorIndex;
  }

  /** Bytes the shard's tenant holds in the cache now. */
  public long usage() {
    return usage.used.get();
  }

  public String tenant() {
    return tenant;
  }

  public String index() {
    return index;
  }

  /** The misses of this index searching now, which identical misses join. */
  public MissFlights flights() {
    return flights;
  }

  /**
   * The index's doorkeeper (admission {@code seen_before}), created on first use: indexes that
   * never use the rule never pay its 128 KiB.
   */
  Doorkeeper doorkeeper() {
    Doorkeeper d = doorkeeper;
    if (d == null) {
      synchronized (this) { // once per shard; later calls read the volatile field only
        d = doorkeeper;
        if (d == null) {
          d = new Doorkeeper();
          doorkeeper = d;
        }
      }
    }
    return d;
  }

  /** Entries held in both layers. */
  public int size() {
    return l0.size() + l1.size();
  }
}
