package io.pyrope.wal;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.IndexStats;
import io.pyrope.bus.vec.WriteRequest;
import io.pyrope.bus.wal.WalRecord;
import io.pyrope.engine.IndexConfig;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.engine.VectorIndex;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Applies WAL records to the node's indexes — the one place where a logged change becomes an
 * in-memory change, for live writes (after Kafka acknowledged them) and for replays alike.
 *
 * <p><b>Idempotence.</b> For every key ({@code tenant/index}) it remembers the offset of the
 * last record it applied ({@link Position}); a record at or below it is skipped and changes
 * nothing. A snapshot stores the position of its index, so a restart resumes exactly after it.
 * A record whose apply fails (an ADD of an id that an earlier record added, a write to an index
 * that an earlier record dropped) still counts as applied: the failure is deterministic, a
 * replay meets the same failure at the same place.
 *
 * <p><b>Threading.</b> Records of one key are applied under that key's lock ({@link #lock}),
 * in offset order: the WAL writer applies each lane in send order, a replay runs on one thread.
 * A snapshot takes the same lock to capture an index and its position as one consistent pair.
 * Records of different keys apply in parallel. Positions are in a concurrent map, written under
 * the key's lock.
 */
public final class WalApplier {
  /**
   * Where a key stands in the WAL.
   *
   * @param partition WAL partition of the key
   * @param offset offset of the last record applied to the key
   * @param timestamp broker timestamp (LogAppendTime) of that record, epoch millis
   */
  public record Position(int partition, long offset, long timestamp) {}

  /** Rebuilds an index for a RESTORE record (point-in-time or named snapshot); set by the snapshot layer. */
  public interface Restorer {
    /**
     * The index of {@code record} as it was after every record of {@code partition} below the
     * record's upto offset, built out of sight (not registered).
     *
     * @throws VecException {@code VEC_ERR_NOT_FOUND} when the index did not exist at that point
     */
    VectorIndex rebuild(WalRecord record, int partition);
  }

  private final IndexRegistry registry;                        // the node's indexes
  private final Map<String, Position> positions = new ConcurrentHashMap<>(); // key -> last applied
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>(); // key -> apply lock
  private final Map<String, Long> starts = new ConcurrentHashMap<>();  // key -> offset its current index was made at
  private volatile Restorer restorer;                           // null until the snapshot layer starts
  private volatile Consumer<String> onDrop = key -> { };        // told after an index was dropped

  public WalApplier(IndexRegistry registry) {
    this.registry = registry;
  }

  public IndexRegistry registry() {
    return registry;
  }

  public void setRestorer(Restorer restorer) {
    this.restorer = restorer;
  }

  /** Called with the key of every index a DROP record dropped (after the drop). */
  public void setOnDrop(Consumer<String> onDrop) {
    this.onDrop = onDrop;
  }

  /** The lock that orders applies (and snapshot captures) of one key. */
  public ReentrantLock lock(String key) {
    return locks.computeIfAbsent(key, k -> new ReentrantLock());
  }

  /** The last record applied to {@code key}, or null when none was (since the node started or its snapshot). */
  public Position position(String key) {
    return positions.get(key);
  }

  /**
   * The offset of the record that made the key's current index (its CREATE, or the RESTORE that
   * rebuilt it): a replay from there rebuilds the index; null when unknown (loaded from a snapshot).
   */
  public Long start(String key) {
    return starts.get(key);
  }

  /** Every key's position (a live view). */
  public Map<String, Position> positions() {
    return Collections.unmodifiableMap(positions);
  }

  /** Sets a key's position, e.g. from the snapshot an index was loaded from. */
  public void setPosition(String key, Position p) {
    if (p == null) {
      positions.remove(key);
    } else {
      positions.put(key, p);
    }
  }

  /** Whether the record at {@code offset} of {@code key} was applied already (cheap: no decoding). */
  public boolean covered(String key, long offset) {
    Position p = positions.get(key);
    return p != null && offset <= p.offset();
  }

  /**
   * Applies one record, under its key's lock.
   *
   * @return the change's reply ({@code WriteReply} or {@code IndexStats}), or null when the
   *     record was applied before (skipped)
   * @throws VecException the change's own failure (it still counts as applied)
   */
  public Object apply(WalRecord r, int partition, long offset, long timestamp) {
    return apply(r, partition, offset, timestamp, null);
  }

  /**
   * As {@link #apply(WalRecord, int, long, long)}, with the write as the live path validated it
   * before logging it ({@code validated}, or null): applied without checking its records again
   * when the index is still the one that validated it.
   */
  public Object apply(WalRecord r, int partition, long offset, long timestamp, VectorIndex.Validated validated) {
    String key = r.key();
    ReentrantLock lock = lock(key);
    lock.lock();
    try {
      if (covered(key, offset)) {
        return null;
      }
      try {
        return applyOnce(r, partition, offset, timestamp, validated);
      } finally {
        positions.put(key, new Position(partition, offset, timestamp));
      }
    } finally {
      lock.unlock();
    }
  }

  private Object applyOnce(WalRecord r, int partition, long offset, long timestamp, VectorIndex.Validated validated) {
    return switch (r.op()) {
      case ADD, UPSERT, DELETE -> {
        VectorIndex index = registry.get(r.tenant(), r.index());
        yield validated != null ? index.write(validated, timestamp) : index.write(new WriteRequest(r.tenant(),
            r.index(), r.op() == WalRecord.Op.ADD ? WriteRequest.Kind.ADD : r.op() == WalRecord.Op.UPSERT
            ? WriteRequest.Kind.UPSERT : WriteRequest.Kind.DELETE, r.records(), r.ids()), timestamp);
      }
      case CREATE -> {
        IndexStats stats = registry.create(IndexConfig.fromJson(r.config())).stats();
        starts.put(r.key(), offset);
        yield stats;
      }
      case DROP -> {
        VectorIndex index = registry.get(r.tenant(), r.index());
        IndexStats last = index.stats();
        registry.drop(r.tenant(), r.index());
        starts.remove(r.key());
        onDrop.accept(r.key());
        yield last;
      }
      case RESTORE -> {
        Restorer rs = restorer;
        if (rs == null) {
          throw new VecException(ErrorCode.VEC_ERR_UNAVAILABLE, "restore is not available on this node");
        }
        VectorIndex rebuilt = rs.rebuild(r, partition);
        registry.install(rebuilt);
        starts.put(r.key(), offset); // replaying from here redoes the restore, which rebuilds everything before
        yield rebuilt.stats();
      }
    };
  }
}
