package io.pyrope.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.bus.Topics;
import io.pyrope.bus.audit.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
    synchronized (ring) {
      ring.addLast(r);
      while (ring.size() > capacity) {
        ring.removeFirst();
      }
    }
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
      Iterator<AuditRecord> it = ring.descendingIterator();
      while (it.hasNext() && out.size() < limit) {
        AuditRecord r = it.next();
        if (sinceMillis != null && r.timeMillis() < sinceMillis) {
          break; // the ring is in time order
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
    return out;
  }

  /** Publishes what is queued, then closes the producer. */
  @Override
  public void close() {
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
