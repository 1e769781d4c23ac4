package io.pyrope.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.cache.CacheLayer;
import io.pyrope.cache.impl.IndexShard;
import io.pyrope.cache.impl.KeyHashes;
import io.pyrope.cache.policy.Decision;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * One finished VEC.SEARCH, as the command hands it to the query log: an immutable snapshot of
 * plain values and references to data nobody modifies (the request's vector argument, the
 * engine's or the cache entry's hit list). Building it is one allocation on the event loop;
 * {@link #writeTo} (key hashes, SimHash, norm, the JSON itself) runs on the publisher's drain
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

  /**
   * Writes the record's JSON (field order and values as the schema's reference layout). The
   * query's SimHash is computed once and serves both the L1 key and the sketch; the vector is
   * parsed once.
   */
  void writeTo(JsonGenerator out, String node) throws IOException {
    float[] v = null;
    try {
      v = vector.get();
    } catch (RuntimeException e) {
      // a vector the engine refused: no sketch
    }
    boolean hashable = shard != null && v != null && KeyHashes.hashable(shard, v);
    long simHash = hashable ? KeyHashes.simHash(shard, v) : 0;
    out.writeStartObject();
    out.writeStringField("schema", SCHEMA);
    out.writeStringField("time", Instant.ofEpochMilli(timeMillis).toString());
    out.writeNumberField("time_ms", timeMillis);
    writeString(out, "node", node);
    writeString(out, "tenant", tenant);
    writeString(out, "index", index);
    writeString(out, "request_id", requestId);
    out.writeNumberField("session", session);

    out.writeObjectFieldStart("keys");
    out.writeStringField("l0", KeyHashes.l0(vectorBytes, fromValues, canonicalFilter, topK, withMeta, nprobe, ef));
    writeString(out, "l1", hashable && level >= 1
        ? KeyHashes.l1(simHash, canonicalFilter, topK, withMeta, nprobe, ef) : null);
    out.writeEndObject();

    out.writeObjectFieldStart("sketch");
    // The schema's sketch: simhash null for a vector the planes cannot hash (wrong dim, NaN/Inf),
    // norm null when it is not a finite number (JSON has no NaN; the schema wants a number or null).
    writeString(out, "simhash", hashable ? Long.toHexString(simHash) : null);
    double norm = v == null ? Double.NaN : norm(v);
    if (Double.isFinite(norm)) {
      out.writeNumberField("norm", norm);
    } else {
      out.writeNullField("norm");
    }
    if (v == null) {
      out.writeNullField("dim");
    } else {
      out.writeNumberField("dim", v.length);
    }
    out.writeEndObject();

    out.writeNumberField("top_k", topK);
    out.writeNumberField("search_k", searchK);
    if (filter == null) {
      out.writeNullField("filter");
    } else {
      out.writeObjectFieldStart("filter");
      out.writeStringField("hash", Integer.toHexString((canonicalFilter != null ? canonicalFilter : filter).hashCode()));
      out.writeNumberField("length", filter.length());
      writeString(out, "canonical", canonicalFilter != null && canonicalFilter.length() <= Telemetry.MAX_FILTER_TEXT
          ? canonicalFilter : null);
      out.writeEndObject();
    }

    out.writeObjectFieldStart("params");
    out.writeNumberField("nprobe", nprobe);
    out.writeNumberField("ef", ef);
    out.writeBooleanField("with_meta", withMeta);
    writeString(out, "hint", hint);
    out.writeNumberField("level", level);
    out.writeEndObject();

    out.writeStringField("layer", layer.wireName());
    out.writeBooleanField("hit", layer != CacheLayer.NONE);
    out.writeStringField("decision", decision.wireName());
    writeString(out, "status", status);
    out.writeNumberField("epoch", epoch);
    out.writeNumberField("policy_version", policyVersion);
    out.writeNumberField("ttl_ms", ttlMillis);
    out.writeNumberField("proxy_cost", proxyCost);

    out.writeObjectFieldStart("latency_us");
    for (int i = 0; i < LATENCY_PARTS.size(); i++) {
      out.writeNumberField(LATENCY_PARTS.get(i), latency[i] / 1_000);
    }
    out.writeEndObject();

    out.writeArrayFieldStart("result_ids");
    int logged = hits == null ? 0 : Math.min(Math.min(topK, hits.size()), Telemetry.MAX_RESULT_IDS);
    for (int i = 0; i < logged; i++) {
      out.writeString(hits.get(i).id());
    }
    out.writeEndArray();
    out.writeNumberField("result_count", hits == null ? 0 : Math.min(topK, hits.size()));
    out.writeEndObject();
  }

  /** A string field that may be null (written as JSON null, as a JsonObject would keep it). */
  private static void writeString(JsonGenerator out, String name, String value) throws IOException {
    if (value == null) {
      out.writeNullField(name);
    } else {
      out.writeStringField(name, value);
    }
  }

  private static double norm(float[] v) {
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    return Math.sqrt(n);
  }
}
