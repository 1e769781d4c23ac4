package io.pyrope.security;

import io.vertx.core.json.JsonObject;

/**
 * The limits a node admin sets for a tenant. Stored and served now; enforcement (token bucket,
 * concurrency gate, cache budget, compute budget) comes with the tenancy and SLO work, which reads
 * them from the security store. A null field means "no limit".
 *
 * @param qps searches per second (token bucket rate)
 * @param concurrentSearches searches in flight at once
 * @param cacheBytes bytes of cache the tenant's entries may hold
 * @param dailyComputeSeconds estimated compute seconds per UTC day
 */
public record TenantQuotas(Double qps, Long concurrentSearches, Long cacheBytes, Double dailyComputeSeconds) {
  /** No limits. */
  public static final TenantQuotas NONE = new TenantQuotas(null, null, null, null);

  /** The JSON fields, as the HTTP API and the store write them. */
  public static final java.util.Set<String> FIELDS = java.util.Set.of("qps", "concurrent_searches", "cache_bytes",
      "daily_compute_seconds");

  public JsonObject toJson() {
    return new JsonObject().put("qps", qps).put("concurrent_searches", concurrentSearches)
        .put("cache_bytes", cacheBytes).put("daily_compute_seconds", dailyComputeSeconds);
  }

  /** Reads what {@link #toJson} wrote (trusted input: the store's own file). */
  public static TenantQuotas fromJson(JsonObject o) {
    if (o == null) {
      return NONE;
    }
    return new TenantQuotas(number(o, "qps"), whole(o, "concurrent_searches"), whole(o, "cache_bytes"),
        number(o, "daily_compute_seconds"));
  }

  private static Double number(JsonObject o, String f) {
    Number n = (Number) o.getValue(f);
    return n == null ? null : n.doubleValue();
  }

  private static Long whole(JsonObject o, String f) {
    Number n = (Number) o.getValue(f);
    return n == null ? null : n.longValue();
  }
}
