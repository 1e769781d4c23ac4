package io.pyrope.node;

import io.pyrope.admin.AdminRoutes;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.kafka.KafkaClientFactory;
import io.pyrope.node.config.ConfigKeys;
import io.pyrope.node.config.PyropeConfig;
import io.pyrope.snapshot.DurabilityVerticle;
import io.pyrope.snapshot.PointInTime;
import io.pyrope.snapshot.SnapshotRoutes;
import io.pyrope.snapshot.SnapshotService;
import io.pyrope.snapshot.SnapshotStore;
import io.pyrope.wal.DirectWritePath;
import io.pyrope.wal.WalApplier;
import io.pyrope.wal.WalReplayer;
import io.pyrope.wal.WalWriter;
import io.pyrope.wal.WritePath;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's durability: recovery at start-up — the newest valid snapshot of each index, then
 * the WAL replayed from where they leave off — and afterwards the write path ({@link WalWriter}
 * with {@code wal.enabled=true}, else straight to memory), snapshots and restores.
 *
 * <p>Lifecycle: {@link #start} blocks until the indexes are recovered; the node calls it after
 * Kafka is up and before any listener opens, so no client sees a half-recovered index.
 * {@link #close} stops taking writes and closes the producer, then the apply threads.
 */
final class NodeDurability implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeDurability.class);
  /** Name prefix of the threads that apply acknowledged WAL records. */
  static final String APPLY_THREAD_NAME = "pyrope-wal-apply";
  /** How long close() waits for applies in progress. */
  private static final long CLOSE_WAIT_SECONDS = 5;

  private final WritePath writes;
  private final WalWriter writer;           // null with wal.enabled=false
  private final ExecutorService applyPool;  // null with wal.enabled=false
  private final SnapshotService snapshots;
  private final PointInTime pointInTime;    // null with wal.enabled=false
  private final IndexRegistry indexes;
  private final long snapshotIntervalMillis;

  private NodeDurability(WritePath writes, WalWriter writer, ExecutorService applyPool, SnapshotService snapshots,
      PointInTime pointInTime, IndexRegistry indexes, long snapshotIntervalMillis) {
    this.writes = writes;
    this.writer = writer;
    this.applyPool = applyPool;
    this.snapshots = snapshots;
    this.pointInTime = pointInTime;
    this.indexes = indexes;
    this.snapshotIntervalMillis = snapshotIntervalMillis;
  }

  static NodeDurability start(PyropeConfig config, Path dataDir, IndexRegistry indexes, KafkaClientFactory clients) {
    boolean wal = config.get(ConfigKeys.WAL_ENABLED);
    String topic = wal ? config.get(ConfigKeys.WAL_TOPIC) : null;
    long interval = TimeUnit.SECONDS.toMillis(config.get(ConfigKeys.SNAPSHOT_INTERVAL_S));
    WalApplier applier = new WalApplier(indexes);
    SnapshotService snapshots = new SnapshotService(new SnapshotStore(dataDir), indexes, applier, topic,
        config.get(ConfigKeys.SNAPSHOT_RETAIN), Clock.systemUTC());
    applier.setOnDrop(snapshots::onDrop);
    long t0 = System.nanoTime();
    SnapshotService.Recovery recovery = snapshots.recover();
    int loaded = recovery.loaded().size();
    if (!wal) {
      LOG.warn("wal.enabled=false: writes are acknowledged from memory; a crash loses what the last snapshot lacks");
      return new NodeDurability(new DirectWritePath(indexes, snapshots::onDrop), null, null, snapshots, null, indexes, interval);
    }
    Duration delivery = Duration.ofMillis(config.get(ConfigKeys.WAL_TIMEOUT_MS));
    Duration request = delivery.dividedBy(2);
    Duration maxBlock = KafkaClientFactory.DEFAULT_WAL_MAX_BLOCK.compareTo(delivery) < 0
        ? KafkaClientFactory.DEFAULT_WAL_MAX_BLOCK : delivery;
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
      PointInTime pit = new PointInTime(snapshots, indexes, clients, topic);
      applier.setRestorer(pit);
      Map<Integer, Long> from = replayStart(snapshots, recovery, writer.partitions());
      WalReplayer.Result replay = new WalReplayer(clients, topic, "pyrope-recovery").replay(applier, from, null,
          key -> true);
      checkNotAhead(applier, replay.ends());
      snapshots.enableCheckpoints(writer.partitions(), from, writer::pendingKeys);
      snapshots.writeCheckpoint(writer.partitions(), from);
      LOG.atInfo().addKeyValue("snapshots_loaded", loaded).addKeyValue("wal_records_applied", replay.applied())
          .addKeyValue("indexes", indexes.all().size())
          .addKeyValue("ms", (System.nanoTime() - t0) / 1_000_000).log("recovered");
      return new NodeDurability(writer, writer, pool, snapshots, pit, indexes, interval);
    } catch (RuntimeException e) {
      if (writer != null) {
        writer.close();
      }
      pool.shutdownNow();
      throw e;
    }
  }

  /**
   * Where the replay starts in each partition: the checkpoint written after the last snapshot,
   * lowered to just after each loaded snapshot (one may be older than the checkpoint assumed,
   * when a newer one was damaged), and to 0 for a partition holding an index none of whose
   * snapshots could be loaded. Records below it that the snapshots cover are skipped undecoded.
   */
  private static Map<Integer, Long> replayStart(SnapshotService snapshots, SnapshotService.Recovery recovery,
      int partitions) {
    Map<Integer, Long> checkpoint = snapshots.readCheckpoint();
    Map<Integer, Long> from = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      from.put(p, checkpoint.getOrDefault(p, 0L));
    }
    recovery.loaded().forEach((key, offset) -> {
      if (offset >= 0) {
        from.merge(WalWriter.partitionOf(key, partitions), offset + 1, Math::min);
      }
    });
    recovery.unusable().forEach(key -> from.put(WalWriter.partitionOf(key, partitions), 0L));
    if (!checkpoint.isEmpty()) {
      LOG.info("WAL checkpoint found: replay starts at {}", new TreeMap<>(from));
    }
    return from;
  }

  /**
   * A snapshot that claims WAL offsets the log does not have means the log lost data (a new
   * Kafka cluster, a deleted topic). Its index is kept as loaded; its position is pulled back
   * to the log's end so that new writes are not mistaken for ones already applied.
   */
  private static void checkNotAhead(WalApplier applier, Map<Integer, Long> ends) {
    applier.positions().forEach((key, pos) -> {
      long end = ends.getOrDefault(pos.partition(), 0L);
      if (pos.offset() >= end) {
        LOG.error("{}: its snapshot includes WAL offset {} but partition {} ends at {}: the WAL lost records; "
            + "keeping the snapshot's content", key, pos.offset(), pos.partition(), end);
        applier.setPosition(key, new WalApplier.Position(pos.partition(), end - 1, pos.timestamp()));
      }
    });
  }

  WritePath writes() {
    return writes;
  }

  /** The HTTP routes for snapshots and restores. */
  AdminRoutes routes() {
    return new SnapshotRoutes();
  }

  /** The verticle serving snapshot requests and the periodic snapshot job. */
  DurabilityVerticle verticle() {
    return new DurabilityVerticle(snapshots, indexes, writer, pointInTime, snapshotIntervalMillis);
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
    if (applyPool != null) {
      applyPool.shutdown();
      try {
        if (!applyPool.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
          applyPool.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
