package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pyrope.node.PyropeNode;
import io.pyrope.node.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** A node with its own embedded broker stops cleanly and starts again on the same data dir. */
class RestartTest {
  @Test
  void secondStartOnTheSameDataDirWorks() {
    Path dir = TestNodes.tempDir("pyrope-restart");
    for (int round = 0; round < 2; round++) {
      PyropeNode node = PyropeNode.start(ConfigLoader.load(TestNodes.args(dir, "--kafka.embedded.port=0"), Map.of()));
      int port = node.respPort();
      try (Jedis j = new Jedis("127.0.0.1", port)) {
        assertEquals("PONG", j.ping());
      } finally {
        node.close();
      }
      // The listener is gone once close returns.
      assertThrows(Exception.class, () -> {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
          j.ping();
        }
      });
    }
  }
}
