package io.pyrope.cache.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The cache and search meters of one existing index (DESIGN §10). Created with the index's
 * shard, so label values only ever come from tenants and indexes that exist, never from what a
 * client typed. Thread-safe (Micrometer meters are).
 */
public final class IndexMeters {
  public static final String HITS = "vector_db_cache_hit_total";
  public static final String EVICTIONS = "vector_db_cache_eviction_total";
  public static final String LATENCY = "vector_db_search_latency_seconds";
  public static final String REQUESTS = "vector_db_search_requests_total";
  public static final String COALESCED = "vector_db_cache_coalesced_total";
  public static final String FIRST_SEEN = "vector_db_cache_rejected_first_seen_total";
  /** hit_status label values. */
  public static final String HIT = "hit";
  public static final String MISS = "miss";
  public static final String BYPASS = "bypass";
  /** status label values. */
  public static final String OK = "ok";
  public static final String ERROR = "error";
  public static final String CACHE_MISS = "cache_miss";

  /** Smallest latency the histogram resolves: a cache hit takes a few microseconds. */
  static final java.time.Duration MIN_LATENCY = java.time.Duration.ofNanos(1_000);
  /** Largest: the event-bus timeout of a search. */
  static final java.time.Duration MAX_LATENCY = java.time.Duration.ofSeconds(30);

  private final MeterRegistry registry;
  private final String tenant;
  private final String index;
  private final List<Meter> owned = new ArrayList<>(); // removed when the index goes away
  public final Counter hitsL0;
  public final Counter hitsL1;
  public final Timer latencyHit;
  public final Timer latencyMiss;
  public final Timer latencyBypass;
  public final Counter requestsOk;
  public final Counter requestsError;
  public final Counter requestsCacheMiss;
  public final Counter coalesced;
  public final Counter rejectedFirstSeen;
  private final Map<String, Counter> evictions = new ConcurrentHashMap<>(); // by reason

  IndexMeters(MeterRegistry registry, String tenant, String index) {
    this.registry = registry;
    this.tenant = tenant;
    this.index = index;
    hitsL0 = own(Counter.builder(HITS).description("Searches answered from the cache, by layer")
        .tags("tenant", tenant, "index", index, "layer", "l0").register(registry));
    hitsL1 = own(Counter.builder(HITS).description("Searches answered from the cache, by layer")
        .tags("tenant", tenant, "index", index, "layer", "l1").register(registry));
    latencyHit = own(timer(HIT));
    latencyMiss = own(timer(MISS));
    latencyBypass = own(timer(BYPASS));
    requestsOk = own(requests(OK));
    requestsError = own(requests(ERROR));
    requestsCacheMiss = own(requests(CACHE_MISS));
    coalesced = own(Counter.builder(COALESCED)
        .description("Misses answered by an identical search already running instead of a search of their own")
        .tags("tenant", tenant, "index", index).register(registry));
    rejectedFirstSeen = own(Counter.builder(FIRST_SEEN)
        .description("Results not stored because their key missed for the first time (admission seen_before)")
        .tags("tenant", tenant, "index", index).register(registry));
  }

  /** Counts one eviction (expired, stale, invalidated, budget, flush, dropped). */
  public void evicted(String reason) {
    evictions.computeIfAbsent(reason, r -> own(Counter.builder(EVICTIONS)
        .description("Entries removed from the cache, by reason")
        .tags("tenant", tenant, "index", index, "reason", r).register(registry))).increment();
  }

  /** Records one VEC.SEARCH of this index, from parse to reply, and its outcome. */
  public void record(String hitStatus, String status, long nanos) {
    Timer t = switch (hitStatus) {
      case HIT -> latencyHit;
      case BYPASS -> latencyBypass;
      default -> latencyMiss;
    };
    t.record(nanos, TimeUnit.NANOSECONDS);
    (switch (status) {
      case OK -> requestsOk;
      case CACHE_MISS -> requestsCacheMiss;
      default -> requestsError;
    }).increment();
  }

  /** Unregisters every meter of this index. */
  void close() {
    synchronized (owned) {
      owned.forEach(registry::remove);
      owned.clear();
    }
  }

  private Timer timer(String hitStatus) {
    return latencyTimer(registry, tenant, index, hitStatus);
  }

  /**
   * The {@value #LATENCY} timer of one index and hit status, as the node registers it (readers of
   * its buckets, such as the AI guardrail's {@code SearchStats}, and their tests use this one).
   */
  public static Timer latencyTimer(MeterRegistry registry, String tenant, String index, String hitStatus) {
    return Timer.builder(LATENCY).description("VEC.SEARCH latency on the node, from parse to reply")
        .tags("tenant", tenant, "index", index, "hit_status", hitStatus).publishPercentileHistogram()
        .minimumExpectedValue(MIN_LATENCY).maximumExpectedValue(MAX_LATENCY) // hits take microseconds
        .register(registry);
  }

  private Counter requests(String status) {
    return Counter.builder(REQUESTS).description("VEC.SEARCH requests by outcome")
        .tags("tenant", tenant, "index", index, "status", status).register(registry);
  }

  private <M extends Meter> M own(M m) {
    synchronized (owned) {
      owned.add(m);
    }
    return m;
  }
}
