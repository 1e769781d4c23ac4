package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pyrope.node.PyropeNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A point-in-time restore installs a new index object (possibly at an epoch the old one had
 * already reached): no entry cached from the index before the restore is served after it.
 */
class CacheAfterRestoreTest {

  @Test
  void noEntryFromBeforeARestoreIsServedAfterIt() throws Exception {
    Path dir = DurableNodes.newDataDir();
    try (PyropeNode node = DurableNodes.start(dir); Jedis j = new Jedis("127.0.0.1", node.respPort(), 60_000)) {
      VecClient.send(j, "VEC.CREATE", "rst", "docs", "DIM", 2, "METRIC", "l2");
      VecClient.send(j, "VEC.ADD", "rst", "docs", "far", "VECTOR", "[9,9]");
      VecClient.send(j, "VEC.SNAPSHOT", "rst", "docs");
      Thread.sleep(25); // restore targets a time strictly after the snapshot's writes
      long t1 = System.currentTimeMillis();
      Thread.sleep(25);
      VecClient.send(j, "VEC.ADD", "rst", "docs", "near", "VECTOR", "[0,0]");
      Object cached = VecClient.send(j, "VEC.SEARCH", "rst", "docs", "TOPK", 1, "VECTOR", "[0,0.1]");
      assertEquals(List.of("near"), VecClient.ids(cached));
      Object hit = VecClient.send(j, "VEC.SEARCH", "rst", "docs", "TOPK", 1, "VECTOR", "[0,0.1]", "TRACE");
      assertEquals("l0", CacheHintTraceTest.traceOf(hit).get("layer"));

      VecClient.send(j, "VEC.RESTORE", "rst", "docs", "TIMESTAMP", t1);
      Object after = VecClient.send(j, "VEC.SEARCH", "rst", "docs", "TOPK", 1, "VECTOR", "[0,0.1]", "TRACE");
      assertEquals(List.of("far"), CacheHintTraceTest.hitsOf(after), "served from before the restore");
      assertEquals("none", CacheHintTraceTest.traceOf(after).get("layer"));
    }
  }
}
