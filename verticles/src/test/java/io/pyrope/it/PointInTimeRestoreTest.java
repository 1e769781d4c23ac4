package io.pyrope.it;

import static io.pyrope.it.VecClient.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pyrope.node.PyropeNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes at t1 &lt; t2 &lt; t3; a restore to t2 gives exactly the state at t2, a later restore to t1
 * the state at t1, and both survive a restart (they are WAL records), with the writes made after
 * them kept and the rewound ones gone.
 */
class PointInTimeRestoreTest {
  /** Gap between a recorded time and the next write, so broker timestamps fall on either side. */
  private static final long GAP_MS = 25;

  @Test
  void restoreToT2ThenT1AndRestart() throws Exception {
    Path dir = DurableNodes.newDataDir();
    long t1;
    long t2;
    try (PyropeNode node = DurableNodes.start(dir); Jedis j = new Jedis("127.0.0.1", node.respPort(), 60_000)) {
      send(j, "VEC.CREATE", "pit", "docs", "DIM", 2, "METRIC", "l2");
      send(j, "VEC.ADD", "pit", "docs", "a", "VECTOR", "[1,0]", "META", "{\"v\":1}", "b", "VECTOR", "[0,1]");
      send(j, "VEC.SNAPSHOT", "pit", "docs");
      t1 = mark();
      send(j, "VEC.UPSERT", "pit", "docs", "a", "VECTOR", "[1,1]", "META", "{\"v\":2}");
      send(j, "VEC.ADD", "pit", "docs", "c", "VECTOR", "[2,2]");
      send(j, "VEC.DEL", "pit", "docs", "b");
      send(j, "VEC.SNAPSHOT", "pit", "docs");
      t2 = mark();
      send(j, "VEC.ADD", "pit", "docs", "d", "VECTOR", "[3,3]");
      send(j, "VEC.UPSERT", "pit", "docs", "c", "VECTOR", "[4,4]", "META", "{\"v\":3}");
      send(j, "VEC.DEL", "pit", "docs", "a");
      send(j, "VEC.SNAPSHOT", "pit", "docs");

      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/indexes/pit/docs/restore"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"timestamp\":" + t2 + "}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertState(j, "{\"v\":2}", null, "c1", null);

      send(j, "VEC.ADD", "pit", "docs", "e", "VECTOR", "[5,5]");
      send(j, "VEC.RESTORE", "pit", "docs", "TIMESTAMP", t1);
      assertState(j, "{\"v\":1}", "b", null, null);
      assertThrows(JedisDataException.class, () -> send(j, "VEC.GET", "pit", "docs", "e"));
      send(j, "VEC.ADD", "pit", "docs", "f", "VECTOR", "[6,6]");
    }
    try (PyropeNode node = DurableNodes.start(dir); Jedis j = new Jedis("127.0.0.1", node.respPort(), 60_000)) {
      assertState(j, "{\"v\":1}", "b", null, null);
      assertThrows(JedisDataException.class, () -> send(j, "VEC.GET", "pit", "docs", "e"));
      assertEquals("f", WalRestartTest.record(j, "pit", "docs", "f").get("id"));
      JedisDataException before = assertThrows(JedisDataException.class,
          () -> send(j, "VEC.RESTORE", "pit", "docs", "TIMESTAMP", 1));
      assertEquals(true, before.getMessage().startsWith("VEC_ERR_NOT_FOUND"), before.getMessage());
      assertEquals(List.of("a", "b", "f"), VecClient.ids(send(j, "VEC.SEARCH", "pit", "docs", "TOPK", 10, "VECTOR",
          "[0,0]")).stream().sorted().toList(), "the failed restore changed nothing");
    }
  }

  /** The time after everything written so far, with a gap before the next write. */
  private static long mark() throws InterruptedException {
    Thread.sleep(GAP_MS);
    long t = System.currentTimeMillis();
    Thread.sleep(GAP_MS);
    return t;
  }

  /** a's meta, whether b exists, c's version marker ("c1" = first version), d absent. */
  private static void assertState(Jedis j, String aMeta, String b, String c, String d) {
    assertEquals(aMeta, WalRestartTest.record(j, "pit", "docs", "a").get("meta"));
    if (b == null) {
      assertThrows(JedisDataException.class, () -> send(j, "VEC.GET", "pit", "docs", "b"));
    } else {
      assertEquals(b, WalRestartTest.record(j, "pit", "docs", "b").get("id"));
    }
    if (c == null) {
      assertThrows(JedisDataException.class, () -> send(j, "VEC.GET", "pit", "docs", "c"));
    } else {
      assertEquals(1L, WalRestartTest.record(j, "pit", "docs", "c").get("version"));
    }
    assertThrows(JedisDataException.class, () -> send(j, "VEC.GET", "pit", "docs", "d"));
  }
}
