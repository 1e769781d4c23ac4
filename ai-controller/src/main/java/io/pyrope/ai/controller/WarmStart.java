package io.pyrope.ai.controller;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the log consumer starts on each assigned partition, so a (re)started controller has its
 * window of features before it publishes anything.
 *
 * <p>The features only need the last window ({@code --window-ms}); the traces need every record
 * exactly once. So on assignment each partition is sought back to the first record of the window
 * (by record timestamp) and records below the group's committed offset are <em>replayed</em>:
 * applied to the features, not written to the traces again. A new group (no committed offset)
 * starts at the window too, not at the topic's oldest record (days of logs), and a group whose
 * committed offset is older than the window skips to it: records older than the window would not
 * count in any feature, and the traces get a gap there (logged). Offsets are committed as
 * {@code max(position, replay end)}, so a replay never moves a committed offset backwards.
 *
 * <p>{@link #caughtUp} turns true once every partition's position reached the end offset it had
 * at assignment: the cadence publishes only from then on, so a restart does not publish a table
 * built from half a window (nodes keep their last good table meanwhile).
 *
 * <p>Threading: the listener callbacks and every method but {@link #caughtUp} run on the
 * consumer thread (inside {@code poll}); {@code caughtUp} is read by the cadence.
 */
final class WarmStart implements ConsumerRebalanceListener {
  private static final Logger LOG = LoggerFactory.getLogger(WarmStart.class);
  /** Bound of the offset lookups done on assignment. */
  static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

  private final Consumer<?, ?> consumer;
  private final long windowMs;
  private final Clock clock;
  private final Map<TopicPartition, Long> replayEnd = new HashMap<>();  // below it: features only
  private final Map<TopicPartition, Long> catchUpEnd = new HashMap<>(); // end offsets at assignment
  private final AtomicBoolean caughtUp = new AtomicBoolean();

  WarmStart(Consumer<?, ?> consumer, long windowMs, Clock clock) {
    this.consumer = consumer;
    this.windowMs = windowMs;
    this.clock = clock;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> parts) {
    if (parts.isEmpty()) {
      return;
    }
    try {
      seekToWindow(parts);
    } catch (RuntimeException e) {
      // Kafka could not answer the lookups: consume from the committed offsets without a replay.
      parts.forEach(tp -> {
        replayEnd.remove(tp);
        catchUpEnd.remove(tp);
      });
      caughtUp.set(true);
      LOG.atWarn().addKeyValue("error", e.toString())
          .log("window replay skipped; consuming from the committed offsets");
    }
  }

  private void seekToWindow(Collection<TopicPartition> parts) {
    long from = clock.millis() - windowMs;
    Map<TopicPartition, Long> times = new HashMap<>();
    parts.forEach(tp -> times.put(tp, Math.max(0, from)));
    Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, LOOKUP_TIMEOUT);
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(java.util.Set.copyOf(parts), LOOKUP_TIMEOUT);
    Map<TopicPartition, Long> ends = consumer.endOffsets(parts, LOOKUP_TIMEOUT);
    long replay = 0;
    for (TopicPartition tp : parts) {
      OffsetAndMetadata c = committed.get(tp);
      OffsetAndTimestamp s = starts.get(tp);
      long end = ends.getOrDefault(tp, 0L);
      long start = s == null ? end : s.offset();  // no record in the window: nothing to replay
      consumer.seek(tp, start);
      long traceFrom = c == null ? start : Math.max(start, c.offset());
      if (c != null && c.offset() < start) {
        LOG.atInfo().addKeyValue("partition", tp).addKeyValue("skipped", start - c.offset())
            .log("records older than the window skipped (not in the traces)");
      }
      replayEnd.put(tp, traceFrom);
      replay += traceFrom - start;
      catchUpEnd.put(tp, end);
    }
    LOG.atInfo().addKeyValue("partitions", parts.size()).addKeyValue("replayed_records", replay)
        .log("partitions assigned; replaying the window into the features");
    check();
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> parts) {
    parts.forEach(tp -> {
      replayEnd.remove(tp);
      catchUpEnd.remove(tp);
    });
  }

  /** Whether a record is a replay (features only): below the offset traced before. */
  boolean replayed(TopicPartition tp, long offset) {
    Long end = replayEnd.get(tp);
    return end != null && offset < end;
  }

  /** The offsets to commit now: never below what was committed before the replay. */
  Map<TopicPartition, OffsetAndMetadata> commitOffsets() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      long pos = consumer.position(tp);
      out.put(tp, new OffsetAndMetadata(Math.max(pos, replayEnd.getOrDefault(tp, 0L))));
    }
    return out;
  }

  /** Re-evaluates {@link #caughtUp} after a poll. */
  void check() {
    if (caughtUp.get() || catchUpEnd.isEmpty()) {
      return;
    }
    try {
      for (Map.Entry<TopicPartition, Long> e : catchUpEnd.entrySet()) {
        if (consumer.position(e.getKey()) < e.getValue()) {
          return;
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      return; // a stop is under way; the loop sees its flag next
    }
    caughtUp.set(true);
    LOG.atInfo().log("caught up with the logs; publishing from the next cadence");
  }

  /** Whether the consumer has read, once, up to where the logs ended when it started. */
  boolean caughtUp() {
    return caughtUp.get();
  }
}
