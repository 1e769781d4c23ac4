package io.pyrope.snapshot;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.wal.WalRecord;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.engine.VectorIndex;
import io.pyrope.kafka.KafkaClientFactory;
import io.pyrope.wal.WalApplier;
import io.pyrope.wal.WalReplayer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Restores an index to an earlier state: to a point in time, or to a named snapshot.
 *
 * <p><b>Through the log.</b> A restore is itself a WAL record ({@code op=restore}) naming the
 * offset it rewinds to: "this index becomes what it was after every record of its partition
 * below {@code upto_offset}". Appended through the lane of its index, it is ordered with the
 * index's writes, and a replay after a restart redoes it instead of undoing it — the records
 * after the rewind point are still in the log, and without the marker a recovery would apply
 * them again. For a point in time T, {@code upto_offset} is the first offset of the partition
 * whose broker timestamp (LogAppendTime, monotonic per partition) is after T
 * ({@code offsetsForTimes(T + 1)}), or the end of the partition when there is none.
 *
 * <p><b>How a restore is applied</b> ({@link #rebuild}): the newest valid snapshot of the index
 * whose WAL offset is below {@code upto_offset} (the named one first, if it still exists and
 * qualifies) is loaded into a scratch registry, then the partition is replayed from just after
 * it up to {@code upto_offset}, for this key only, by a scratch applier; with no such snapshot
 * the replay starts at offset 0. An earlier restore met during that replay is redone the same
 * way (recursively). The result replaces the live index. Deterministic: the same log and any
 * valid snapshots give the same index.
 *
 * <p>Threading: {@link #rebuild} runs on the applying thread under the key's apply lock (the
 * index takes no writes meanwhile); it blocks on disk and Kafka.
 */
public final class PointInTime implements WalApplier.Restorer {
  private final SnapshotService snapshots;
  private final IndexRegistry registry;      // the live registry; rebuilds happen in its scratch copies
  private final KafkaClientFactory clients;
  private final String topic;

  public PointInTime(SnapshotService snapshots, IndexRegistry registry, KafkaClientFactory clients, String topic) {
    this.snapshots = snapshots;
    this.registry = registry;
    this.clients = clients;
    this.topic = topic;
  }

  /** The offset a restore to {@code timestampMillis} rewinds to: the first record after it, or the end. */
  public long offsetAfter(int partition, long timestampMillis) {
    TopicPartition tp = new TopicPartition(topic, partition);
    try (Consumer<byte[], byte[]> c = clients.walReader("pyrope-restore-lookup")) {
      Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(Map.of(tp, timestampMillis + 1));
      OffsetAndTimestamp ot = found.get(tp);
      return ot != null ? ot.offset() : c.endOffsets(List.of(tp)).get(tp);
    }
  }

  @Override
  public VectorIndex rebuild(WalRecord r, int partition) {
    String key = r.key();
    long upto = r.uptoOffset();
    IndexRegistry scratch = registry.scratch();
    try {
      WalApplier sub = new WalApplier(scratch);
      sub.setRestorer(this); // a restore inside the replayed range is redone the same way
      SnapshotStore.Loaded base = snapshots.newestValid(r.tenant(), r.index(), upto, r.snapshot());
      long from = 0;
      if (base != null) {
        scratch.install(base.index());
        SnapshotMeta m = base.meta();
        sub.setPosition(key, new WalApplier.Position(m.walPartition(), m.walOffset(), m.walTimestamp()));
        from = m.walOffset() + 1;
      }
      new WalReplayer(clients, topic, "pyrope-restore").replay(sub, Map.of(partition, from), Map.of(partition, upto),
          key::equals);
      VectorIndex result = scratch.detach(r.tenant(), r.index());
      if (result == null) {
        throw new VecException(ErrorCode.VEC_ERR_NOT_FOUND, "index " + key + " did not exist at that point"
            + (r.restoreTimestamp() >= 0 ? " (" + Instant.ofEpochMilli(r.restoreTimestamp()) + ")" : ""));
      }
      return result;
    } finally {
      scratch.close();
    }
  }
}
