package io.pyrope.node;

import io.pyrope.engine.IndexRegistry;
import io.pyrope.kafka.KafkaClientFactory;
import io.pyrope.node.config.ConfigKeys;
import io.pyrope.node.config.PyropeConfig;
import io.pyrope.wal.DirectWritePath;
import io.pyrope.wal.WalApplier;
import io.pyrope.wal.WalReplayer;
import io.pyrope.wal.WalWriter;
import io.pyrope.wal.WritePath;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's durability: recovery at start-up (snapshots, then the WAL replayed from where
 * they leave off) and the write path afterwards — the {@link WalWriter} with
 * {@code wal.enabled=true}, else writes straight to memory.
 *
 * <p>Lifecycle: {@link #start} blocks until the indexes are recovered; the node calls it after
 * Kafka is up and before any listener opens, so no client sees a half-recovered index.
 * {@link #close} stops taking writes and closes the producer, then the apply threads.
 */
final class NodeDurability implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeDurability.class);
  /** Name prefix of the threads that apply acknowledged WAL records. */
  static final String APPLY_THREAD_NAME = "pyrope-wal-apply";

  private final WalApplier applier;
  private final WritePath writes;
  private final WalWriter writer;          // null with wal.enabled=false
  private final ExecutorService applyPool; // null with wal.enabled=false

  private NodeDurability(WalApplier applier, WritePath writes, WalWriter writer, ExecutorService applyPool) {
    this.applier = applier;
    this.writes = writes;
    this.writer = writer;
    this.applyPool = applyPool;
  }

  static NodeDurability start(PyropeConfig config, IndexRegistry indexes, KafkaClientFactory clients) {
    WalApplier applier = new WalApplier(indexes);
    if (!config.get(ConfigKeys.WAL_ENABLED)) {
      LOG.warn("wal.enabled=false: writes are acknowledged from memory and lost by a crash");
      return new NodeDurability(applier, new DirectWritePath(indexes), null, null);
    }
    Duration delivery = Duration.ofMillis(config.get(ConfigKeys.WAL_TIMEOUT_MS));
    Duration request = delivery.dividedBy(2);
    Duration maxBlock = KafkaClientFactory.DEFAULT_WAL_MAX_BLOCK.compareTo(delivery) < 0
        ? KafkaClientFactory.DEFAULT_WAL_MAX_BLOCK : delivery;
    String topic = config.get(ConfigKeys.WAL_TOPIC);
    int cores = Runtime.getRuntime().availableProcessors();
    AtomicInteger seq = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(cores, r -> {
      Thread t = new Thread(r, APPLY_THREAD_NAME + "-" + seq.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
    WalWriter writer = null;
    try {
      writer = new WalWriter(() -> clients.walProducer(WalWriter.CLIENT_ID, delivery, request, maxBlock), topic,
          applier, pool, Clock.systemUTC());
      Map<Integer, Long> from = new HashMap<>();
      for (int p = 0; p < writer.partitions(); p++) {
        from.put(p, 0L);
      }
      new WalReplayer(clients, topic, "pyrope-recovery").replay(applier, from, null, key -> true);
      return new NodeDurability(applier, writer, writer, pool);
    } catch (RuntimeException e) {
      if (writer != null) {
        writer.close();
      }
      pool.shutdownNow();
      throw e;
    }
  }

  WritePath writes() {
    return writes;
  }

  WalApplier applier() {
    return applier;
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
    if (applyPool != null) {
      applyPool.shutdown();
      try {
        if (!applyPool.awaitTermination(5, TimeUnit.SECONDS)) {
          applyPool.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
