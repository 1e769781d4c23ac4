package io.pyrope.snapshot;

import io.pyrope.bus.Addresses;
import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.DurabilityCodecs;
import io.pyrope.bus.vec.IndexStats;
import io.pyrope.bus.vec.SnapshotReply;
import io.pyrope.bus.vec.SnapshotRequest;
import io.pyrope.bus.wal.WalRecord;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.engine.Names;
import io.pyrope.wal.WalWriter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link Addresses#VEC_SNAPSHOT} — take, list, load a snapshot, restore to a point in
 * time — and runs the periodic snapshot job ({@code snapshot.interval-s}).
 *
 * <p>Threading: the consumer and the timer run on this verticle's event loop and only hand
 * work to the {@value #WORKER_POOL} pool (disk I/O, FAISS reads, Kafka replays). A LOAD or
 * RESTORE with the WAL on is a WAL record: its future completes when the lane of its index has
 * applied it. The periodic job never overlaps itself.
 */
public final class DurabilityVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DurabilityVerticle.class);
  /** Worker pool for snapshot work: small, it is disk-bound and must not crowd out searches. */
  public static final String WORKER_POOL = "pyrope-snapshot";
  /** Threads of {@link #WORKER_POOL}. */
  public static final int WORKER_THREADS = 2;

  private final SnapshotService snapshots;
  private final IndexRegistry registry;
  private final WalWriter writer;          // null with wal.enabled=false
  private final PointInTime pointInTime;   // null with wal.enabled=false
  private final long intervalMillis;       // 0: no periodic snapshots
  private final AtomicBoolean periodicRunning = new AtomicBoolean();
  private WorkerExecutor workers;

  public DurabilityVerticle(SnapshotService snapshots, IndexRegistry registry, WalWriter writer,
      PointInTime pointInTime, long intervalMillis) {
    this.snapshots = snapshots;
    this.registry = registry;
    this.writer = writer;
    this.pointInTime = pointInTime;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public Future<?> start() {
    try {
      DurabilityCodecs.register(vertx.eventBus());
    } catch (IllegalStateException alreadyRegistered) {
      LOG.debug("snapshot codecs already registered");
    }
    workers = vertx.createSharedWorkerExecutor(WORKER_POOL, WORKER_THREADS);
    if (intervalMillis > 0) {
      vertx.setPeriodic(intervalMillis, id -> periodic());
    }
    return vertx.eventBus().<SnapshotRequest>consumer(Addresses.VEC_SNAPSHOT, this::onRequest).completion();
  }

  @Override
  public Future<?> stop() {
    return workers == null ? Future.succeededFuture() : workers.close();
  }

  private void periodic() {
    if (!periodicRunning.compareAndSet(false, true)) {
      return;
    }
    workers.executeBlocking(snapshots::takeChanged, false).onComplete(ar -> {
      periodicRunning.set(false);
      if (ar.failed()) {
        LOG.warn("periodic snapshots failed: {}", ar.cause().toString());
      }
    });
  }

  // VEC.SNAPSHOT tenant index | POST /v1/indexes/{tenant}/{index}/snapshot|load|restore | GET …/snapshots
  private void onRequest(Message<SnapshotRequest> msg) {
    SnapshotRequest req = msg.body();
    workers.<Future<SnapshotReply>>executeBlocking(() -> handle(req), false)
        .compose(f -> f)
        .onSuccess(msg::reply)
        .onFailure(t -> msg.reply(toVec(t).toReplyException()));
  }

  private Future<SnapshotReply> handle(SnapshotRequest req) {
    String tenant = Names.check("tenant", req.tenant());
    String index = Names.check("index", req.index());
    switch (req.op()) {
      case TAKE:
        return Future.succeededFuture(new SnapshotReply(describe(snapshots.take(tenant, index))));
      case LIST: {
        List<Object> out = new ArrayList<>();
        for (String id : snapshots.store().list(tenant, index)) {
          try {
            out.add(describe(snapshots.store().meta(tenant, index, id)));
          } catch (SnapshotException e) {
            out.add(Map.of("id", id, "valid", false, "error", e.getMessage()));
          }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("snapshots", out);
        return Future.succeededFuture(new SnapshotReply(f));
      }
      case LOAD:
        return load(tenant, index, req.snapshot());
      case RESTORE:
        return restore(tenant, index, req.timestampMillis());
      default:
        throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "unknown snapshot operation " + req.op());
    }
  }

  private Future<SnapshotReply> load(String tenant, String index, String id) {
    if (id == null || id.isBlank()) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "load needs a snapshot id");
    }
    SnapshotMeta meta;
    try {
      meta = snapshots.store().meta(tenant, index, id);
    } catch (SnapshotException e) {
      throw new VecException(ErrorCode.VEC_ERR_NOT_FOUND, "snapshot " + id + " of " + tenant + "/" + index
          + " is missing or unusable: " + e.getMessage());
    }
    if (writer == null) {
      SnapshotStore.Loaded l = loadOrNotFound(tenant, index, id);
      registry.install(l.index());
      snapshots.noteEpoch(WalRecord.key(tenant, index), l.meta().epoch());
      return Future.succeededFuture(stats(l.index().stats()));
    }
    if (meta.walTopic() == null || !meta.walTopic().equals(writer.topic()) || meta.walOffset() < 0) {
      throw new VecException(ErrorCode.VEC_ERR_NOT_FOUND, "snapshot " + id + " has no position in WAL "
          + writer.topic() + "; it can only be loaded with wal.enabled=false");
    }
    return logRestore(WalRecord.restore(tenant, index, meta.walOffset() + 1, -1, id));
  }

  private Future<SnapshotReply> restore(String tenant, String index, long timestamp) {
    if (writer == null || pointInTime == null) {
      throw new VecException(ErrorCode.VEC_ERR_UNAVAILABLE, "point-in-time restore needs the WAL (wal.enabled=true)");
    }
    if (timestamp < 0) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "restore needs a timestamp (epoch millis), got " + timestamp);
    }
    String key = WalRecord.key(tenant, index);
    long upto = pointInTime.offsetAfter(WalWriter.partitionOf(key, writer.partitions()), timestamp);
    return logRestore(WalRecord.restore(tenant, index, upto, timestamp, null));
  }

  private Future<SnapshotReply> logRestore(WalRecord r) {
    return Future.fromCompletionStage(writer.append(r), context).map(o -> stats((IndexStats) o));
  }

  private SnapshotStore.Loaded loadOrNotFound(String tenant, String index, String id) {
    try {
      return snapshots.store().load(registry, tenant, index, id);
    } catch (SnapshotException e) {
      throw new VecException(ErrorCode.VEC_ERR_NOT_FOUND, "snapshot " + id + " is unusable: " + e.getMessage());
    }
  }

  private static SnapshotReply stats(IndexStats s) {
    return new SnapshotReply(new LinkedHashMap<>(s.fields()));
  }

  static Map<String, Object> describe(SnapshotMeta m) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("id", m.id());
    f.put("tenant", m.tenant());
    f.put("index", m.index());
    f.put("taken_millis", m.takenMillis());
    f.put("records", m.records());
    f.put("epoch", m.epoch());
    f.put("wal_partition", m.walPartition());
    f.put("wal_offset", m.walOffset());
    f.put("wal_timestamp", m.walTimestamp());
    return f;
  }

  private static VecException toVec(Throwable t) {
    Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (c instanceof VecException v) {
      return v;
    }
    LOG.error("snapshot request failed", c);
    return new VecException(ErrorCode.VEC_ERR_INTERNAL, "snapshot operation failed: " + c.getMessage());
  }
}
