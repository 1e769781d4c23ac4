package io.pyrope.it;

import static io.pyrope.it.VecClient.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * {@code wal.enabled=false}, as docs/configuration.md describes it: writes are served from memory
 * at once, a restart brings back each index as of its last snapshot (and nothing written after
 * it), and point-in-time restore says it needs the WAL.
 */
class WalDisabledTest {
  @Test
  void writesWorkARestartKeepsTheSnapshotAndPointInTimeIsRefused() throws Exception {
    Path dir = DurableNodes.newDataDir();
    try (PyropeNode node = DurableNodes.start(dir, "--wal.enabled=false");
        Jedis j = new Jedis("127.0.0.1", node.respPort(), 60_000)) {
      assertTrue(j.info("persistence").contains("wal_enabled:0"), j.info("persistence"));
      send(j, "VEC.CREATE", "nowal", "docs", "DIM", 2, "METRIC", "l2");
      send(j, "VEC.ADD", "nowal", "docs", "a", "VECTOR", "[1,0]", "b", "VECTOR", "[0,1]");
      assertEquals(List.of("b"), VecClient.ids(send(j, "VEC.SEARCH", "nowal", "docs", "TOPK", 1, "VECTOR", "[0,1]")));
      send(j, "VEC.SNAPSHOT", "nowal", "docs");
      send(j, "VEC.ADD", "nowal", "docs", "c", "VECTOR", "[1,1]");
      assertNotNull(send(j, "VEC.GET", "nowal", "docs", "c"), "served from memory");
      JedisDataException e = assertThrows(JedisDataException.class,
          () -> send(j, "VEC.RESTORE", "nowal", "docs", "TIMESTAMP", System.currentTimeMillis()));
      assertTrue(e.getMessage().startsWith("VEC_ERR_UNAVAILABLE") && e.getMessage().contains("wal.enabled"),
          e.getMessage());
    }
    try (PyropeNode node = DurableNodes.start(dir, "--wal.enabled=false");
        Jedis j = new Jedis("127.0.0.1", node.respPort(), 60_000)) {
      assertNotNull(send(j, "VEC.GET", "nowal", "docs", "a"), "in the snapshot");
      JedisDataException e = assertThrows(JedisDataException.class, () -> send(j, "VEC.GET", "nowal", "docs", "c"));
      assertTrue(e.getMessage().startsWith("VEC_ERR_NOT_FOUND"), "written after the last snapshot: lost, as documented");
    }
  }
}
