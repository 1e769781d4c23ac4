package io.pyrope.wal;

import io.pyrope.bus.VecException;
import io.pyrope.bus.wal.WalCodec;
import io.pyrope.bus.wal.WalRecord;
import io.pyrope.kafka.KafkaClientFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ranges of {@code pyrope.wal} and applies them through a {@link WalApplier}: recovery at
 * start-up (every partition, from where the snapshots leave off to the end) and point-in-time
 * restores (one key, up to an offset). Records the applier has already applied are skipped by
 * key and offset without being decoded; a record that fails to apply fails the same way it did
 * live, and the replay goes on.
 *
 * <p>Threading: one replay runs on the calling thread with a consumer of its own (not
 * thread-safe, closed at the end); it blocks until it reached its end offsets or fails.
 */
public final class WalReplayer {
  private static final Logger LOG = LoggerFactory.getLogger(WalReplayer.class);
  /** One poll's wait; the replay ends at the end offsets taken when it started, not on an empty poll. */
  private static final Duration POLL = Duration.ofMillis(500);
  /** Progress lines of a long replay, at most this often. */
  private static final long PROGRESS_NANOS = 5_000_000_000L;
  /** A replay that makes no progress for this long fails (Kafka unreachable). */
  private static final long STALL_NANOS = 60_000_000_000L;

  /**
   * What a replay did.
   *
   * @param ends the end offset of each partition when the replay started
   */
  public record Result(long read, long applied, long failed, long millis, Map<Integer, Long> ends) {}

  private final KafkaClientFactory clients;
  private final String topic;
  private final String clientId;

  public WalReplayer(KafkaClientFactory clients, String topic, String clientId) {
    this.clients = clients;
    this.topic = topic;
    this.clientId = clientId;
  }

  /**
   * Applies every record of {@code from.keySet()} partitions from {@code from} (inclusive) to
   * the end offset as of now (or to {@code upto}, exclusive, when given for a partition).
   *
   * @param keys which keys to apply (others are skipped undecoded)
   */
  public Result replay(WalApplier applier, Map<Integer, Long> from, Map<Integer, Long> upto, Predicate<String> keys) {
    long t0 = System.nanoTime();
    try (Consumer<byte[], byte[]> consumer = clients.walReader(clientId)) {
      List<TopicPartition> tps = new ArrayList<>();
      from.keySet().forEach(p -> tps.add(new TopicPartition(topic, p)));
      consumer.assign(tps);
      Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(tps));
      Map<Integer, Long> endsByPartition = new HashMap<>();
      ends.forEach((tp, o) -> endsByPartition.put(tp.partition(), o));
      Map<TopicPartition, Long> remaining = new HashMap<>();
      long total = 0;
      for (TopicPartition tp : tps) {
        long start = Math.max(0, from.get(tp.partition()));
        long end = ends.get(tp);
        if (upto != null && upto.containsKey(tp.partition())) {
          end = Math.min(end, upto.get(tp.partition()));
        }
        if (start < end) {
          consumer.seek(tp, start);
          remaining.put(tp, end);
          total += end - start;
        }
      }
      consumer.assign(remaining.keySet());
      if (!remaining.isEmpty()) {
        LOG.info("replaying up to {} WAL records from {} partitions", total, remaining.size());
      }
      long read = 0;
      long applied = 0;
      long failed = 0;
      long lastLog = System.nanoTime();
      long lastProgress = System.nanoTime();
      while (!remaining.isEmpty()) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
        if (batch.isEmpty() && System.nanoTime() - lastProgress > STALL_NANOS) {
          throw new IllegalStateException("WAL replay made no progress for " + STALL_NANOS / 1_000_000_000L
              + " s; is Kafka reachable?");
        }
        for (TopicPartition tp : batch.partitions()) {
          Long end = remaining.get(tp);
          if (end == null) {
            continue;
          }
          for (ConsumerRecord<byte[], byte[]> rec : batch.records(tp)) {
            if (rec.offset() >= end) {
              break;
            }
            read++;
            lastProgress = System.nanoTime();
            String key = rec.key() == null ? "" : new String(rec.key(), StandardCharsets.UTF_8);
            if (!keys.test(key) || applier.covered(key, rec.offset())) {
              continue;
            }
            WalRecord r;
            try {
              r = WalCodec.decode(rec.value());
            } catch (RuntimeException e) {
              LOG.error("WAL {}@{} cannot be decoded, skipped: {}", tp, rec.offset(), e.getMessage());
              failed++;
              continue;
            }
            try {
              if (applier.apply(r, tp.partition(), rec.offset(), rec.timestamp()) != null) {
                applied++;
              }
            } catch (VecException e) {
              failed++; // failed live the same way: deterministic
              LOG.debug("WAL {}@{} {} {}: {}", tp, rec.offset(), r.op().wireName(), key, e.toRespError());
            }
          }
          if (consumer.position(tp) >= end) {
            remaining.remove(tp);
            consumer.pause(List.of(tp));
          }
        }
        if (System.nanoTime() - lastLog > PROGRESS_NANOS) {
          LOG.info("WAL replay: {} of {} records read ({}%), {} applied", read, total,
              total == 0 ? 100 : read * 100 / total, applied);
          lastLog = System.nanoTime();
        }
      }
      Result res = new Result(read, applied, failed, (System.nanoTime() - t0) / 1_000_000, Map.copyOf(endsByPartition));
      if (read > 0) {
        LOG.info("WAL replay done: {} records read, {} applied, {} failed as they did live, {} ms", res.read(),
            res.applied(), res.failed(), res.millis());
      }
      return res;
    }
  }
}
