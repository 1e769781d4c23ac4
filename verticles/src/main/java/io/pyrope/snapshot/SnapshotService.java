package io.pyrope.snapshot;

import io.pyrope.bus.wal.WalRecord;
import io.pyrope.engine.IndexImage;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.engine.VectorIndex;
import io.pyrope.wal.WalApplier;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
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
        var pruned = store.prune(tenant, index, retain);
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
   *
   * @return how many indexes were loaded
   */
  public int recover() {
    int cleaned = store.cleanTemp();
    if (cleaned > 0) {
      LOG.info("removed {} half-written snapshot directories", cleaned);
    }
    int loaded = 0;
    for (String[] ti : store.indexes()) {
      SnapshotStore.Loaded l = newestValid(ti[0], ti[1], Long.MAX_VALUE, null);
      if (l == null) {
        continue;
      }
      registry.install(l.index());
      SnapshotMeta m = l.meta();
      if (m.walTopic() != null && m.walTopic().equals(walTopic) && m.walOffset() >= 0) {
        applier.setPosition(WalRecord.key(ti[0], ti[1]), new WalApplier.Position(m.walPartition(), m.walOffset(),
            m.walTimestamp()));
      } else if (walTopic != null && m.walTopic() != null) {
        LOG.warn("snapshot {} of {}/{} refers to WAL topic {}, this node logs to {}: its offsets are ignored",
            m.id(), ti[0], ti[1], m.walTopic(), walTopic);
      }
      lastEpoch.put(WalRecord.key(ti[0], ti[1]), m.epoch());
      loaded++;
    }
    return loaded;
  }

  /**
   * The newest snapshot of an index that loads cleanly and includes WAL records below
   * {@code beforeOffset} only; damaged ones are skipped with a warning.
   *
   * @param preferred a snapshot id to try first, or null
   * @return the loaded snapshot (its index not registered), or null when none qualifies
   */
  SnapshotStore.Loaded newestValid(String tenant, String index, long beforeOffset, String preferred) {
    java.util.List<String> ids = new java.util.ArrayList<>(store.list(tenant, index));
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
