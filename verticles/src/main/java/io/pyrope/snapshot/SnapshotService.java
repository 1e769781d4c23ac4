package io.pyrope.snapshot;

import io.pyrope.bus.wal.WalRecord;
import io.pyrope.engine.IndexImage;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.engine.VectorIndex;
import io.pyrope.wal.WalApplier;
import io.pyrope.wal.WalWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes, prunes and recovers snapshots of the node's indexes.
 *
 * <p><b>Consistency.</b> A snapshot must hold exactly the effect of the WAL records up to the
 * offset it names. {@link #take} captures the index under its key's {@link WalApplier#lock}, the
 * lock every apply of that key holds, so no record is half in and half out; capture copies
 * references only, and the files are written after the lock is released while writes go on.
 *
 * <p><b>Threading.</b> Blocking (disk I/O, FAISS): call from worker threads. Snapshots of one
 * index are serialised by a per-index lock (so prunes never race a write of the same index);
 * different indexes snapshot in parallel.
 */
public final class SnapshotService {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);

  private final SnapshotStore store;                 // the files
  private final IndexRegistry registry;              // the live indexes
  private final WalApplier applier;                  // positions and per-key apply locks
  private final String walTopic;                     // null when the WAL is off
  private final int retain;                          // snapshots kept per index
  private final Clock clock;                         // snapshot ids and times
  private final Map<String, ReentrantLock> taking = new ConcurrentHashMap<>(); // key -> one snapshot at a time
  private final Map<String, Long> lastEpoch = new ConcurrentHashMap<>();       // key -> epoch of its last snapshot
  private final Map<String, Long> snapshotOffsets = new ConcurrentHashMap<>(); // key -> WAL offset of its last snapshot
  private final Object checkpointLock = new Object();                           // one checkpoint write at a time
  private volatile int checkpointPartitions;                                    // 0 until recovery is done: no checkpoints
  private volatile Map<Integer, Long> checkpointFloor = Map.of();               // where recovery started reading
  private volatile Supplier<Set<String>> pendingKeys = Set::of; // writes in flight

  /**
   * What start-up found.
   *
   * @param loaded keys loaded from a snapshot, with the WAL offset it includes (-1: none)
   * @param unusable keys with snapshots of which none could be loaded: their partition must be
   *     replayed from its start
   */
  public record Recovery(Map<String, Long> loaded, Set<String> unusable) {}

  public SnapshotService(SnapshotStore store, IndexRegistry registry, WalApplier applier, String walTopic, int retain,
      Clock clock) {
    this.store = store;
    this.registry = registry;
    this.applier = applier;
    this.walTopic = walTopic;
    this.retain = retain;
    this.clock = clock;
  }

  public SnapshotStore store() {
    return store;
  }

  /** Snapshots one index now; prunes its old snapshots afterwards. */
  public SnapshotMeta take(String tenant, String index) {
    String key = WalRecord.key(tenant, index);
    ReentrantLock one = taking.computeIfAbsent(key, k -> new ReentrantLock());
    one.lock();
    try {
      IndexImage image;
      WalApplier.Position pos;
      ReentrantLock apply = applier.lock(key);
      apply.lock();
      try {
        VectorIndex live = registry.get(tenant, index);
        image = live.capture();
        pos = applier.position(key);
      } finally {
        apply.unlock();
      }
      long t0 = System.nanoTime();
      try (image) {
        SnapshotMeta meta = store.write(image, walTopic, pos == null ? -1 : pos.partition(),
            pos == null ? -1 : pos.offset(), pos == null ? -1 : pos.timestamp(), clock.millis());
        lastEpoch.put(key, image.epoch());
        if (pos != null) {
          snapshotOffsets.put(key, pos.offset());
        }
        var pruned = store.prune(tenant, index, retain);
        if (checkpointPartitions > 0) {
          try {
            writeCheckpoint(checkpointPartitions, checkpointFloor);
          } catch (RuntimeException e) {
            LOG.warn("cannot write the WAL checkpoint (the next start replays more): {}", e.getMessage());
          }
        }
        LOG.atInfo().addKeyValue("index", key).addKeyValue("snapshot", meta.id()).addKeyValue("records", meta.records())
            .addKeyValue("wal_offset", meta.walOffset()).addKeyValue("pruned", pruned.size())
            .addKeyValue("ms", (System.nanoTime() - t0) / 1_000_000).log("snapshot written");
        return meta;
      }
    } finally {
      one.unlock();
    }
  }

  /** Snapshots every index whose epoch moved since its last snapshot (the periodic job). */
  public int takeChanged() {
    int n = 0;
    for (VectorIndex index : registry.all()) {
      String key = WalRecord.key(index.config().tenant(), index.config().name());
      Long last = lastEpoch.get(key);
      if (last != null && last == index.epoch()) {
        continue;
      }
      try {
        take(index.config().tenant(), index.config().name());
        n++;
      } catch (RuntimeException e) {
        LOG.warn("periodic snapshot of {} failed: {}", key, e.getMessage());
      }
    }
    return n;
  }

  /**
   * Start-up: for every index with snapshots, loads the newest one that passes its checks
   * (skipping damaged ones with a log line), registers it and sets its WAL position, so the
   * replay that follows resumes right after it. Runs before anything else touches the registry.
   */
  public Recovery recover() {
    int cleaned = store.cleanTemp();
    if (cleaned > 0) {
      LOG.info("removed {} half-written snapshot directories", cleaned);
    }
    Map<String, Long> loaded = new HashMap<>();
    Set<String> unusable = new HashSet<>();
    for (String[] ti : store.indexes()) {
      String key = WalRecord.key(ti[0], ti[1]);
      SnapshotStore.Loaded l = newestValid(ti[0], ti[1], Long.MAX_VALUE, null);
      if (l == null) {
        if (!store.list(ti[0], ti[1]).isEmpty()) {
          LOG.warn("no usable snapshot of {}: it is rebuilt from the WAL alone", key);
          unusable.add(key);
        }
        continue;
      }
      registry.install(l.index());
      SnapshotMeta m = l.meta();
      long offset = -1;
      if (m.walTopic() != null && m.walTopic().equals(walTopic) && m.walOffset() >= 0) {
        applier.setPosition(key, new WalApplier.Position(m.walPartition(), m.walOffset(), m.walTimestamp()));
        snapshotOffsets.put(key, m.walOffset());
        offset = m.walOffset();
      } else if (walTopic != null && m.walTopic() != null) {
        LOG.warn("snapshot {} of {} refers to WAL topic {}, this node logs to {}: its offsets are ignored",
            m.id(), key, m.walTopic(), walTopic);
      }
      lastEpoch.put(key, m.epoch());
      loaded.put(key, offset);
    }
    return new Recovery(loaded, unusable);
  }

  /**
   * Where a restart may start reading each WAL partition: the lowest offset a live index still
   * needs — just after its newest snapshot, or the record that made it (its CREATE or RESTORE)
   * when it has none. A partition without live indexes may start after everything applied in it.
   * Records below the checkpoint belong to dropped indexes or are inside snapshots; records in
   * flight are kept above it (a key with unapplied records bounds its partition by its applied
   * position, or by where recovery started). Recovery lowers it further for snapshots it had to
   * fall back from. Never above the log end: writes sent later get higher offsets.
   *
   * @param previous the checkpoint read at start-up (a partition without live indexes never moves back)
   */
  public Map<Integer, Long> checkpoint(int partitions, Map<Integer, Long> previous) {
    Set<String> pending = pendingKeys.get(); // before the positions: see WalWriter.pendingKeys
    Map<Integer, Long> cp = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      cp.put(p, previous.getOrDefault(p, 0L));
    }
    applier.positions().values().forEach(pos -> cp.merge(pos.partition(), pos.offset() + 1, Math::max));
    Map<Integer, Long> live = new HashMap<>();
    for (VectorIndex index : registry.all()) {
      String key = WalRecord.key(index.config().tenant(), index.config().name());
      Long snap = snapshotOffsets.get(key);
      Long start = applier.start(key);
      long need = snap != null ? snap + 1 : start != null ? start : 0;
      live.merge(WalWriter.partitionOf(key, partitions), need, Math::min);
    }
    cp.putAll(live);
    for (String key : pending) { // records acknowledged or in flight, not applied yet
      WalApplier.Position pos = applier.position(key);
      int p = WalWriter.partitionOf(key, partitions);
      cp.merge(p, pos != null ? pos.offset() + 1 : previous.getOrDefault(p, 0L), Math::min);
    }
    return cp;
  }

  /** After recovery: every snapshot from now on also writes the checkpoint. */
  public void enableCheckpoints(int partitions, Map<Integer, Long> recoveryStart,
      Supplier<Set<String>> pendingKeys) {
    this.pendingKeys = pendingKeys;
    this.checkpointFloor = Map.copyOf(recoveryStart);
    this.checkpointPartitions = partitions;
  }

  /** Writes {@link #checkpoint} to {@code <data.dir>/wal-checkpoint.json} (atomically). */
  public void writeCheckpoint(int partitions, Map<Integer, Long> previous) {
    if (walTopic == null) {
      return;
    }
    synchronized (checkpointLock) {
      store.writeCheckpoint(walTopic, checkpoint(partitions, previous));
    }
  }

  /** The checkpoint of {@code <data.dir>/wal-checkpoint.json} for this node's WAL topic, or empty. */
  public Map<Integer, Long> readCheckpoint() {
    return walTopic == null ? Map.of() : store.readCheckpoint(walTopic);
  }

  /**
   * The newest snapshot of an index that loads cleanly and includes WAL records below
   * {@code beforeOffset} only; damaged ones are skipped with a warning.
   *
   * @param preferred a snapshot id to try first, or null
   * @return the loaded snapshot (its index not registered), or null when none qualifies
   */
  SnapshotStore.Loaded newestValid(String tenant, String index, long beforeOffset, String preferred) {
    List<String> ids = new ArrayList<>(store.list(tenant, index));
    if (preferred != null && ids.remove(preferred)) {
      ids.add(0, preferred);
    }
    for (String id : ids) {
      try {
        if (beforeOffset != Long.MAX_VALUE) {
          SnapshotMeta m = store.meta(tenant, index, id);
          if (m.walTopic() == null || !m.walTopic().equals(walTopic) || m.walOffset() >= beforeOffset) {
            continue;
          }
        }
        SnapshotStore.Loaded l = store.load(registry, tenant, index, id);
        LOG.info("loaded snapshot {} of {}/{}: {} records, WAL offset {}", id, tenant, index, l.meta().records(),
            l.meta().walOffset());
        return l;
      } catch (SnapshotException e) {
        LOG.warn("snapshot {} of {}/{} is unusable, trying the previous one: {}", id, tenant, index, e.getMessage());
      }
    }
    return null;
  }

  /** The dropped index's snapshots go with it. */
  public void onDrop(String key) {
    int slash = key.indexOf('/');
    store.deleteAll(key.substring(0, slash), key.substring(slash + 1));
    lastEpoch.remove(key);
  }

  /** Records that an index now equals a snapshot's content (after a load), so the periodic job skips it. */
  void noteEpoch(String key, long epoch) {
    lastEpoch.put(key, epoch);
  }
}
