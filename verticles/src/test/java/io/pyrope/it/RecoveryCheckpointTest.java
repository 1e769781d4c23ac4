package io.pyrope.it;

import static io.pyrope.it.VecClient.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pyrope.node.PyropeNode;
import io.pyrope.wal.WalReplayer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * A restart reads the WAL from the checkpoint the last snapshot wrote, not from its start:
 * records inside snapshots and records of dropped indexes are not read again, while an index
 * created after the snapshot (no snapshot of its own) still comes back whole.
 */
class RecoveryCheckpointTest {
  private static final int WRITES = 60;

  @Test
  void restartReadsOnlyWhatNoSnapshotHolds() {
    Path dir = DurableNodes.newDataDir();
    try (PyropeNode node = DurableNodes.start(dir); Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      send(j, "VEC.CREATE", "cp", "old", "DIM", 2, "METRIC", "l2");
      send(j, "VEC.CREATE", "cp", "gone", "DIM", 2, "METRIC", "l2");
      for (int i = 0; i < WRITES; i++) {
        send(j, "VEC.ADD", "cp", "old", "o" + i, "VECTOR", "[" + i + ",1]");
        send(j, "VEC.ADD", "cp", "gone", "g" + i, "VECTOR", "[" + i + ",1]");
      }
      send(j, "VEC.DROP", "cp", "gone");
      send(j, "VEC.SNAPSHOT", "cp", "old");
      send(j, "VEC.CREATE", "cp", "new", "DIM", 2, "METRIC", "l2");
      send(j, "VEC.ADD", "cp", "new", "n1", "VECTOR", "[1,1]");
      send(j, "VEC.ADD", "cp", "old", "late", "VECTOR", "[9,9]");
      send(j, "VEC.SNAPSHOT", "cp", "old"); // writes the checkpoint while "new" has no snapshot
    }
    Logger log = (Logger) LoggerFactory.getLogger(WalReplayer.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    try (PyropeNode node = DurableNodes.start(dir); Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      assertEquals(WRITES + 1, node.indexes().get("cp", "old").size());
      assertEquals(1, node.indexes().get("cp", "new").size());
      assertTrue(node.indexes().find("cp", "gone").isEmpty());
      long read = logged.list.stream().filter(e -> e.getFormattedMessage().startsWith("replaying up to"))
          .mapToLong(e -> Long.parseLong(e.getFormattedMessage().split(" ")[3])).sum();
      assertTrue(read <= 4, "replay read " + read + " records of " + (2 * WRITES + 8) + ": the checkpoint is ignored");
      assertEquals(List.of("n1"), VecClient.ids(send(j, "VEC.SEARCH", "cp", "new", "TOPK", 3, "VECTOR", "[1,1]")));
    } finally {
      log.detachAppender(logged);
    }
  }
}
