package io.pyrope.ai.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live features: per cache key, per tenant/index and per node, fed by the consumer of the
 * query and decision logs and read by the cadence that computes the policy.
 *
 * <p><b>Threading.</b> One writer (the Kafka consumer thread) and one reader (the cadence thread,
 * through {@link #snapshot}); every public method is {@code synchronized}. A snapshot copies
 * what it reports into immutable records, so the policy computation and the file writing run
 * without the lock. Records cost a map lookup and a few counter updates each; a snapshot of
 * {@value #DEFAULT_MAX_KEYS} keys takes tens of milliseconds, once per cadence.
 *
 * <p><b>Bounded memory.</b> At most {@code maxKeys} keys are tracked (default
 * {@value #DEFAULT_MAX_KEYS}, about 250 bytes each: ~25 MB); past it the least recently
 * referenced key is dropped (an access-ordered map) and counted. Tenants/indexes and nodes are
 * bounded the same way ({@value #MAX_SCOPES} each). A key that comes back after being dropped
 * starts over, so its features undercount it: that is the price of the bound, and it falls on
 * the keys least likely to matter (the coldest).
 *
 * <p><b>Time.</b> Windows count by the records' own {@code time_ms}, and end at the instant the
 * snapshot asks for: the controller passes its wall clock, tests pass a fixed instant.
 * Duplicated records (the log producer may retry) count twice: the logs are lossy anyway.
 */
public final class FeatureStore {
  /** Keys tracked by default before the least recent is dropped. */
  public static final int DEFAULT_MAX_KEYS = 100_000;
  /** Tenants/indexes, and nodes, tracked before the least recent is dropped. */
  public static final int MAX_SCOPES = 4096;
  /** The short frequency window: one minute. */
  public static final long SHORT_WINDOW_MS = 60_000;
  /** Buckets of the short window (10 s each). */
  public static final int SHORT_WINDOW_BUCKETS = 6;
  /** Buckets of the long window (--window-ms / 10 each). */
  public static final int WINDOW_BUCKETS = 10;
  /** Shortest long window: it must hold its buckets of at least a second. */
  public static final long MIN_WINDOW_MS = 10_000;
  /** Entry size estimate before the decision log sized the key: fixed part (key, entry, reply headers). */
  public static final long ESTIMATE_BASE_BYTES = 512;
  /** Entry size estimate: per hit (id, score, its pre-encoded RESP2 and RESP3 replies). */
  public static final long ESTIMATE_BYTES_PER_HIT = 96;
  /** Entry size estimate: per vector dimension (the stored query, fp32). */
  public static final long ESTIMATE_BYTES_PER_DIM = 4;

  private record KeyId(String tenant, String index, String key) {}

  private record ScopeId(String tenant, String index) {}

  private final long windowMs;
  private final int maxKeys;
  private long evictedKeys;
  private final Map<String, String> names = new HashMap<>();  // one String instance per tenant/index name
  private final LinkedHashMap<KeyId, KeyStats> keys;
  private final LinkedHashMap<ScopeId, ScopeStats> indexes = lru();
  private final LinkedHashMap<String, ScopeStats> nodes = lru();
  private SystemFeatures system;

  public FeatureStore(long windowMs) {
    this(windowMs, DEFAULT_MAX_KEYS);
  }

  public FeatureStore(long windowMs, int maxKeys) {
    if (windowMs < MIN_WINDOW_MS) {
      throw new IllegalArgumentException("window must be at least " + MIN_WINDOW_MS + " ms, got " + windowMs);
    }
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
    }
    this.windowMs = windowMs;
    this.maxKeys = maxKeys;
    this.keys = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<KeyId, KeyStats> eldest) {
        if (size() > FeatureStore.this.maxKeys) {
          evictedKeys++;
          return true;
        }
        return false;
      }
    };
  }

  /**
   * Records one query. Returns the entry size the decision log reported for its key, or 0 when
   * none did yet (the trace then uses {@link #estimateBytes}).
   */
  public synchronized long onQuery(QueryEvent e) {
    String tenant = name(e.tenant());
    String index = name(e.index());
    indexes.computeIfAbsent(new ScopeId(tenant, index), id -> new ScopeStats(windowMs)).query(e);
    nodes.computeIfAbsent(name(e.node()), n -> new ScopeStats(windowMs)).query(e);
    if (!e.replayable()) {
      return 0;
    }
    KeyStats k = key(tenant, index, e.key());
    k.reference(e);
    return k.bytes;
  }

  /** Records one decision or outcome. */
  public synchronized void onDecision(DecisionEvent e) {
    String tenant = name(e.tenant());
    String index = name(e.index());
    indexes.computeIfAbsent(new ScopeId(tenant, index), id -> new ScopeStats(windowMs)).decision(e);
    nodes.computeIfAbsent(name(e.node()), n -> new ScopeStats(windowMs)).decision(e);
    if (e.key() == null) {
      return;
    }
    // An outcome of a key no longer tracked (dropped as the least recent) does not bring it back:
    // it would push out a live key for one that has just left the cache.
    KeyStats k = e.outcome() ? keys.get(new KeyId(tenant, index, e.key())) : key(tenant, index, e.key());
    if (k == null) {
      return;
    }
    if (e.bytes() > 0) {
      k.bytes = e.bytes();
    }
    if (e.outcome()) {
      k.outcomes++;
      k.hitsServed += e.hitsServed();
    } else if (e.verdict().equals("admitted")) {
      k.admitted++;
    } else {
      k.rejected++;
    }
  }

  /** The latest node gauges (from the admin scrape). */
  public synchronized void onSystem(SystemFeatures s) {
    system = s;
  }

  /** Keys tracked now (at most the limit). */
  public synchronized int trackedKeys() {
    return keys.size();
  }

  public long windowMs() {
    return windowMs;
  }

  /** An immutable copy of every feature, windows ending at {@code nowMs}. */
  public synchronized FeatureSnapshot snapshot(long nowMs) {
    return snapshot(nowMs, false);
  }

  /**
   * As {@link #snapshot(long)} but with only the keys referenced in the window (and per-index key
   * counts of those): all the warm-path heuristic reads, at a fraction of the cost when most
   * tracked keys are older than the window. The simulator's heuristic replay takes one per cadence
   * of trace time.
   */
  public synchronized FeatureSnapshot windowSnapshot(long nowMs) {
    return snapshot(nowMs, true);
  }

  private FeatureSnapshot snapshot(long nowMs, boolean windowOnly) {
    List<KeyFeatures> ks = new ArrayList<>(windowOnly ? 256 : keys.size());
    Map<ScopeId, Integer> perIndex = new HashMap<>();
    for (Map.Entry<KeyId, KeyStats> e : keys.entrySet()) {
      KeyStats k = e.getValue();
      if (windowOnly && (k.lastMs < 0 || k.lastMs < nowMs - k.windowRefs.spanMs())) {
        continue;  // last referenced before the window (an exact count would be 0): skip it cheaply
      }
      KeyFeatures f = k.features(nowMs);
      if (windowOnly && f.refsWindow() == 0) {
        continue;
      }
      ks.add(f);
      perIndex.merge(new ScopeId(e.getKey().tenant(), e.getKey().index()), 1, Integer::sum);
    }
    ks.sort(Comparator.comparing(KeyFeatures::tenant).thenComparing(KeyFeatures::index)
        .thenComparing(KeyFeatures::key));
    List<ScopeFeatures> is = new ArrayList<>();
    for (Map.Entry<ScopeId, ScopeStats> e : indexes.entrySet()) {
      ScopeId id = e.getKey();
      is.add(e.getValue().features("index", id.tenant(), id.index(), null, nowMs, windowMs,
          perIndex.getOrDefault(id, 0)));
    }
    is.sort(Comparator.comparing(ScopeFeatures::tenant).thenComparing(ScopeFeatures::index));
    List<ScopeFeatures> ns = new ArrayList<>();
    for (Map.Entry<String, ScopeStats> e : nodes.entrySet()) {
      ns.add(e.getValue().features("node", null, null, e.getKey(), nowMs, windowMs, 0));
    }
    ns.sort(Comparator.comparing(ScopeFeatures::node));
    return new FeatureSnapshot(nowMs, windowMs, List.copyOf(ks), List.copyOf(is), List.copyOf(ns), system,
        evictedKeys);
  }

  /** Estimated entry size of a result of {@code resultCount} hits for a {@code dim}-dimensional query. */
  public static long estimateBytes(int resultCount, int dim) {
    return ESTIMATE_BASE_BYTES + ESTIMATE_BYTES_PER_HIT * Math.max(0, resultCount)
        + ESTIMATE_BYTES_PER_DIM * Math.max(0, dim);
  }

  private KeyStats key(String tenant, String index, String key) {
    return keys.computeIfAbsent(new KeyId(tenant, index, key), id -> new KeyStats(tenant, index, key, windowMs));
  }

  private String name(String s) {
    if (names.size() > 2 * MAX_SCOPES) {
      names.clear(); // interning only saves memory; starting over is harmless
    }
    return names.computeIfAbsent(s, x -> x);
  }

  private static <K> LinkedHashMap<K, ScopeStats> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, ScopeStats> eldest) {
        return size() > MAX_SCOPES;
      }
    };
  }
}
