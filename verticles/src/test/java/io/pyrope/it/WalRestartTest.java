package io.pyrope.it;

import static io.pyrope.it.VecClient.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes acknowledged over RESP survive a restart of the node and its embedded broker: ids,
 * latest values (upserts), deletes, dropped and re-created indexes, and configs.
 */
class WalRestartTest {

  @Test
  void everyAcknowledgedWriteSurvivesARestart() {
    Path dir = DurableNodes.newDataDir();
    try (PyropeNode node = DurableNodes.start(dir); Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      assertEquals("OK", str(send(j, "VEC.CREATE", "acme", "docs", "DIM", 3, "METRIC", "cosine", "FACTORY", "HNSW16",
          "PARAMS", "ef=32")));
      assertEquals(3L, send(j, "VEC.ADD", "acme", "docs", "a", "VECTOR", "[1,0,0]", "META", "{\"title\":\"A\"}",
          "TAGS", "news,en", "NUMERIC", "year=2024", "b", "VECTOR", "[0,1,0]", "c", "VECTOR", "[0,0,1]"));
      assertEquals(1L, send(j, "VEC.UPSERT", "acme", "docs", "b", "VECTOR", "[0,1,1]", "META", "{\"v\":2}"));
      assertEquals(1L, send(j, "VEC.DEL", "acme", "docs", "c"));
      // a bad write is refused before it is logged, and must not come back
      assertThrows(JedisDataException.class, () -> send(j, "VEC.ADD", "acme", "docs", "d", "VECTOR", "[1,2]"));
      assertThrows(JedisDataException.class, () -> send(j, "VEC.ADD", "acme", "docs", "a", "VECTOR", "[1,2,3]"));
      // an index dropped and created again with another shape
      assertEquals("OK", str(send(j, "VEC.CREATE", "acme", "tmp", "DIM", 2, "METRIC", "l2")));
      assertEquals(1L, send(j, "VEC.ADD", "acme", "tmp", "x", "VECTOR", "[1,1]"));
      assertEquals("OK", str(send(j, "VEC.DROP", "acme", "tmp")));
      assertEquals("OK", str(send(j, "VEC.CREATE", "acme", "tmp", "DIM", 4, "METRIC", "ip")));
      assertEquals(1L, send(j, "VEC.ADD", "acme", "tmp", "y", "VECTOR", "[1,0,0,0]"));
    }
    try (PyropeNode node = DurableNodes.start(dir); Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      Map<String, Object> a = record(j, "acme", "docs", "a");
      assertEquals("{\"title\":\"A\"}", a.get("meta"));
      Map<String, Object> b = record(j, "acme", "docs", "b");
      assertEquals("{\"v\":2}", b.get("meta"));
      assertEquals(2L, b.get("version"));
      assertThrows(JedisDataException.class, () -> send(j, "VEC.GET", "acme", "docs", "c"));
      assertThrows(JedisDataException.class, () -> send(j, "VEC.GET", "acme", "docs", "d"));
      List<String> ids = VecClient.ids(send(j, "VEC.SEARCH", "acme", "docs", "TOPK", 5, "VECTOR", "[1,0,0]"));
      assertEquals(List.of("a", "b"), ids);
      assertThrows(JedisDataException.class, () -> send(j, "VEC.GET", "acme", "tmp", "x"));
      assertEquals(1L, send(j, "VEC.DEL", "acme", "tmp", "y")); // the new incarnation, dim 4
      String stats = String.valueOf(send(j, "VEC.STATS", "acme", "docs"));
      assertTrue(node.indexes().get("acme", "docs").config().factory().equals("HNSW16"), stats);
      assertEquals(32, node.indexes().get("acme", "docs").config().efSearch());
      // and it keeps taking writes
      assertEquals(1L, send(j, "VEC.ADD", "acme", "docs", "e", "VECTOR", "[1,1,1]"));
    }
  }

  private static String str(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }

  /** VEC.GET in RESP2: a flat list of field, value. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> record(Jedis j, String tenant, String index, String id) {
    List<Object> flat = (List<Object>) send(j, "VEC.GET", tenant, index, id);
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      Object v = flat.get(i + 1);
      m.put(str(flat.get(i)), v instanceof byte[] ? str(v) : v);
    }
    return m;
  }
}
