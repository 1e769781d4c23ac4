package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** The cache's admin routes and metrics, on a node of its own (they change node-wide state). */
class CacheAdminApiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static PyropeNode node;

  @BeforeAll
  static void start() {
    node = TestNodes.start();
    try (Jedis j = jedis()) {
      for (String t : new String[] {"ta", "tb"}) {
        for (String ix : new String[] {"i1", "i2"}) {
          VecClient.send(j, "VEC.CREATE", t, ix, "DIM", 2, "METRIC", "l2");
          VecClient.send(j, "VEC.ADD", t, ix, "a", "VECTOR", "[1,0]", "b", "VECTOR", "[0,1]");
        }
      }
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static Jedis jedis() {
    return new Jedis("127.0.0.1", node.respPort());
  }

  private static HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> r, int status, String code, String inMessage) {
    assertEquals(status, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals(code, body.getString("code"), r.body());
    assertTrue(body.getString("message").contains(inMessage), r.body());
  }

  /** Stores one entry per (tenant, index) and returns how many there are. */
  private static void warm() {
    try (Jedis j = jedis()) {
      for (String t : new String[] {"ta", "tb"}) {
        for (String ix : new String[] {"i1", "i2"}) {
          VecClient.send(j, "VEC.SEARCH", t, ix, "TOPK", 1, "VECTOR", "[1,0.1]");
        }
      }
    }
  }

  private static boolean cached(String t, String ix) {
    try (Jedis j = jedis()) {
      VecClient.send(j, "VEC.SEARCH", t, ix, "TOPK", 1, "VECTOR", "[1,0.1]", "CACHE_HINT", "force");
      return true;
    } catch (JedisDataException e) {
      return false;
    }
  }

  @Test
  void policiesCanBeReadAndReplaced() throws Exception {
    HttpResponse<String> get = call("GET", "/v1/cache/policies", null);
    assertEquals(200, get.statusCode());
    long version = new JsonObject(get.body()).getLong("version");
    HttpResponse<String> put = call("PUT", "/v1/cache/policies", "{\"eviction\":\"lru\",\"rules\":[{\"tenant\":\"tb\","
        + "\"index\":\"i2\",\"admit\":\"never\"}],\"tenant_max_bytes\":{\"ta\":1000000}}");
    assertEquals(200, put.statusCode(), put.body());
    JsonObject now = new JsonObject(call("GET", "/v1/cache/policies", null).body());
    assertTrue(now.getLong("version") > version);
    assertEquals("lru", now.getString("eviction"));
    assertEquals(1_000_000L, now.getJsonObject("tenant_max_bytes").getLong("ta"));
    assertEquals("never", now.getJsonArray("rules").getJsonObject(0).getString("admit"));
    try (Jedis j = jedis()) {
      Object r = VecClient.send(j, "VEC.SEARCH", "tb", "i2", "TOPK", 1, "VECTOR", "[0.3,0.7]", "TRACE");
      assertEquals("rejected_never", CacheHintTraceTest.traceOf(r).get("decision"));
    }
    assertEquals(200, call("PUT", "/v1/cache/policies", "{\"eviction\":\"score\",\"rules\":[]}").statusCode());
  }

  @Test
  void badPolicyBodiesAre400sNamingTheField() throws Exception {
    assertError(call("PUT", "/v1/cache/policies", null), 400, "VEC_ERR_SYNTAX", "empty");
    assertError(call("PUT", "/v1/cache/policies", "[1]"), 400, "VEC_ERR_SYNTAX", "JSON object");
    assertError(call("PUT", "/v1/cache/policies", "{\"rules\":[{\"ttl_ms\":\"soon\"}]}"), 400, "VEC_ERR_SYNTAX",
        "rules[0].ttl_ms");
    assertError(call("PUT", "/v1/cache/policies", "{not json"), 400, "VEC_ERR_SYNTAX", "not valid JSON");
  }

  @Test
  void flushRemovesAllATenantsOrAnIndexsEntries() throws Exception {
    warm();
    HttpResponse<String> r = call("POST", "/v1/cache/flush", "{\"tenant\":\"ta\",\"index\":\"i1\"}");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(1, new JsonObject(r.body()).getInteger("removed"));
    assertTrue(!cached("ta", "i1") && cached("ta", "i2") && cached("tb", "i1"));
    warm();
    assertEquals(2, new JsonObject(call("POST", "/v1/cache/flush", "{\"tenant\":\"tb\"}").body()).getInteger("removed"));
    assertTrue(cached("ta", "i1") && !cached("tb", "i1") && !cached("tb", "i2"));
    warm();
    assertEquals(4, new JsonObject(call("POST", "/v1/cache/flush", null).body()).getInteger("removed"));
    assertEquals(0, node.cache().usedBytes());
    assertError(call("POST", "/v1/cache/flush", "{\"index\":\"i1\"}"), 400, "VEC_ERR_SYNTAX", "needs 'tenant'");
    assertError(call("POST", "/v1/cache/flush", "{\"tenant\":5}"), 400, "VEC_ERR_SYNTAX", "tenant");
  }

  @Test
  void invalidateByIndexOrByQuery() throws Exception {
    warm();
    try (Jedis j = jedis()) {
      VecClient.send(j, "VEC.SEARCH", "ta", "i1", "TOPK", 2, "VECTOR", "[0,1]");
    }
    HttpResponse<String> byQuery = call("POST", "/v1/cache/invalidate",
        "{\"tenant\":\"ta\",\"index\":\"i1\",\"query\":{\"vector\":[1,0.1],\"topk\":1}}");
    assertEquals(200, byQuery.statusCode(), byQuery.body());
    assertEquals(1, new JsonObject(byQuery.body()).getInteger("removed"));
    assertTrue(!cached("ta", "i1"));
    HttpResponse<String> byIndex = call("POST", "/v1/cache/invalidate", "{\"tenant\":\"ta\",\"index\":\"i1\"}");
    assertEquals(1, new JsonObject(byIndex.body()).getInteger("removed"), "the [0,1] entry was left");
    assertTrue(cached("ta", "i2"));
  }

  @Test
  void badInvalidationsAre4xx() throws Exception {
    assertError(call("POST", "/v1/cache/invalidate", "{}"), 400, "VEC_ERR_SYNTAX", "'tenant' and 'index'");
    assertError(call("POST", "/v1/cache/invalidate", "{\"tenant\":\"ta\",\"index\":\"nope\"}"), 404,
        "VEC_ERR_NOT_FOUND", "ta/nope");
    assertError(call("POST", "/v1/cache/invalidate", "{\"tenant\":\"ta\",\"index\":\"i1\",\"query\":{\"vector\":[\"x\"]}}"),
        400, "VEC_ERR_SYNTAX", "query.vector[0]");
    assertError(call("POST", "/v1/cache/invalidate", "{\"tenant\":\"ta\",\"index\":\"i1\",\"query\":{\"vector\":[1,0],"
        + "\"filter\":\"tag ==\"}}"), 400, "VEC_ERR_SYNTAX", "filter");
    assertError(call("POST", "/v1/cache/invalidate", "{\"tenant\":\"ta\",\"index\":\"i1\",\"extra\":1}"), 400,
        "VEC_ERR_SYNTAX", "unknown field 'extra'");
  }

  @Test
  void metricsCarryTheCacheSeriesWithLabelsFromExistingIndexesOnly() throws Exception {
    warm();
    warm();
    try (Jedis j = jedis()) {
      assertThrows(JedisDataException.class, () -> VecClient.send(j, "VEC.SEARCH", "evil\"tenant", "x", "TOPK", 1,
          "VECTOR", "[1,0]"));
    }
    String m = call("GET", "/v1/metrics", null).body();
    assertTrue(m.contains("vector_db_cache_hit_total{index=\"i1\",layer=\"l0\",tenant=\"ta\"}"), m);
    assertTrue(m.contains("vector_db_search_latency_seconds_bucket{hit_status=\"hit\",index=\"i1\""), "latency");
    assertTrue(m.contains("vector_db_search_requests_total{index=\"i1\",status=\"ok\",tenant=\"ta\"}"), "requests");
    assertTrue(m.contains("vector_db_cache_memory_bytes{tenant=\"ta\"}"), "memory");
    assertTrue(!m.contains("evil"), "a label value came from raw input");
    call("POST", "/v1/cache/flush", null);
    m = call("GET", "/v1/metrics", null).body();
    assertTrue(m.contains("vector_db_cache_eviction_total{index=\"i1\",reason=\"flush\",tenant=\"ta\"}"), "evictions");
  }
}
