package io.pyrope.ai.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The node's static policy, replayed: a {@link LiveTable} decides per tenant/index whether a miss
 * is stored ({@code always | never | min_cost | seen_before}), its TTL and priority; eviction is by
 * value score or LRU. Semantics follow docs/cache.md and the node's {@code ValueScore}:
 *
 * <ul>
 *   <li>{@code seen_before}: a miss is stored only if its key already missed within the memory of
 *       its tenant/index's {@link Doorkeeper} (the node's size and aging); a first miss is only
 *       recorded ({@code rejected_first_seen}). As in the node, the doorkeeper is asked after the
 *       rule and before the budget.
 *   <li>A hit is never served past the entry's TTL (it is dropped and counted as expired).
 *   <li>An admission that does not fit is refused (the node's {@code rejected_budget}) and starts
 *       an eviction pass; a pass also runs when an admission leaves the cache above
 *       {@link #HIGH_WATER} of its capacity. A pass removes expired entries first, then entries in
 *       eviction order, until the cache is at or below {@link #LOW_WATER}. (In the node the pass is
 *       asynchronous; here it runs at once, before the next record.)
 *   <li>Order {@code score}: lowest first of
 *       {@code (hits+1) × 2^(−idle/60 s) × max(1,cost) × priority − 0.01 × bytes − staleness},
 *       staleness = saved × 0.5 × min(1, age/ttl) (0 without TTL), times from the trace's time_ms;
 *       order {@code lru}: least recently used first.
 * </ul>
 */
public final class LivePolicy extends AbstractPolicy {
  /** Usage share above which an admission starts a pass (the node's 95%). */
  public static final double HIGH_WATER = 0.95;
  /** Usage share a pass cuts down to (the node's 85%). */
  public static final double LOW_WATER = 0.85;
  /** Idle time after which a hit count counts half, ms (ValueScore.HALF_LIFE_NANOS). */
  public static final double HALF_LIFE_MS = 60_000;
  /** Cost units one stored byte is worth (ValueScore.BYTE_PENALTY). */
  public static final double BYTE_PENALTY = 0.01;
  /** Share of its saved cost an entry loses approaching its TTL (ValueScore.STALENESS_WEIGHT). */
  public static final double STALENESS_WEIGHT = 0.5;

  private LiveTable table;  // swapped by HeuristicPolicy; entries keep what they were stored with
  private final EntryList recency = new EntryList();
  private long refusedForRoom;
  private long refusedByRule;
  private long refusedFirstSeen;
  private final Doorkeeper[] doorkeepers;  // per scope id, created by the scope's first seen_before decision
  private String refusal;                  // why the latest admission was refused (node verdict), null if none
  private java.util.function.Consumer<Entry> onEvicted = e -> { }; // budget evictions, for the heuristic's outcomes

  public LivePolicy(Trace trace, long capacityBytes, LiveTable table) {
    super(trace, capacityBytes);
    this.table = table;
    this.doorkeepers = new Doorkeeper[trace.scopes()];
  }

  @Override
  public String name() {
    return "live";
  }

  /**
   * Puts {@code next} in force for what follows, keeping the cache contents, as a node swaps a new
   * table in: later admissions follow its rules and later passes its eviction order; resident
   * entries keep the TTL and priority they were stored with.
   */
  public void swapTable(LiveTable next) {
    this.table = java.util.Objects.requireNonNull(next, "table");
  }

  /** The table in force. */
  public LiveTable table() {
    return table;
  }

  /** Whether the entry of key id {@code keyId} is resident (the heuristic replay logs its decisions with it). */
  boolean holds(int keyId) {
    return entryOf(keyId) != null;
  }

  /** Admissions refused by the rule (rejected_never, rejected_min_cost). */
  public long refusedByRule() {
    return refusedByRule;
  }

  /** Admissions refused as a key's first miss (rejected_first_seen). */
  public long refusedFirstSeen() {
    return refusedFirstSeen;
  }

  /**
   * The node's verdict on the latest refused admission ({@code rejected_never}, {@code
   * rejected_min_cost}, {@code rejected_first_seen}, {@code rejected_budget}), or null when none
   * since {@link #clearRefusal}.
   */
  String refusal() {
    return refusal;
  }

  void clearRefusal() {
    refusal = null;
  }

  /** Who hears of each entry a pass evicts (the heuristic replay logs them as budget outcomes). */
  void onEvicted(java.util.function.Consumer<Entry> listener) {
    this.onEvicted = listener;
  }

  /** Admissions refused because they did not fit (rejected_budget). */
  public long refusedForRoom() {
    return refusedForRoom;
  }

  /** The node's value score at time {@code nowMs}: lowest is evicted first. */
  static double valueScore(Entry e, long nowMs) {
    double idle = Math.max(0, nowMs - e.lastUsedMs);
    double age = Math.max(0, nowMs - e.storedAtMs);
    double expectedHits = (e.hits + 1.0) * Math.pow(2, -idle / HALF_LIFE_MS);
    double saved = Math.max(1, e.cost) * e.priority;
    double staleness = e.ttlMs > 0 ? saved * STALENESS_WEIGHT * Math.min(1.0, age / e.ttlMs) : 0;
    return expectedHits * saved - e.bytes * BYTE_PENALTY - staleness;
  }

  @Override
  protected boolean prepare(Entry e, int i) {
    TraceRecord r = trace.record(i);
    LiveTable.Rule rule = table.rule(r.tenant(), r.index());
    if (!rule.admits(r.cost())) {
      refusedByRule++;
      refusal = "never".equals(rule.admit()) ? "rejected_never" : "rejected_min_cost";
      return false;
    }
    if (rule.seenBefore()) {
      Doorkeeper d = doorkeepers[e.scope];
      if (d == null) {
        d = new Doorkeeper();
        doorkeepers[e.scope] = d;
      }
      if (!d.sighted(Doorkeeper.fingerprint(r.cacheKey()))) {
        refusedFirstSeen++;
        refusal = "rejected_first_seen";
        return false;
      }
    }
    e.ttlMs = rule.ttlMs();
    e.priority = rule.priority();
    return true;
  }

  @Override
  protected boolean makeRoom(Entry e, int i) {
    if (used + e.bytes > capacity) {
      refusedForRoom++;
      refusal = "rejected_budget";
      pass(trace.record(i).timeMs());
      return false;
    }
    return true;
  }

  @Override
  protected void evictOne(int i) {
    throw new IllegalStateException("the live policy evicts in passes");
  }

  /** Removes expired entries, then evicts in order until usage is at most LOW_WATER of capacity. */
  private void pass(long nowMs) {
    long target = (long) (capacity * LOW_WATER);
    List<Entry> all = new ArrayList<>(recency.size());
    for (Entry v = recency.tail(); v != null; v = v.prev) {
      all.add(v); // least recent first
    }
    List<Entry> live = new ArrayList<>(all.size());
    for (Entry v : all) {
      if (expired(v, nowMs)) {
        remove(v);
        expirations++;
      } else {
        live.add(v);
      }
    }
    if ("score".equals(table.eviction())) {
      // Score once per candidate (as the node's evictor does), then sort; ties go least recent first.
      int n = live.size();
      double[] score = new double[n];
      Integer[] idx = new Integer[n];
      for (int k = 0; k < n; k++) {
        score[k] = valueScore(live.get(k), nowMs);
        idx[k] = k;
      }
      java.util.Arrays.sort(idx, Comparator.<Integer>comparingDouble(k -> score[k]).thenComparingInt(k -> k));
      List<Entry> byScore = new ArrayList<>(n);
      for (Integer k : idx) {
        byScore.add(live.get(k));
      }
      live = byScore;
    }
    for (int k = 0; k < live.size() && used > target; k++) {
      Entry v = live.get(k);
      evict(v);
      onEvicted.accept(v);
    }
  }

  @Override
  protected boolean expired(Entry e, long nowMs) {
    return e.ttlMs > 0 && nowMs - e.storedAtMs >= e.ttlMs;
  }

  @Override
  protected void onHit(Entry e, int i) {
    recency.moveToHead(e);
  }

  @Override
  protected void onInsert(Entry e, int i) {
    recency.pushHead(e);
    if (used > capacity * HIGH_WATER) {
      pass(trace.record(i).timeMs());
    }
  }

  @Override
  protected void onRemove(Entry e) {
    recency.remove(e);
  }
}
