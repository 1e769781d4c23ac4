package io.pyrope.telemetry;

import io.pyrope.bus.vec.SearchReply;
import io.pyrope.cache.CacheLayer;
import io.pyrope.cache.impl.IndexShard;
import io.pyrope.cache.impl.KeyHashes;
import io.pyrope.cache.policy.Decision;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * One finished VEC.SEARCH, as the command hands it to the query log: an immutable snapshot of
 * plain values and references to data nobody modifies (the request's vector argument, the
 * engine's or the cache entry's hit list). Building it is one allocation on the event loop;
 * {@link #toJson} (key hashes, SimHash, norm, the JSON itself) runs on the publisher's drain
 * thread. Layout: {@code bus-schemas/src/main/resources/schemas/topics/pyrope.query-log.v1.json}.
 *
 * @param vectorBytes the vector argument as sent (fp32 bytes; for VALUES, the floats' bytes)
 * @param vector parses the query vector again, off the hot path (a pure function)
 * @param shard the index's cache shard (for the L1 key and SimHash planes), or null without a cache
 * @param filter the filter text as sent, or null; only its hash and length are logged
 * @param canonicalFilter the parsed filter's canonical text (part of the cache keys), or null
 * @param hits the hits served, best first (capped at {@link Telemetry#MAX_RESULT_IDS} when logged)
 * @param latency nanoseconds: parse, cache, search, queue, meta, policy, total
 */
public record QuerySample(long timeMillis, String tenant, String index, String requestId, long session,
    byte[] vectorBytes, boolean fromValues, Supplier<float[]> vector, IndexShard shard, String filter,
    String canonicalFilter, int topK, int searchK, boolean withMeta, int nprobe, int ef, String hint, int level,
    CacheLayer layer, Decision decision, String status, long epoch, long policyVersion, long ttlMillis, long proxyCost,
    List<SearchReply.Hit> hits, long[] latency) {
  /** Schema id of the records. */
  public static final String SCHEMA = "pyrope.query-log/v1";
  /** Names of {@link #latency}'s slots, in order. */
  public static final List<String> LATENCY_PARTS = List.of("parse", "cache", "search", "queue", "meta", "policy",
      "total");

  JsonObject toJson(String node) {
    JsonObject keys = new JsonObject()
        .put("l0", KeyHashes.l0(vectorBytes, fromValues, canonicalFilter, topK, withMeta, nprobe, ef));
    float[] v = null;
    try {
      v = vector.get();
    } catch (RuntimeException e) {
      // a vector the engine refused: no sketch
    }
    keys.put("l1", shard != null && v != null && level >= 1
        ? KeyHashes.l1(shard, v, canonicalFilter, topK, withMeta, nprobe, ef) : null);
    JsonObject sketch = new JsonObject()
        .put("simhash", shard != null && v != null ? Long.toHexString(KeyHashes.simHash(shard, v)) : null)
        .put("norm", v == null ? null : norm(v))
        .put("dim", v == null ? null : v.length);
    JsonObject filterShape = filter == null ? null : new JsonObject()
        .put("hash", Integer.toHexString((canonicalFilter != null ? canonicalFilter : filter).hashCode()))
        .put("length", filter.length())
        .put("canonical", canonicalFilter != null && canonicalFilter.length() <= Telemetry.MAX_FILTER_TEXT
            ? canonicalFilter : null);
    JsonObject lat = new JsonObject();
    for (int i = 0; i < LATENCY_PARTS.size(); i++) {
      lat.put(LATENCY_PARTS.get(i), latency[i] / 1_000);
    }
    JsonArray ids = new JsonArray();
    if (hits != null) {
      for (int i = 0; i < Math.min(Math.min(topK, hits.size()), Telemetry.MAX_RESULT_IDS); i++) {
        ids.add(hits.get(i).id());
      }
    }
    return new JsonObject()
        .put("schema", SCHEMA)
        .put("time", Instant.ofEpochMilli(timeMillis).toString())
        .put("time_ms", timeMillis)
        .put("node", node)
        .put("tenant", tenant)
        .put("index", index)
        .put("request_id", requestId)
        .put("session", session)
        .put("keys", keys)
        .put("sketch", sketch)
        .put("top_k", topK)
        .put("search_k", searchK)
        .put("filter", filterShape)
        .put("params", new JsonObject().put("nprobe", nprobe).put("ef", ef).put("with_meta", withMeta)
            .put("hint", hint).put("level", level))
        .put("layer", layer.wireName())
        .put("hit", layer != CacheLayer.NONE)
        .put("decision", decision.wireName())
        .put("status", status)
        .put("epoch", epoch)
        .put("policy_version", policyVersion)
        .put("ttl_ms", ttlMillis)
        .put("proxy_cost", proxyCost)
        .put("latency_us", lat)
        .put("result_ids", ids)
        .put("result_count", hits == null ? 0 : Math.min(topK, hits.size()));
  }

  private static double norm(float[] v) {
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    return Math.sqrt(n);
  }
}
