package io.pyrope.cache.impl;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.cache.CacheLayer;
import io.pyrope.cache.CacheQuery;
import io.pyrope.cache.policy.Admission;
import io.pyrope.cache.policy.Consistency;
import io.pyrope.cache.policy.Decision;
import io.pyrope.cache.policy.PolicyRule;
import io.pyrope.cache.policy.PolicyTable;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.engine.Metric;
import io.pyrope.engine.VectorIndex;
import io.pyrope.engine.VectorRecord;
import io.pyrope.resp.protocol.RespValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The node's search-result cache: one shared object that every RESP event loop consults
 * directly, so that a hit is answered on the connection's own thread without an event-bus or
 * worker hop.
 *
 * <p><b>Threading model.</b> Everything is thread-safe and nothing blocks:
 * <ul>
 *   <li>lookups and admissions run on any event loop, concurrently; shards are concurrent maps,
 *       byte budgets are CAS counters ({@link Budgets});
 *   <li>the policy is an immutable {@link PolicyTable} in an {@link AtomicReference}: a request
 *       reads it once; {@link #swapPolicy} replaces it whole;
 *   <li>precise invalidation runs on an index's writer thread, inside its write lock
 *       ({@link io.pyrope.engine.WriteListener}), one write at a time per index;
 *   <li>{@link #maintain} (TTL sweep, stale sweep, eviction) runs on the cache verticle's worker,
 *       one pass at a time.
 * </ul>
 *
 * <p><b>Invariants.</b>
 * <ol>
 *   <li>An entry is served only if its {@code validEpoch} equals its index's current epoch, read
 *       on every hit. Writes bump the epoch before they are acknowledged, so no write
 *       acknowledged before a search started can be missing from what that search is served.
 *       Precise mode moves unaffected entries to the new epoch inside the write, before the
 *       acknowledgement; everything else becomes stale and is never served again.
 *   <li>An entry belongs to the very {@link VectorIndex} object it was computed on; a dropped or
 *       re-created index gets a fresh shard.
 *   <li>Budgets: an entry's bytes are reserved before it becomes visible and released after it
 *       left its map, by {@link #remove} only, so stored ≤ counted ≤ limit (see {@link Budgets}).
 *   <li>An entry is never served past its TTL.
 * </ol>
 *
 * <p><b>Rejected alternatives.</b> A cache verticle answering over the event bus: a hop costs
 * more than the hit itself. Locks around the maps: the event loops would contend on every hit.
 * Evicting synchronously on admission: a full sort on the event loop; admissions instead fail
 * cleanly at the limit and the verticle evicts in the background, to a low watermark or until
 * the refused admission fits (see {@link Budgets}). A
 * per-entry timer for TTLs: millions of timers; a hit checks the deadline, a sweep collects.
 */
public final class ResultCache {
  /** Usage (fraction of a budget) above which the verticle is asked to evict. */
  public static final double HIGH_WATERMARK = 0.95;
  /** Usage eviction brings a budget back down to. */
  public static final double LOW_WATERMARK = 0.85;
  /**
   * A refused admission makes room for itself only if it needs at most this fraction of the
   * budget that refused it: making room for a bigger one would evict most of the cache for a
   * single result, so such an entry is simply not cached.
   */
  public static final double MAX_MAKE_ROOM_FRACTION = 0.5;

  private final IndexRegistry registry;         // the node's indexes: existence and epochs
  private final MeterRegistry meters;           // cache meters
  private final LongSupplier clock;             // nanoseconds; the node passes CoarseClock (TTLs and recency may be a millisecond late); injectable for TTL tests
  private final int simhashBits;                // L1 width
  private final long simhashSeed;               // L1 planes
  private final PolicyRule defaults;            // the configured catch-all, for rules that omit fields
  private final AtomicReference<PolicyTable> policy;
  private final Budgets budgets;
  private final Map<String, Map<String, IndexShard>> shards = new ConcurrentHashMap<>(); // tenant -> index -> shard
  private final Map<String, TenantUsage> tenants = new ConcurrentHashMap<>();
  private volatile Runnable pressure = () -> { };  // asks the verticle for an eviction pass
  private volatile CacheEvents events = CacheEvents.NONE; // the decision log, or nobody

  public ResultCache(IndexRegistry registry, MeterRegistry meters, LongSupplier clock, long nodeMaxBytes,
      int simhashBits, long simhashSeed, PolicyTable initial, PolicyRule defaults) {
    this.registry = registry;
    this.meters = meters;
    this.clock = clock;
    this.simhashBits = simhashBits;
    this.simhashSeed = simhashSeed;
    this.defaults = defaults;
    this.policy = new AtomicReference<>(initial);
    this.budgets = new Budgets(nodeMaxBytes);
    Gauge.builder("vector_db_cache_memory_bytes", budgets.nodeUsed, java.util.concurrent.atomic.AtomicLong::get)
        .description("Bytes the result cache holds, all tenants").tag("tenant", "_all").register(meters);
  }

  // ------------------------------------------------------------------ policy

  public PolicyTable policy() {
    return policy.get();
  }

  public PolicyRule defaults() {
    return defaults;
  }

  /** Replaces the policy table atomically; the next request uses the new one. */
  public void swapPolicy(PolicyTable next) {
    policy.set(next);
    pressure.run(); // a lowered budget is restored by the next eviction
  }

  /** The verticle's hook, run (from any thread) when a budget is near or at its limit. */
  public void onPressure(Runnable r) {
    this.pressure = r;
  }

  /** Who hears about admission decisions and entries leaving (the node's telemetry). */
  public void onEvents(CacheEvents e) {
    this.events = e == null ? CacheEvents.NONE : e;
  }

  public long now() {
    return clock.getAsLong();
  }

  // ------------------------------------------------------------------ shards

  /**
   * The shard of an existing index, created on first use; null when the index does not exist.
   * A shard bound to a dropped index is closed and replaced.
   */
  public IndexShard shard(String tenant, String index) {
    VectorIndex ix = registry.find(tenant, index).orElse(null);
    Map<String, IndexShard> byIndex = shards.get(tenant);
    IndexShard s = byIndex == null ? null : byIndex.get(index);
    if (ix == null) {
      if (s != null) {
        dropShard(s);
      }
      return null;
    }
    if (s != null && s.vectorIndex == ix) {
      return s;
    }
    return createShard(tenant, index, ix);
  }

  private IndexShard createShard(String tenant, String index, VectorIndex ix) {
    Map<String, IndexShard> byIndex = shards.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
    IndexShard[] replaced = new IndexShard[1];
    IndexShard s = byIndex.compute(index, (k, cur) -> {
      if (cur != null && cur.vectorIndex == ix) {
        return cur;
      }
      replaced[0] = cur;
      IndexShard fresh = new IndexShard(tenant, index, ix, usage(tenant), new IndexMeters(meters, tenant, index),
          new SimHasher(simhashBits, ix.config().dim(), simhashSeed));
      fresh.listener = (written, epoch, added, removed) -> onWrite(fresh, epoch, added, removed);
      ix.addWriteListener(fresh.listener);
      return fresh;
    });
    if (replaced[0] != null) {
      closeShard(replaced[0]);
    }
    return s;
  }

  private TenantUsage usage(String tenant) {
    return tenants.computeIfAbsent(tenant, t -> {
      TenantUsage u = new TenantUsage(t);
      Gauge.builder("vector_db_cache_memory_bytes", u.used, java.util.concurrent.atomic.AtomicLong::get)
          .description("Bytes the result cache holds for the tenant").tag("tenant", t).register(meters);
      return u;
    });
  }

  private void dropShard(IndexShard s) {
    Map<String, IndexShard> byIndex = shards.get(s.tenant);
    if (byIndex != null && byIndex.remove(s.index, s)) {
      closeShard(s);
    }
  }

  private void closeShard(IndexShard s) {
    s.closed = true;
    s.vectorIndex.removeWriteListener(s.listener);
    clear(s, "dropped");
    s.meters.close();
  }

  // ------------------------------------------------------------------ hot path

  /**
   * A fresh entry for the query, L0 first, then L1 if the rule's level allows; null on a miss.
   * Stale or expired entries met on the way are removed.
   */
  public CacheEntry lookup(IndexShard shard, PolicyRule rule, CacheQuery q) {
    long now = clock.getAsLong();
    long epoch = shard.vectorIndex.epoch();
    L0Key k0 = new L0Key(q.vectorBytes, q.fromValues, q.filter, q.topK, q.withMeta, q.nprobe, q.ef);
    CacheEntry e = shard.l0.get(k0);
    if (e != null) {
      if (fresh(e, epoch, now)) {
        e.touch(now);
        shard.meters.hitsL0.increment();
        return e;
      }
      remove(e, e.validEpoch != epoch ? "stale" : "expired");
    }
    if (rule.level() < 1) {
      return null;
    }
    L1Key k1 = l1Key(shard, q);
    if (k1 == null) {
      return null;
    }
    e = shard.l1.get(k1);
    if (e != null) {
      if (fresh(e, epoch, now)) {
        e.touch(now);
        shard.meters.hitsL1.increment();
        return e;
      }
      remove(e, e.validEpoch != epoch ? "stale" : "expired");
    }
    return null;
  }

  /** The k a miss should search with: the L1 bucket when the rule uses L1, else k itself. */
  public static int searchK(PolicyRule rule, int k) {
    if (rule.level() >= 1) {
      int r = L1Key.roundTopK(k);
      return r > 0 ? r : k;
    }
    return k;
  }

  /**
   * Offers a search result to the cache; returns what the policy and the budgets decided.
   *
   * @param reply the engine's reply for {@code searchK(rule, q.topK)} hits
   * @param rendered its hits as RESP values, same order
   */
  public Decision offer(IndexShard shard, PolicyRule rule, CacheQuery q, SearchReply reply, RespValue[] rendered) {
    Decision d = rule.admit(reply.proxyCost());
    if (d != Decision.ADMITTED) {
      return told(shard, q, rule, d, reply, 0, CacheLayer.NONE);
    }
    if (reply.epoch() != shard.vectorIndex.epoch() || shard.closed) {
      return told(shard, q, rule, Decision.REJECTED_STALE, reply, 0, CacheLayer.NONE);
    }
    int searchK = searchK(rule, q.topK);
    Object key;
    CacheLayer layer;
    long keyBytes;
    long fingerprint;
    if (rule.level() >= 1 && L1Key.roundTopK(q.topK) > 0) {
      L1Key k1 = l1Key(shard, q);
      if (k1 == null) {
        return told(shard, q, rule, Decision.REJECTED_NEVER, reply, 0, CacheLayer.NONE); // unreachable for a query the engine answered (right dim, finite)
      }
      key = k1;
      layer = CacheLayer.L1;
      keyBytes = k1.payloadBytes();
      fingerprint = k1.fingerprint();
    } else {
      L0Key k0 = new L0Key(q.vectorBytes, q.fromValues, q.filter, q.topK, q.withMeta, q.nprobe, q.ef);
      key = k0;
      layer = CacheLayer.L0;
      keyBytes = k0.payloadBytes();
      fingerprint = k0.fingerprint();
    }
    if (rule.admission() == Admission.SEEN_BEFORE && !shard.doorkeeper().sighted(fingerprint)) {
      shard.meters.rejectedFirstSeen.increment();
      return told(shard, q, rule, Decision.REJECTED_FIRST_SEEN, reply, 0, layer);
    }
    float[] query = engineQuery(shard.vectorIndex.config().metric(), q.vector());
    RespValue.Preencoded[] encoded = new RespValue.Preencoded[rendered.length];
    long encodedBytes = 0;
    for (int i = 0; i < rendered.length; i++) {
      encoded[i] = RespValue.preencoded(rendered[i]); // a hit is then a copy of bytes, not a formatting job
      encodedBytes += encoded[i].encodedBytes();
    }
    long bytes = EntrySizer.bytes(keyBytes, reply.hits(), query.length) + encodedBytes;
    PolicyTable table = policy.get();
    if (!budgets.tryReserve(shard.usage, bytes, table.tenantBudget(shard.tenant))) {
      pressure.run();
      return told(shard, q, rule, Decision.REJECTED_BUDGET, reply, bytes, layer);
    }
    long now = clock.getAsLong();
    CacheEntry e = new CacheEntry(layer, key, shard, List.copyOf(reply.hits()), encoded, query,
        q.parsedFilter, searchK, reply.proxyCost(), rule.priority(), bytes, now, rule.ttlMillis() * 1_000_000L,
        reply.epoch());
    CacheEntry prev = layer == CacheLayer.L0 ? shard.l0.put((L0Key) key, e) : shard.l1.put((L1Key) key, e);
    if (prev != null) {
      budgets.release(shard.usage, prev.bytes); // replaced: it left the map with that put
      events.left(prev, "replaced", now);
    }
    if (shard.closed) {
      remove(e, "dropped");
    }
    if (overHigh(table, shard.usage)) {
      pressure.run();
    }
    return told(shard, q, rule, Decision.ADMITTED, reply, bytes, layer);
  }

  /**
   * For TRACE only: the name of the key {@link #offer} stores this query's result under (L1 when
   * the rule's level is 1 and topK has a bucket, else L0), as the query and decision logs write
   * it; and the entry stored there now, or null. Neither touches the entry nor counts a hit.
   */
  public String storeKeyName(IndexShard shard, PolicyRule rule, CacheQuery q) {
    if (rule.level() >= 1 && L1Key.roundTopK(q.topK) > 0) {
      String k1 = KeyHashes.l1(shard, q.vector(), q.filter, q.topK, q.withMeta, q.nprobe, q.ef);
      if (k1 != null) {
        return k1;
      }
    }
    return KeyHashes.l0(q.vectorBytes, q.fromValues, q.filter, q.topK, q.withMeta, q.nprobe, q.ef);
  }

  /** As {@link #storeKeyName}: the entry stored under that key now, or null (TRACE only). */
  public CacheEntry peekStored(IndexShard shard, PolicyRule rule, CacheQuery q) {
    if (rule.level() >= 1 && L1Key.roundTopK(q.topK) > 0) {
      L1Key k1 = l1Key(shard, q);
      return k1 == null ? null : shard.l1.get(k1);
    }
    return shard.l0.get(new L0Key(q.vectorBytes, q.fromValues, q.filter, q.topK, q.withMeta, q.nprobe, q.ef));
  }

  /**
   * Joins the search already running for an identical miss, or makes the caller its leader
   * (see {@link MissFlights}); the key's epoch is read now, after the caller's lookup missed.
   */
  public MissFlights.Ticket enterMiss(IndexShard shard, CacheQuery q, int searchK, io.vertx.core.Context caller) {
    L0Key k0 = new L0Key(q.vectorBytes, q.fromValues, q.filter, q.topK, q.withMeta, q.nprobe, q.ef);
    return shard.flights.enter(k0, searchK, shard.vectorIndex.epoch(), caller);
  }

  /** Tells the listener what was decided and returns it (a racing eviction may report the outcome first). */
  private Decision told(IndexShard shard, CacheQuery q, PolicyRule rule, Decision d, SearchReply reply, long bytes,
      CacheLayer layer) {
    events.decided(shard, q, rule, policy.get(), d, reply.proxyCost(), bytes, layer);
    return d;
  }

  private L1Key l1Key(IndexShard shard, CacheQuery q) {
    int rk = L1Key.roundTopK(q.topK);
    if (rk < 0) {
      return null;
    }
    float[] v = q.vector();
    if (!shard.hasher.accepts(v)) {
      return null; // wrong dimension or NaN: let the engine say what is wrong
    }
    return new L1Key(shard.hasher.hash(v), rk, q.filter, q.withMeta, q.nprobe, q.ef);
  }

  private static boolean fresh(CacheEntry e, long epoch, long now) {
    return e.validEpoch == epoch && now < e.expiresNanos;
  }

  /** The query as the engine ranks it: a unit-length copy for cosine, a copy otherwise. */
  private static float[] engineQuery(Metric metric, float[] v) {
    float[] q = v.clone();
    if (metric.normalizes()) {
      double n = 0;
      for (float x : q) {
        n += (double) x * x;
      }
      if (n > 0) {
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < q.length; i++) {
          q[i] *= inv;
        }
      }
    }
    return q;
  }

  // ------------------------------------------------------------------ invalidation

  /** Precise mode, on the writer thread inside the index's write lock. */
  private void onWrite(IndexShard shard, long newEpoch, List<VectorRecord> added, List<VectorRecord> removed) {
    if (shard.closed || shard.size() == 0) {
      return;
    }
    PolicyRule rule = policy.get().rule(shard.tenant, shard.index);
    if (rule.consistency() != Consistency.PRECISE) {
      return; // epoch mode: the bump alone makes every entry stale
    }
    Set<String> ids = null;
    if (removed.size() > PreciseInvalidation.SET_THRESHOLD) {
      ids = new HashSet<>();
      for (VectorRecord r : removed) {
        ids.add(r.id());
      }
    }
    Metric metric = shard.vectorIndex.config().metric();
    for (CacheEntry e : shard.l0.values()) {
      revalidate(e, newEpoch, metric, shard.lossy, added, removed, ids);
    }
    for (CacheEntry e : shard.l1.values()) {
      revalidate(e, newEpoch, metric, shard.lossy, added, removed, ids);
    }
  }

  private void revalidate(CacheEntry e, long newEpoch, Metric metric, boolean lossy, List<VectorRecord> added,
      List<VectorRecord> removed, Set<String> ids) {
    if (e.validEpoch != newEpoch - 1) {
      return; // already stale (it missed an earlier write); the sweep collects it
    }
    if (PreciseInvalidation.affects(e, metric, lossy, added, removed, ids)) {
      remove(e, "invalidated");
    } else {
      e.validEpoch = newEpoch;
    }
  }

  /** Removes one entry if it is still stored; releases its bytes and counts the reason. */
  boolean remove(CacheEntry e, String reason) {
    boolean removed = e.layer == CacheLayer.L0 ? e.shard.l0.remove(e.key, e) : e.shard.l1.remove(e.key, e);
    if (removed) {
      budgets.release(e.shard.usage, e.bytes);
      e.shard.meters.evicted(reason);
      events.left(e, reason, clock.getAsLong());
    }
    return removed;
  }

  /** Removes every entry of a shard. */
  private int clear(IndexShard s, String reason) {
    int n = 0;
    for (CacheEntry e : s.l0.values()) {
      n += remove(e, reason) ? 1 : 0;
    }
    for (CacheEntry e : s.l1.values()) {
      n += remove(e, reason) ? 1 : 0;
    }
    return n;
  }

  /** Removes every entry; of one tenant when {@code tenant} is set; of one index when both are. */
  public int flush(String tenant, String index) {
    int n = 0;
    for (IndexShard s : shards()) {
      if ((tenant == null || s.tenant.equals(tenant)) && (index == null || s.index.equals(index))) {
        n += clear(s, "flush");
      }
    }
    return n;
  }

  /**
   * Removes the entries of an index that could serve {@code vector}: exact entries computed for
   * this very vector (whatever wire form it came in) and the L1 bucket it hashes to; narrowed
   * to one topK and one canonical filter when those are given. A scan of the index's entries:
   * an admin operation, not a hot-path one.
   */
  public int invalidate(IndexShard shard, float[] vector, int topKOrZero, String canonicalFilterOrNull) {
    float[] q = engineQuery(shard.vectorIndex.config().metric(), vector);
    boolean hashable = shard.hasher.accepts(vector);
    long bucket = hashable ? shard.hasher.hash(vector) : 0;
    int n = 0;
    for (CacheEntry e : shard.l0.values()) {
      L0Key k = (L0Key) e.key;
      if (java.util.Arrays.equals(e.query, q) && (topKOrZero == 0 || k.topK == topKOrZero)
          && (canonicalFilterOrNull == null || canonicalFilterOrNull.equals(k.filter))) {
        n += remove(e, "invalidated") ? 1 : 0;
      }
    }
    for (CacheEntry e : shard.l1.values()) {
      L1Key k = (L1Key) e.key;
      boolean same = java.util.Arrays.equals(e.query, q) || (hashable && k.simHash == bucket);
      if (same && (topKOrZero == 0 || k.roundedK == L1Key.roundTopK(topKOrZero))
          && (canonicalFilterOrNull == null || canonicalFilterOrNull.equals(k.filter))) {
        n += remove(e, "invalidated") ? 1 : 0;
      }
    }
    return n;
  }

  /** Removes every entry of one index (reason {@code invalidated}). */
  public int invalidate(IndexShard shard) {
    return clear(shard, "invalidated");
  }

  // ------------------------------------------------------------------ maintenance

  /** Every live shard. */
  public List<IndexShard> shards() {
    List<IndexShard> out = new ArrayList<>();
    shards.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  /**
   * One maintenance pass: drops shards of dropped indexes, removes expired and stale entries,
   * then evicts by the policy's order until every budget is at its low watermark if it was above
   * its high one. Run by one thread at a time (the verticle's worker); safe alongside the hot path.
   */
  public Evictor.Report maintain() {
    for (IndexShard s : shards()) {
      if (registry.find(s.tenant, s.index).orElse(null) != s.vectorIndex) {
        dropShard(s);
      }
    }
    return new Evictor(this, policy.get(), clock.getAsLong()).run();
  }

  boolean overHigh(PolicyTable table, TenantUsage u) {
    return u.used.get() > table.tenantBudget(u.tenant) * HIGH_WATERMARK
        || budgets.nodeUsed.get() > budgets.nodeLimit() * HIGH_WATERMARK;
  }

  Budgets budgets() {
    return budgets;
  }

  Map<String, TenantUsage> tenants() {
    return tenants;
  }

  /** Bytes counted against the node budget. */
  public long usedBytes() {
    return budgets.nodeUsed.get();
  }

  /** Bytes counted against a tenant's budget. */
  public long usedBytes(String tenant) {
    TenantUsage u = tenants.get(tenant);
    return u == null ? 0 : u.used.get();
  }

  public long nodeMaxBytes() {
    return budgets.nodeLimit();
  }

  /** The sum of the bytes of the entries stored now (for tests: must equal the counters at rest). */
  public long storedBytes(String tenantOrNull) {
    long sum = 0;
    for (IndexShard s : shards()) {
      if (tenantOrNull == null || s.tenant.equals(tenantOrNull)) {
        for (CacheEntry e : s.l0.values()) {
          sum += e.bytes;
        }
        for (CacheEntry e : s.l1.values()) {
          sum += e.bytes;
        }
      }
    }
    return sum;
  }

  /** Entries stored now. */
  public int size() {
    int n = 0;
    for (IndexShard s : shards()) {
      n += s.size();
    }
    return n;
  }
}
