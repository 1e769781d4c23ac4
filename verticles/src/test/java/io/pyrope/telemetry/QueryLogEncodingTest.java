package io.pyrope.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.cache.CacheLayer;
import io.pyrope.cache.impl.IndexShard;
import io.pyrope.cache.impl.KeyHashes;
import io.pyrope.cache.impl.ResultCache;
import io.pyrope.cache.policy.Admission;
import io.pyrope.cache.policy.Consistency;
import io.pyrope.cache.policy.Decision;
import io.pyrope.cache.policy.EvictionMode;
import io.pyrope.cache.policy.PolicyRule;
import io.pyrope.cache.policy.PolicyTable;
import io.pyrope.engine.IndexRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The streaming query-log writer ({@link QuerySample#writeTo}) produces exactly the record the
 * JsonObject tree produced before it: {@link #reference} is that old builder, kept verbatim, and
 * every sample goes through a real {@link LogPublisher} (its reused buffer and generator) so that
 * consecutive records are checked too.
 */
class QueryLogEncodingTest {
  private static final int DIM = 8;
  private static final String NODE = "node-1";

  private IndexRegistry registry;
  private SimpleMeterRegistry meters;
  private IndexShard shard;

  @BeforeEach
  void setUp() {
    registry = new IndexRegistry();
    meters = new SimpleMeterRegistry();
    registry.create(new CreateIndexRequest("t", "ix", DIM, "cosine", null, Map.of()));
    PolicyRule rule = new PolicyRule(PolicyRule.ANY, PolicyRule.ANY, Admission.ALWAYS, 0, 0, 1, Consistency.EPOCH, 1.0);
    PolicyTable table = new PolicyTable(1, EvictionMode.SCORE, 1 << 20, Map.of(), List.of(rule));
    ResultCache cache = new ResultCache(registry, meters, System::nanoTime, 1 << 20, 16, 42, table, rule);
    shard = cache.shard("t", "ix");
    assertNotNull(shard);
  }

  @AfterEach
  void tearDown() {
    registry.close();
    meters.close();
  }

  @Test
  void streamingRecordsEqualTheJsonObjectRecords() {
    float[] v = vector(1);
    float[] nan = vector(2);
    nan[3] = Float.NaN;
    String longFilter = "tag:" + "x".repeat(Telemetry.MAX_FILTER_TEXT + 10);
    List<QuerySample> samples = List.of(
        // a miss on L1 level with 10 hits, blob vector
        sample(v, false, shard, null, null, 10, 1, CacheLayer.NONE, Decision.ADMITTED, "ok", hits(10)),
        // an L0 hit with a filter (canonical text logged), level 0 (no L1 key), no hits
        sample(v, true, shard, "tag:a  AND n>1", "tag:a AND n > 1", 10, 0, CacheLayer.L0, Decision.SERVED, "ok",
            List.of()),
        // a refused vector: no sketch values, no hits (an error)
        new QuerySample(1_700_000_000_123L, "t", "ix", null, 7, new byte[] {1, 2, 3}, false,
            () -> {
              throw new IllegalArgumentException("VEC_ERR_DIM");
            }, shard, null, null, 10, 10, false, 0, 0, "bypass", 1, CacheLayer.NONE, Decision.BYPASS, "error", 0, 0, 0,
            0, null, latency()),
        // no cache: no shard, so no L1 key and no SimHash
        sample(v, false, null, null, null, 5, -1, CacheLayer.NONE, Decision.DISABLED, "ok", hits(5)),
        // a vector the planes cannot hash: no SimHash, no norm (NaN is not JSON), no L1 key
        sample(nan, false, shard, null, null, 10, 1, CacheLayer.NONE, Decision.REJECTED_MIN_COST, "ok", hits(3)),
        // topK above the L1 buckets and more hits than are logged; a filter too long to log as text
        sample(v, false, shard, longFilter, longFilter, 150, 1, CacheLayer.L1, Decision.SERVED, "ok", hits(150)),
        // a filter that did not parse (no canonical text), non-ASCII strings
        new QuerySample(1_700_000_000_999L, "tenant-é", "ix", "req-✓", 9, bytes(v), false, () -> v.clone(), shard,
            "tag:(", null, 10, 20, true, 4, 64, "bypass", 1, CacheLayer.NONE, Decision.REJECTED_BUDGET, "ok", 3, 11,
            60_000, 1234, hits(2), latency()));

    io.vertx.json.schema.Validator schema = io.pyrope.testing.TopicSchemas.validator("pyrope.query-log.v1.json");
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
        new ByteArraySerializer());
    try (LogPublisher p = new LogPublisher(producer, 64, new SimpleMeterRegistry())) {
      for (QuerySample s : samples) {
        p.offer("q", "k", (LogRecord) out -> s.writeTo(out, NODE));
      }
      Awaitility.await().until(() -> producer.history().size() == samples.size());
    }
    for (int i = 0; i < samples.size(); i++) {
      String written = new String(producer.history().get(i).value(), StandardCharsets.UTF_8);
      String expected = reference(samples.get(i), NODE).encode();
      // parsed, then byte for byte
      assertEquals(new JsonObject(expected), new JsonObject(written), "record " + i);
      assertEquals(expected, written, "record " + i + " byte for byte");
      io.pyrope.testing.TopicSchemas.assertValid(schema, new JsonObject(written));
    }
  }

  @Test
  void theSharedSimHashGivesTheSameL1KeyAsHashingAgain() {
    float[] v = vector(3);
    long sim = KeyHashes.simHash(shard, v);
    assertEquals(KeyHashes.l1(shard, v, "f", 10, true, 2, 32), KeyHashes.l1(sim, "f", 10, true, 2, 32));
    assertNull(KeyHashes.l1(sim, null, 1_000, false, 0, 0), "topK above the buckets has no L1 key");
  }

  @Test
  void aRecordThatFailsOrIsLeftOpenIsDroppedAloneAndTheNextOneIsWhole() {
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
        new ByteArraySerializer());
    try (LogPublisher p = new LogPublisher(producer, 16, new SimpleMeterRegistry())) {
      p.offer("q", "k", (LogRecord) out -> {
        out.writeStartObject();
        out.writeStringField("half", "written");
        throw new IllegalStateException("bug in a writer");
      });
      p.offer("q", "k", (LogRecord) out -> {
        out.writeStartObject();
        out.writeStringField("never", "closed");
      });
      p.offer("q", "k", (LogRecord) out -> {
        out.writeStartObject();
        out.writeNumberField("a", 1);
        out.writeEndObject();
      });
      Awaitility.await().until(() -> producer.history().size() == 1 && p.droppedCount("q") == 2);
      assertEquals("{\"a\":1}", new String(producer.history().get(0).value(), StandardCharsets.UTF_8));
    }
  }

  private static QuerySample sample(float[] v, boolean fromValues, IndexShard shard, String filter, String canonical,
      int topK, int level, CacheLayer layer, Decision decision, String status, List<SearchReply.Hit> hits) {
    Supplier<float[]> parse = v::clone;
    return new QuerySample(1_700_000_000_000L + topK, "t", "ix", "req-" + topK, 42, bytes(v), fromValues, parse,
        shard, filter, canonical, topK, topK * 2, fromValues, 0, 64, "default", level, layer, decision, status, 5, 2,
        30_000, 987, hits, latency());
  }

  private static long[] latency() {
    return new long[] {1_500, 20_000, 500_000, 3_000, 999, 0, 530_123};
  }

  private static List<SearchReply.Hit> hits(int n) {
    List<SearchReply.Hit> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new SearchReply.Hit("doc-" + i, 1f - i / 1000f, null));
    }
    return out;
  }

  private static float[] vector(long seed) {
    Random r = new Random(seed);
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  private static byte[] bytes(float[] v) {
    ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(v);
    return bb.array();
  }

  /** The query-log record as QuerySample built it before the streaming writer (kept verbatim). */
  private static JsonObject reference(QuerySample s, String node) {
    JsonObject keys = new JsonObject()
        .put("l0", KeyHashes.l0(s.vectorBytes(), s.fromValues(), s.canonicalFilter(), s.topK(), s.withMeta(),
            s.nprobe(), s.ef()));
    float[] v = null;
    try {
      v = s.vector().get();
    } catch (RuntimeException e) {
      // a vector the engine refused: no sketch
    }
    keys.put("l1", s.shard() != null && v != null && s.level() >= 1
        ? KeyHashes.l1(s.shard(), v, s.canonicalFilter(), s.topK(), s.withMeta(), s.nprobe(), s.ef()) : null);
    JsonObject sketch = new JsonObject()
        .put("simhash", s.shard() != null && v != null && KeyHashes.hashable(s.shard(), v)
            ? Long.toHexString(KeyHashes.simHash(s.shard(), v)) : null)
        .put("norm", v == null || !Double.isFinite(norm(v)) ? null : norm(v))
        .put("dim", v == null ? null : v.length);
    String filter = s.filter();
    String canonicalFilter = s.canonicalFilter();
    JsonObject filterShape = filter == null ? null : new JsonObject()
        .put("hash", Integer.toHexString((canonicalFilter != null ? canonicalFilter : filter).hashCode()))
        .put("length", filter.length())
        .put("canonical", canonicalFilter != null && canonicalFilter.length() <= Telemetry.MAX_FILTER_TEXT
            ? canonicalFilter : null);
    JsonObject lat = new JsonObject();
    for (int i = 0; i < QuerySample.LATENCY_PARTS.size(); i++) {
      lat.put(QuerySample.LATENCY_PARTS.get(i), s.latency()[i] / 1_000);
    }
    JsonArray ids = new JsonArray();
    List<SearchReply.Hit> hits = s.hits();
    int topK = s.topK();
    if (hits != null) {
      for (int i = 0; i < Math.min(Math.min(topK, hits.size()), Telemetry.MAX_RESULT_IDS); i++) {
        ids.add(hits.get(i).id());
      }
    }
    return new JsonObject()
        .put("schema", QuerySample.SCHEMA)
        .put("time", Instant.ofEpochMilli(s.timeMillis()).toString())
        .put("time_ms", s.timeMillis())
        .put("node", node)
        .put("tenant", s.tenant())
        .put("index", s.index())
        .put("request_id", s.requestId())
        .put("session", s.session())
        .put("keys", keys)
        .put("sketch", sketch)
        .put("top_k", topK)
        .put("search_k", s.searchK())
        .put("filter", filterShape)
        .put("params", new JsonObject().put("nprobe", s.nprobe()).put("ef", s.ef()).put("with_meta", s.withMeta())
            .put("hint", s.hint()).put("level", s.level()))
        .put("layer", s.layer().wireName())
        .put("hit", s.layer() != CacheLayer.NONE)
        .put("decision", s.decision().wireName())
        .put("status", s.status())
        .put("epoch", s.epoch())
        .put("policy_version", s.policyVersion())
        .put("ttl_ms", s.ttlMillis())
        .put("proxy_cost", s.proxyCost())
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
