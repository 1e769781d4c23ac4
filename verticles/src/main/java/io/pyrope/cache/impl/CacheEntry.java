package io.pyrope.cache.impl;

import io.pyrope.bus.vec.SearchReply;
import io.pyrope.cache.CacheLayer;
import io.pyrope.engine.filter.Filter;
import io.pyrope.resp.protocol.RespValue;
import java.util.Arrays;
import java.util.List;

/**
 * One cached search result.
 *
 * <p><b>Threading.</b> Immutable except three fields. {@link #validEpoch} is written only by the
 * index's writer thread under the index write lock (precise invalidation moves it forward by one
 * epoch at a time) and read by every hit; the entry is served only while it equals the index's
 * current epoch, so a reader that races a write sees either the old epoch on both sides (the
 * write is not acknowledged yet) or a mismatch (a miss). {@link #lastAccessNanos} and
 * {@link #served} are statistics for eviction, updated by hits without synchronisation: a lost
 * increment only makes the score slightly pessimistic.
 */
public final class CacheEntry {
  final CacheLayer layer;           // L0 or L1: which map of the shard holds it
  final Object key;                 // its L0Key or L1Key
  final IndexShard shard;           // the index it belongs to
  final List<SearchReply.Hit> hits; // best first, as the engine returned them (storedK at most)
  final RespValue[] rendered;       // the hits as RESP values encoded in advance (both protocols), same order
  final RespValue full;             // the whole reply, served as is when the asked k is storedK
  final float[] query;              // the query as the engine ranks it (unit length for cosine); precise mode
  final Filter filter;              // the query's filter, or null; precise mode tests new records with it
  final int storedK;                // the k the search ran with
  final long proxyCost;             // distance computations the search cost: what a hit saves
  final double priority;            // the admitting rule's priority
  final long bytes;                 // what it holds, as accounted against the budgets
  final long createdNanos;          // when it was stored
  final long expiresNanos;          // when it stops being served; Long.MAX_VALUE without a TTL
  volatile long validEpoch;         // the index epoch its result is correct for
  volatile long lastAccessNanos;    // last hit or store
  volatile int served;              // times served (approximate)

  CacheEntry(CacheLayer layer, Object key, IndexShard shard, List<SearchReply.Hit> hits, RespValue[] rendered,
      float[] query, Filter filter, int storedK, long proxyCost, double priority, long bytes, long now, long ttlNanos,
      long epoch) {
    this.layer = layer;
    this.key = key;
    this.shard = shard;
    this.hits = hits;
    this.rendered = rendered;
    this.full = RespValue.array(Arrays.asList(rendered));
    this.query = query;
    this.filter = filter;
    this.storedK = storedK;
    this.proxyCost = proxyCost;
    this.priority = priority;
    this.bytes = bytes;
    this.createdNanos = now;
    this.expiresNanos = ttlNanos > 0 ? now + ttlNanos : Long.MAX_VALUE;
    this.validEpoch = epoch;
    this.lastAccessNanos = now;
  }

  /** The reply for a request that asked for {@code k} hits (k ≤ storedK). */
  public RespValue reply(int k) {
    if (k >= rendered.length) {
      return full;
    }
    return RespValue.array(Arrays.asList(rendered).subList(0, k));
  }

  public CacheLayer layer() {
    return layer;
  }

  public long epoch() {
    return validEpoch;
  }

  public long bytes() {
    return bytes;
  }

  public int hitCount() {
    return served;
  }

  public long proxyCost() {
    return proxyCost;
  }

  public long createdNanos() {
    return createdNanos;
  }

  public long expiresNanos() {
    return expiresNanos;
  }

  public IndexShard shard() {
    return shard;
  }

  /** Its hits, best first (immutable). */
  public List<SearchReply.Hit> hitList() {
    return hits;
  }

  /** The ids of its hits, best first (tests and admin). */
  public List<String> ids() {
    return hits.stream().map(SearchReply.Hit::id).toList();
  }

  /** Served once more at {@code now}. */
  void touch(long now) {
    lastAccessNanos = now;
    served++;
  }
}
