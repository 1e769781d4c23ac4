package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;

/** CACHE_HINT, REQUEST_ID and TRACE of VEC.SEARCH over a real client, in RESP2 and RESP3. */
class CacheHintTraceTest {
  private static final String T = "hints";
  private static PyropeNode node;

  @BeforeAll
  static void create() {
    node = TestNodes.shared();
    try (Jedis j = jedis()) {
      VecClient.send(j, "VEC.CREATE", T, "ix", "DIM", 3, "METRIC", "l2");
      VecClient.send(j, "VEC.ADD", T, "ix", "a", "VECTOR", "[1,0,0]", "b", "VECTOR", "[0,1,0]", "c", "VECTOR", "[0,0,1]");
    }
  }

  @AfterAll
  static void drop() {
    try (Jedis j = jedis()) {
      VecClient.send(j, "VEC.DROP", T, "ix");
    }
  }

  static Jedis jedis() {
    return new Jedis("127.0.0.1", node.respPort());
  }

  /** A RESP2 trace (flat key/value array) or RESP3 trace (map) as a map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> traceOf(Object reply) {
    Object t = ((List<Object>) reply).get(1);
    Map<String, Object> out = new LinkedHashMap<>();
    if (t instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(str(k), v instanceof Map<?, ?> || v instanceof List<?> ? v : str(v)));
      return out;
    }
    List<Object> kv = (List<Object>) t;
    for (int i = 0; i < kv.size(); i += 2) {
      Object v = kv.get(i + 1);
      out.put(str(kv.get(i)), v instanceof List<?> ? v : str(v));
    }
    return out;
  }

  static String str(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }

  @SuppressWarnings("unchecked")
  static List<String> hitsOf(Object traced) {
    return VecClient.ids(((List<Object>) traced).get(0));
  }

  @Test
  void traceReportsTheMissThenTheL0HitWithRequestIdEpochAndLatencies() {
    try (Jedis j = jedis()) {
      Object miss = VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 2, "VECTOR", "[0.9,0.1,0]", "REQUEST_ID", "r-1",
          "TRACE");
      Map<String, Object> t = traceOf(miss);
      assertEquals(List.of("a", "b"), hitsOf(miss));
      assertEquals("r-1", t.get("request_id"));
      assertEquals("none", t.get("layer"));
      assertEquals("admitted", t.get("decision"));
      assertEquals("default", t.get("hint"));
      String epoch = (String) t.get("epoch");
      Object hit = VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 2, "VECTOR", "[0.9,0.1,0]", "TRACE",
          "REQUEST_ID", "r-2");
      Map<String, Object> h = traceOf(hit);
      assertEquals(List.of("a", "b"), hitsOf(hit));
      assertEquals("l0", h.get("layer"));
      assertEquals("served", h.get("decision"));
      assertEquals("r-2", h.get("request_id"));
      assertEquals(epoch, h.get("epoch"));
      List<Object> lat = (List<Object>) h.get("latency_us");
      List<String> names = new java.util.ArrayList<>();
      for (int i = 0; i < lat.size(); i += 2) {
        names.add(str(lat.get(i)));
      }
      assertEquals(List.of("parse", "cache", "search", "queue", "meta", "policy", "total"), names);
      // the admitted entry's key, size and cost, then the same entry served
      assertTrue(((String) t.get("key")).matches("l0:[0-9a-f]{1,8}"), t.toString());
      assertTrue(Long.parseLong((String) t.get("bytes")) > 0, t.toString());
      assertTrue(Long.parseLong((String) t.get("proxy_cost")) > 0, t.toString());
      assertEquals(t.get("key"), h.get("key"));
      assertEquals(t.get("bytes"), h.get("bytes"));
      assertEquals(t.get("proxy_cost"), h.get("proxy_cost"));
    }
  }

  @Test
  void withoutTraceTheReplyIsJustTheHits() {
    try (Jedis j = jedis()) {
      Object r1 = VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 1, "VECTOR", "[0,0.9,0.1]");
      Object r2 = VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 1, "VECTOR", "[0,0.9,0.1]", "REQUEST_ID", "x");
      assertEquals(List.of("b"), VecClient.ids(r1));
      assertEquals(List.of("b"), VecClient.ids(r2));
    }
  }

  @Test
  void traceIsAMapInResp3() {
    try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", node.respPort()),
        DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build())) {
      Object r = VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 1, "VECTOR", "[0,0.2,0.9]", "TRACE");
      @SuppressWarnings("unchecked")
      Object trace = ((List<Object>) r).get(1);
      // Jedis reads a RESP3 map (%) as a list of KeyValue pairs, a RESP2 flat array as plain values
      assertTrue(trace instanceof List<?> l && l.get(0) instanceof redis.clients.jedis.util.KeyValue<?, ?>,
          "RESP3 trace is a map, got " + trace);
      Map<String, Object> m = new LinkedHashMap<>();
      for (Object kv : (List<?>) trace) {
        var p = (redis.clients.jedis.util.KeyValue<?, ?>) kv;
        m.put(str(p.getKey()), p.getValue() instanceof byte[] ? str(p.getValue()) : p.getValue());
      }
      assertEquals("none", m.get("layer"));
    }
  }

  @Test
  void forceAnswersOnlyFromTheCache() {
    try (Jedis j = jedis()) {
      JedisDataException e = assertThrows(JedisDataException.class, () -> VecClient.send(j, "VEC.SEARCH", T, "ix",
          "TOPK", 1, "VECTOR", "[0.5,0.5,0]", "CACHE_HINT", "force"));
      assertTrue(e.getMessage().startsWith("VEC_ERR_BUSY cache miss for hints/ix"), e.getMessage());
      VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 1, "VECTOR", "[0.5,0.5,0]");
      Object r = VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 1, "VECTOR", "[0.5,0.5,0]", "CACHE_HINT", "FORCE",
          "TRACE");
      assertEquals("l0", traceOf(r).get("layer"));
      assertEquals("force", traceOf(r).get("hint"));
    }
  }

  @Test
  void bypassNeitherReadsNorStores() {
    try (Jedis j = jedis()) {
      Object r = VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 1, "VECTOR", "[0.4,0,0.6]", "CACHE_HINT", "bypass",
          "TRACE");
      assertEquals("bypass", traceOf(r).get("decision"));
      assertEquals("none", traceOf(r).get("layer"));
      assertEquals("null", traceOf(r).get("key"));
      assertEquals("0", traceOf(r).get("bytes"));
      assertTrue(Long.parseLong((String) traceOf(r).get("proxy_cost")) > 0);
      assertThrows(JedisDataException.class, () -> VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 1, "VECTOR",
          "[0.4,0,0.6]", "CACHE_HINT", "force"), "bypass stored its result");
      VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 1, "VECTOR", "[0.4,0,0.6]");
      Object again = VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 1, "VECTOR", "[0.4,0,0.6]", "CACHE_HINT",
          "bypass", "TRACE");
      assertEquals("none", traceOf(again).get("layer"), "bypass read the cache");
    }
  }

  @Test
  void badHintsAndRequestIdsAreSyntaxErrors() {
    try (Jedis j = jedis()) {
      JedisDataException e = assertThrows(JedisDataException.class, () -> VecClient.send(j, "VEC.SEARCH", T, "ix",
          "TOPK", 1, "VECTOR", "[1,0,0]", "CACHE_HINT", "sometimes"));
      assertEquals("VEC_ERR_SYNTAX CACHE_HINT must be default, force or bypass, got 'sometimes'", e.getMessage());
      e = assertThrows(JedisDataException.class, () -> VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 1, "VECTOR",
          "[1,0,0]", "REQUEST_ID", "x".repeat(129)));
      assertTrue(e.getMessage().startsWith("VEC_ERR_SYNTAX REQUEST_ID must be 1 to 128"), e.getMessage());
    }
  }
}
