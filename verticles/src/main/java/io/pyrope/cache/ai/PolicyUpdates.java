package io.pyrope.cache.ai;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the policy topic on a thread of its own and hands each record to {@link PolicyControl}
 * (tables) or {@link Evaluations} (reports); between polls it runs the guardrail's clock
 * ({@link PolicyControl#tick}).
 *
 * <p>Every node must see every table, so there is no consumer group: the node assigns the
 * topic's one partition and reads it from the beginning. While catching up to the end offset
 * seen at start, only the newest table is kept and then offered once (compaction usually leaves
 * one, but the open segment may hold many), so a restart does not replay a history of swaps;
 * evaluations are stored as they come.
 *
 * <p>Threading: the Kafka consumer is not thread-safe and is used by this thread only;
 * {@link #close} wakes it up and waits for it. Nothing here runs on an event loop, and nothing on
 * the search path waits for this thread. Kafka being down delays tables (and, past the deadline,
 * makes the guardrail fall back); it never stops the node.
 */
public final class PolicyUpdates implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyUpdates.class);
  /** Longest wait in poll: also the guardrail's tick period. */
  static final Duration POLL = Duration.ofMillis(200);
  /** How long close waits for the thread. */
  static final Duration JOIN = Duration.ofSeconds(5);

  private final Consumer<byte[], byte[]> consumer;  // this thread only
  private final TopicPartition partition;
  private final PolicyControl control;              // null when the cache is off: tables are ignored
  private final Evaluations evaluations;
  private final LongSupplier clock;                 // epoch milliseconds
  private final AtomicLong records = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean caughtUp;
  private boolean started;

  public PolicyUpdates(Consumer<byte[], byte[]> consumer, String topic, PolicyControl control, Evaluations evaluations,
      LongSupplier clock) {
    this.consumer = consumer;
    this.partition = new TopicPartition(topic, 0);
    this.control = control;
    this.evaluations = evaluations;
    this.clock = clock;
    this.thread = new Thread(this::run, "pyrope-policy-updates");
    this.thread.setDaemon(true);
  }

  public void start() {
    started = true;
    thread.start();
  }

  /** Records read so far. */
  public long records() {
    return records.get();
  }

  /** Whether the reader has reached the end offset it saw at start. */
  public boolean caughtUp() {
    return caughtUp;
  }

  private void run() {
    try (consumer) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = endOffset();
      ConsumerRecord<byte[], byte[]> pendingTable = null;
      caughtUp = end <= 0;
      while (!closed) {
        for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(POLL)) {
          records.incrementAndGet();
          if (isTable(rec) && !caughtUp) {
            pendingTable = rec;
          } else {
            handle(rec);
          }
        }
        if (!caughtUp && consumer.position(partition) >= end) {
          caughtUp = true;
          if (pendingTable != null) {
            handle(pendingTable);
            pendingTable = null;
          }
          LOG.atInfo().addKeyValue("records", records.get()).log("ai policy: caught up with the policy topic");
        }
        if (caughtUp && control != null) {
          control.tick();
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop.
    } catch (RuntimeException e) {
      LOG.atError().addKeyValue("error", e.toString()).log("ai policy: reader stopped; the node keeps its table");
    }
  }

  /** The partition's end offset at start; retried while Kafka is unreachable. */
  private long endOffset() {
    while (!closed) {
      try {
        return consumer.endOffsets(List.of(partition)).get(partition);
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        LOG.atWarn().addKeyValue("error", e.toString()).log("ai policy: kafka not reachable yet, retrying");
      }
    }
    return 0;
  }

  private static boolean isTable(ConsumerRecord<byte[], byte[]> rec) {
    return PolicyRecord.TABLE_KEY.equals(key(rec));
  }

  private static String key(ConsumerRecord<byte[], byte[]> rec) {
    return rec.key() == null ? "" : new String(rec.key(), StandardCharsets.UTF_8);
  }

  private void handle(ConsumerRecord<byte[], byte[]> rec) {
    String key = key(rec);
    if (PolicyRecord.TABLE_KEY.equals(key)) {
      if (control == null) {
        return;
      }
      PolicyRecord.Table t;
      try {
        t = PolicyRecord.table(rec.value());
      } catch (PolicyRecord.InvalidRecord e) {
        control.onInvalid("offset " + rec.offset() + ": " + e.getMessage());
        return;
      }
      PolicyControl.Outcome o = control.onTable(t);
      LOG.atDebug().addKeyValue("offset", rec.offset()).addKeyValue("table", t.identity())
          .addKeyValue("outcome", o).log("ai policy: table record");
    } else if (key.startsWith(PolicyRecord.EVALUATION_PREFIX)) {
      evaluation(key, rec);
    } else {
      LOG.atWarn().addKeyValue("offset", rec.offset()).addKeyValue("key", PolicyRecord.brief(key))
          .log("ai policy: record with an unknown key skipped");
    }
  }

  private void evaluation(String key, ConsumerRecord<byte[], byte[]> rec) {
    if (rec.value() == null) { // tombstone: the controller withdrew the report
      String[] parts = key.substring(PolicyRecord.EVALUATION_PREFIX.length()).split("/", 2);
      if (parts.length == 2) {
        evaluations.remove(parts[0], parts[1]);
      }
      return;
    }
    try {
      evaluations.put(PolicyRecord.evaluation(key, rec.value()), clock.getAsLong());
    } catch (PolicyRecord.InvalidRecord e) {
      LOG.atWarn().addKeyValue("offset", rec.offset()).addKeyValue("key", PolicyRecord.brief(key))
          .addKeyValue("error", e.getMessage()).log("ai policy: evaluation record skipped");
    }
  }

  @Override
  public void close() {
    closed = true;
    if (!started) {
      consumer.close();
      return;
    }
    consumer.wakeup();
    try {
      thread.join(JOIN.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
