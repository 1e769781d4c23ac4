package io.pyrope.it;

import static io.pyrope.it.VecClient.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.kafka.EmbeddedKafkaBroker;
import io.pyrope.kafka.EmbeddedKafkaOptions;
import io.pyrope.node.PyropeNode;
import io.pyrope.node.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * With Kafka gone, a write fails with VEC_ERR_UNAVAILABLE within the WAL timeout (plus a little),
 * is not applied, and the node keeps serving reads.
 */
class WalKafkaDownTest {
  /** The node's wal.timeout-ms in this test. */
  private static final int WAL_TIMEOUT_MS = 2000;

  @Test
  void writesFailClearlyAndInBoundedTimeWhenKafkaIsDown() {
    Path dir = DurableNodes.newDataDir();
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaOptions.builder(dir.resolve("broker")).port(0)
        .build());
    String bootstrap = broker.start();
    List<String> args = TestNodes.args(dir.resolve("node"), "--kafka.bootstrap=" + bootstrap);
    args.add("--wal.timeout-ms=" + WAL_TIMEOUT_MS);
    try (PyropeNode node = PyropeNode.start(ConfigLoader.load(args, Map.of()));
        Jedis j = new Jedis("127.0.0.1", node.respPort(), 60_000)) {
      send(j, "VEC.CREATE", "acme", "docs", "DIM", 2, "METRIC", "l2");
      assertEquals(1L, send(j, "VEC.ADD", "acme", "docs", "a", "VECTOR", "[1,0]"));
      broker.close();

      long t0 = System.nanoTime();
      JedisDataException e = assertThrows(JedisDataException.class,
          () -> send(j, "VEC.ADD", "acme", "docs", "b", "VECTOR", "[0,1]"));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(e.getMessage().startsWith("VEC_ERR_UNAVAILABLE"), e.getMessage());
      assertTrue(ms < WAL_TIMEOUT_MS + 3000, "took " + ms + " ms");
      assertThrows(JedisDataException.class, () -> send(j, "VEC.GET", "acme", "docs", "b"), "not applied");
      assertEquals(List.of("a"), VecClient.ids(send(j, "VEC.SEARCH", "acme", "docs", "TOPK", 3, "VECTOR", "[0,1]")));
      JedisDataException drop = assertThrows(JedisDataException.class, () -> send(j, "VEC.DROP", "acme", "docs"));
      assertTrue(drop.getMessage().startsWith("VEC_ERR_UNAVAILABLE"), drop.getMessage());
      assertEquals(1L, send(j, "VEC.STATS", "acme", "docs") instanceof List<?> ? 1L : 0L, "index still there");
    } finally {
      broker.close();
    }
  }
}
