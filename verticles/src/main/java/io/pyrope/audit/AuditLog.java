package io.pyrope.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.bus.Topics;
import io.pyrope.bus.audit.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Comparator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's audit trail: the one API every part of the node calls to record a management
 * operation or a failed access attempt ({@link #record}). Each record goes to two places:
 * <ul>
 *   <li>a bounded in-memory ring of the newest {@code capacity} records, which
 *       {@code GET /v1/audit} queries with filters;
 *   <li>the Kafka topic {@code pyrope.audit} (one partition, kept forever), through an idempotent
 *       {@code acks=all} producer, so the trail survives the node and is totally ordered.
 * </ul>
 *
 * <p>With {@link #follow}, the ring also takes what is on Kafka: at start the newest
 * {@code capacity} records of the topic (earlier runs of this node, other nodes), then every
 * record other nodes publish. So {@code GET /v1/audit} survives a restart and shows the
 * cluster's trail. This node's own records enter the ring when recorded, and are skipped when
 * they come back from Kafka, so each appears once.
 *
 * <p>Threading: {@link #record} may be called from any thread, event loops included, and never
 * blocks: the ring is guarded by its own monitor (short critical sections), and publishing is
 * handed to one sender thread, because {@code Producer.send} can block for metadata when Kafka is
 * away. That single thread also keeps the Kafka order equal to the ring order. A record that
 * cannot be published is counted ({@code vector_db_audit_publish_failures_total}) and logged
 * without its content; it stays in the ring.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  /** Records kept in memory for queries. */
  public static final int DEFAULT_RING_CAPACITY = 10_000;
  /** Records one query returns when it does not say. */
  public static final int DEFAULT_QUERY_LIMIT = 100;
  /** Most records one query returns. */
  public static final int MAX_QUERY_LIMIT = 1_000;
  /** How long close waits for queued records to reach Kafka. */
  private static final long CLOSE_WAIT_MS = 5_000;

  private final String node;
  private final int capacity;
  /** Newest last. Guarded by itself. */
  private final ArrayDeque<AuditRecord> ring = new ArrayDeque<>();
  /** Null: no Kafka (unit tests). Thread-safe. */
  private final Producer<byte[], byte[]> producer;
  private final ExecutorService sender;
  private final Counter published;
  private final Counter publishFailures;
  /** The thread that follows the topic; null until {@link #follow}. */
  private Thread follower;
  /** The follower's consumer, for {@code wakeup()} on close. NOT thread-safe otherwise. */
  private Consumer<byte[], byte[]> followerConsumer;
  private volatile boolean closed;

  /**
   * @param node this node instance's id, stamped on every record
   * @param producer an idempotent producer for {@code pyrope.audit}, owned (closed) by this log; null for none
   */
  public AuditLog(String node, Producer<byte[], byte[]> producer, int capacity, MeterRegistry meters) {
    this.node = node;
    this.capacity = capacity;
    this.producer = producer;
    this.sender = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "pyrope-audit-sender");
      t.setDaemon(true);
      return t;
    });
    this.published = Counter.builder("vector_db_audit_records_total").description("Audit records recorded")
        .register(meters);
    this.publishFailures = Counter.builder("vector_db_audit_publish_failures_total")
        .description("Audit records that could not be published to Kafka").register(meters);
  }

  /** This node instance's id. */
  public String node() {
    return node;
  }

  /** A record under construction, stamped with this node, a new id and the current time at {@code build}. */
  public AuditEvent event(String action) {
    return new AuditEvent(this, action);
  }

  /** Records one audit record: into the ring now, to Kafka soon. Never blocks, never throws. */
  public void record(AuditRecord r) {
    remember(r);
    published.increment();
    if (producer == null) {
      return;
    }
    byte[] key = r.tenant() == null ? null : r.tenant().getBytes(StandardCharsets.UTF_8);
    byte[] value = r.toJson().encode().getBytes(StandardCharsets.UTF_8);
    try {
      sender.execute(() -> {
        try {
          producer.send(new ProducerRecord<>(Topics.AUDIT, key, value), (md, err) -> {
            if (err != null) {
              failed(r, err);
            }
          });
        } catch (RuntimeException e) {
          failed(r, e);
        }
      });
    } catch (RejectedExecutionException e) {
      failed(r, e);
    }
  }

  private void remember(AuditRecord r) {
    synchronized (ring) {
      ring.addLast(r);
      while (ring.size() > capacity) {
        ring.removeFirst();
      }
    }
  }

  /**
   * Starts following {@code pyrope.audit} with {@code consumer} (group-less; owned and closed by
   * this log) on a thread of its own: from the newest {@code capacity} records, then live.
   * Kafka being away only delays it.
   */
  public synchronized void follow(Consumer<byte[], byte[]> consumer) {
    followerConsumer = consumer;
    follower = new Thread(() -> followLoop(consumer), "pyrope-audit-follower");
    follower.setDaemon(true);
    follower.start();
  }

  private void followLoop(Consumer<byte[], byte[]> consumer) {
    TopicPartition tp = new TopicPartition(Topics.AUDIT, 0);
    try (consumer) {
      consumer.assign(List.of(tp));
      while (!closed) {
        try {
          long end = consumer.endOffsets(List.of(tp)).get(tp);
          long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
          consumer.seek(tp, Math.max(begin, end - capacity));
          break;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
          LOG.atWarn().addKeyValue("error", e.toString()).log("audit follower: kafka not reachable yet, retrying");
        }
      }
      while (!closed) {
        for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
          try {
            AuditRecord r = AuditRecord.fromJson(new JsonObject(new String(rec.value(), StandardCharsets.UTF_8)));
            if (!node.equals(r.node())) {
              remember(r);
            }
          } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("offset", rec.offset()).addKeyValue("error", e.toString())
                .log("audit follower: skipped an unreadable record");
          }
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop.
    } catch (RuntimeException e) {
      LOG.atWarn().addKeyValue("error", e.toString()).log("audit follower stopped");
    }
  }

  private void failed(AuditRecord r, Throwable err) {
    publishFailures.increment();
    LOG.atWarn().addKeyValue("audit_id", r.id()).addKeyValue("action", r.action())
        .addKeyValue("error", err.toString()).log("audit record not published to kafka");
  }

  /**
   * The newest records matching every given filter (null = any), newest first.
   *
   * @param tenant records about this tenant
   * @param action records of this action, or of actions under it ({@code index} matches {@code index.create})
   * @param sinceMillis records at or after this time
   * @param limit at most this many
   */
  public List<AuditRecord> query(String tenant, String action, Long sinceMillis, int limit) {
    List<AuditRecord> out = new ArrayList<>();
    synchronized (ring) {
      for (AuditRecord r : ring) {
        if (sinceMillis != null && r.timeMillis() < sinceMillis) {
          continue;
        }
        if (tenant != null && !tenant.equals(r.tenant())) {
          continue;
        }
        if (action != null && !r.action().equals(action) && !r.action().startsWith(action + ".")) {
          continue;
        }
        out.add(r);
      }
    }
    // Records from Kafka arrive late and out of order with this node's own: order by time here.
    out.sort(Comparator.comparingLong(AuditRecord::timeMillis).reversed());
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  /** Publishes what is queued, then closes the producer. */
  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      if (followerConsumer != null) {
        followerConsumer.wakeup();
        try {
          follower.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    sender.shutdown();
    try {
      if (!sender.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (producer != null) {
      producer.close(java.time.Duration.ofMillis(CLOSE_WAIT_MS));
    }
  }
}
