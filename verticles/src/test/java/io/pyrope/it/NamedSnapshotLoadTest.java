package io.pyrope.it;

import static io.pyrope.it.VecClient.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * {@code POST /v1/indexes/{tenant}/{index}/load} and {@code VEC.RESTORE … SNAPSHOT id} make an
 * index what a named snapshot holds — later adds gone, later deletes undone — through the WAL, so
 * the loaded state survives a restart; unknown ids and bad bodies are clear errors.
 */
class NamedSnapshotLoadTest {
  private static final String BASE = "/v1/indexes/snap/docs";

  @Test
  void loadingANamedSnapshotUndoesLaterWritesAndSurvivesARestart() throws Exception {
    Path dir = DurableNodes.newDataDir();
    String first;
    try (PyropeNode node = DurableNodes.start(dir); Jedis j = new Jedis("127.0.0.1", node.respPort(), 60_000)) {
      send(j, "VEC.CREATE", "snap", "docs", "DIM", 2, "METRIC", "l2");
      send(j, "VEC.ADD", "snap", "docs", "a", "VECTOR", "[1,0]", "b", "VECTOR", "[0,1]");
      first = Http.json(Http.call(node, "POST", BASE + "/snapshot", null, null), 200).getString("id");
      assertNotNull(first);
      send(j, "VEC.ADD", "snap", "docs", "c", "VECTOR", "[1,1]");
      send(j, "VEC.DEL", "snap", "docs", "a");
      String second = Http.json(Http.call(node, "POST", BASE + "/snapshot", null, null), 200).getString("id");

      JsonObject stats = Http.json(Http.call(node, "POST", BASE + "/load", "{\"snapshot\":\"" + first + "\"}", null), 200);
      assertEquals(2, ((Number) stats.getValue("live")).intValue(), stats.encode());
      assertNotNull(get(j, "a"), "deleted after the snapshot: back");
      assertNull(get(j, "c"), "added after the snapshot: gone");
      assertEquals(List.of("a"), VecClient.ids(send(j, "VEC.SEARCH", "snap", "docs", "TOPK", 1, "VECTOR", "[1,0.1]")));

      // The RESP form, to the second snapshot.
      send(j, "VEC.RESTORE", "snap", "docs", "SNAPSHOT", second);
      assertNull(get(j, "a"));
      assertNotNull(get(j, "c"));

      // Back to the first, then a restart: the load went through the WAL and is what recovery rebuilds.
      Http.json(Http.call(node, "POST", BASE + "/load", "{\"snapshot\":\"" + first + "\"}", null), 200);
    }
    try (PyropeNode node = DurableNodes.start(dir); Jedis j = new Jedis("127.0.0.1", node.respPort(), 60_000)) {
      assertNotNull(get(j, "a"));
      assertNotNull(get(j, "b"));
      assertNull(get(j, "c"), "the load survived the restart");
    }
  }

  @Test
  void unknownSnapshotsAndBadBodiesAreClearErrors() throws Exception {
    Path dir = DurableNodes.newDataDir();
    try (PyropeNode node = DurableNodes.start(dir); Jedis j = new Jedis("127.0.0.1", node.respPort(), 60_000)) {
      send(j, "VEC.CREATE", "snap", "docs", "DIM", 2, "METRIC", "l2");
      send(j, "VEC.ADD", "snap", "docs", "a", "VECTOR", "[1,0]");
      Http.assertError(Http.call(node, "POST", BASE + "/load", "{\"snapshot\":\"no-such-id\"}", null), 404,
          "VEC_ERR_NOT_FOUND", "no-such-id");
      Http.assertError(Http.call(node, "POST", BASE + "/load", "{}", null), 400, "VEC_ERR_SYNTAX", "snapshot id");
      Http.assertError(Http.call(node, "POST", "/v1/indexes/snap/nope/load", "{\"snapshot\":\"x\"}", null), 404,
          "VEC_ERR_NOT_FOUND", "");
      JedisDataException e = org.junit.jupiter.api.Assertions.assertThrows(JedisDataException.class,
          () -> send(j, "VEC.RESTORE", "snap", "docs", "SNAPSHOT", "no-such-id"));
      assertTrue(e.getMessage().startsWith("VEC_ERR_NOT_FOUND"), e.getMessage());
      assertNotNull(get(j, "a"), "a failed load changes nothing");
    }
  }

  private static Object get(Jedis j, String id) {
    try {
      return send(j, "VEC.GET", "snap", "docs", id);
    } catch (JedisDataException e) {
      if (e.getMessage().startsWith("VEC_ERR_NOT_FOUND")) {
        return null;
      }
      throw e;
    }
  }
}
