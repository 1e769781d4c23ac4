package io.pyrope.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes telemetry records (query log, decision log) to Kafka without ever slowing the hot
 * path: {@link #offer} puts a record in a bounded in-memory queue and returns at once; one
 * background thread drains it in batches into Kafka's lossy log producer. When Kafka is slow or
 * down the queue fills, and further records are dropped and counted in
 * {@code vector_db_log_dropped_total{topic}} — searches keep their latency, and logging resumes
 * by itself when Kafka is back.
 *
 * <p>Threading: {@code offer} is called from any event loop or worker concurrently (the queue is
 * thread-safe and never blocks). Records are encoded to JSON on the drain thread, not by the
 * caller: a {@link LogRecord} writes itself with Jackson's streaming generator into one buffer the
 * drain thread reuses (the query log's record per search is the node's largest steady telemetry
 * cost, on the same two cores as FAISS and the event loops). The producer is thread-safe; only the
 * drain thread uses it. {@link #close} stops the drain thread, flushes what Kafka accepted, and
 * closes the producer.
 *
 * <p>Rejected: sending straight from the request thread — {@code send()} can block for
 * {@code max.block.ms} while Kafka is down, and even its fast path allocates and locks inside
 * the producer; an unbounded queue — an outage would turn into an OutOfMemoryError.
 */
public final class LogPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogPublisher.class);
  /** Records held while Kafka catches up; past this they are dropped. */
  public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
  /** Records moved from the queue to the producer per wake-up. */
  static final int DRAIN_BATCH = 512;
  /**
   * How long the drain thread sleeps when the queue is empty. Records wait at most this long
   * (plus the producer's linger) before they go to Kafka; at 10 ms even 1M searches/s queue
   * 10,000 records, well under the default capacity.
   */
  static final long DRAIN_INTERVAL_MILLIS = 10;
  /**
   * How long the drain thread waits, once per topic, for the topic's metadata before its first
   * send. The log producer's {@code max.block.ms} is short (a send must not stall draining while
   * Kafka is down), so without this wait the first records after a start were dropped while the
   * producer was still fetching metadata.
   */
  static final long METADATA_WARMUP_MILLIS = 10_000;
  /** Metric: records dropped, by topic. */
  public static final String DROPPED_METRIC = "vector_db_log_dropped_total";

  /** Initial size of the drain thread's encoding buffer (a query-log record with 10 ids is ~1.2 KB). */
  static final int ENCODE_BUFFER_BYTES = 4_096;
  /** Shared, thread-safe; no separator between root values, since each record is taken alone. */
  private static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

  /** One queued record: topic, key, and its JSON body (written on the drain thread). */
  private record Pending(String topic, String key, LogRecord body) {}

  private final Producer<byte[], byte[]> producer;
  private final ArrayBlockingQueue<Pending> queue;
  private final MeterRegistry meters;
  private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
  /** Topics whose metadata the drain thread has waited for (drain thread only). */
  private final java.util.Set<String> warmed = new java.util.HashSet<>();
  /** The drain thread's encoding buffer and the generator writing into it (drain thread only). */
  private final ByteArrayOutputStream encoded = new ByteArrayOutputStream(ENCODE_BUFFER_BYTES);
  private JsonGenerator generator;
  private final Thread drainer;
  private final RecordRate rate;
  private volatile boolean running = true;

  /** A publisher without a rate cap. */
  public LogPublisher(Producer<byte[], byte[]> producer, int capacity, MeterRegistry meters) {
    this(producer, capacity, 0, meters);
  }

  /**
   * @param maxRecordsPerSecond records accepted per second over all topics (a burst of a tenth of
   *     it passes); more are dropped at once and counted, so that a flood of cache hits does not
   *     hand the drain thread a core; 0 = no cap
   */
  public LogPublisher(Producer<byte[], byte[]> producer, int capacity, long maxRecordsPerSecond, MeterRegistry meters) {
    this.rate = new RecordRate(maxRecordsPerSecond);
    this.producer = producer;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.meters = meters;
    Gauge.builder("vector_db_log_queue_depth", queue, ArrayBlockingQueue::size)
        .description("Telemetry records waiting for Kafka").register(meters);
    this.drainer = new Thread(this::drain, "pyrope-log-publisher");
    drainer.setDaemon(true);
    drainer.start();
  }

  /** Queues a record for {@code topic}; never blocks. Returns false (and counts a drop) when full. */
  public boolean offer(String topic, String key, JsonObject body) {
    return offer(topic, key, (LogRecord) out -> out.writeRawValue(body.encode()));
  }

  /**
   * Queues a record whose JSON the drain thread builds: the caller hands over an immutable
   * snapshot (a record, a lambda over final values) and pays for no map or string on its own
   * thread. Never blocks; false (and a counted drop) when full.
   */
  public boolean offer(String topic, String key, Supplier<JsonObject> body) {
    return offer(topic, key, (LogRecord) out -> out.writeRawValue(body.get().encode()));
  }

  /**
   * Queues a record that writes its own JSON on the drain thread (the cheapest form: no tree, no
   * intermediate string). Never blocks; false (and a counted drop) when full or over the rate cap.
   */
  public boolean offer(String topic, String key, LogRecord body) {
    return admit(topic) && offerAdmitted(topic, key, body);
  }

  /**
   * The rate cap's verdict on one more record of {@code topic}, taken before the record is built:
   * under a flood of cache hits most records are shed, and a caller that asks first builds none of
   * them. A refusal is counted as a drop. Follow a true with {@link #offerAdmitted}.
   */
  public boolean admit(String topic) {
    if (running && rate.tryAcquire()) {
      return true;
    }
    drop(topic, 1);
    return false;
  }

  /** Queues a record that {@link #admit} let through; false (and a counted drop) when full. */
  public boolean offerAdmitted(String topic, String key, LogRecord body) {
    if (running && queue.offer(new Pending(topic, key, body))) {
      return true;
    }
    drop(topic, 1);
    return false;
  }

  /** Exports the drop counter of a topic at zero, before any drop (so alerts see the series). */
  public void track(String topic) {
    drop(topic, 0);
  }

  /** Records dropped so far for a topic (tests and INFO). */
  public double droppedCount(String topic) {
    Counter c = dropped.get(topic);
    return c == null ? 0 : c.count();
  }

  private void drop(String topic, int n) {
    Counter c = dropped.get(topic); // the common case, without computeIfAbsent's locking path
    if (c != null) {
      c.increment(n);
      return;
    }
    dropped.computeIfAbsent(topic, t -> Counter.builder(DROPPED_METRIC).tag("topic", t)
        .description("Telemetry records dropped because Kafka was slow or down").register(meters)).increment(n);
  }

  private void drain() {
    List<Pending> batch = new ArrayList<>(DRAIN_BATCH);
    while (running || !queue.isEmpty()) {
      try {
        if (queue.drainTo(batch, DRAIN_BATCH) == 0) {
          // Sleep rather than wait on the queue: a waiting drainer would be woken by every offer,
          // one futex wake-up and context switch per search on the request path's cores.
          Thread.sleep(DRAIN_INTERVAL_MILLIS);
          continue;
        }
        for (Pending p : batch) {
          send(p);
        }
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("telemetry publisher: {}", e.toString());
        batch.forEach(p -> drop(p.topic(), 1));
        batch.clear();
      }
    }
  }

  private void send(Pending p) {
    if (warmed.add(p.topic())) {
      awaitMetadata(p.topic());
    }
    byte[] key = p.key() == null ? null : p.key().getBytes(StandardCharsets.UTF_8);
    byte[] value;
    try {
      value = encode(p.body());
    } catch (RuntimeException e) {
      // a record that cannot be written (a bug, not an outage): drop it alone, keep draining
      LOG.warn("telemetry publisher: cannot encode a {} record: {}", p.topic(), e.toString());
      drop(p.topic(), 1);
      return;
    }
    try {
      producer.send(new ProducerRecord<>(p.topic(), key, value), (meta, error) -> {
        if (error != null) {
          drop(p.topic(), 1);
        }
      });
    } catch (RuntimeException e) {
      // max.block.ms ran out (Kafka unreachable, buffer full): drop, keep draining.
      drop(p.topic(), 1);
    }
  }

  /** The record's UTF-8 JSON, written into the reused buffer; a failed record resets the generator. */
  private byte[] encode(LogRecord body) {
    try {
      if (generator == null) {
        generator = JSON.createGenerator(encoded);
      }
      encoded.reset();
      body.writeTo(generator);
      if (!generator.getOutputContext().inRoot()) {
        throw new IllegalStateException("the record left an object or array open");
      }
      generator.flush();
      return encoded.toByteArray();
    } catch (IOException | RuntimeException e) {
      generator = null; // may be mid-object: start the next record on a fresh one
      encoded.reset();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /**
   * Asks for the topic's partitions until the producer has them or {@link #METADATA_WARMUP_MILLIS}
   * passed. Each call blocks at most {@code max.block.ms}; the fetch goes on in the producer's
   * sender meanwhile. Records keep queueing (bounded) while this runs; a topic that never answers
   * is left to the normal drop path.
   */
  private void awaitMetadata(String topic) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(METADATA_WARMUP_MILLIS);
    while (running && System.nanoTime() < deadline) {
      try {
        producer.partitionsFor(topic); // returns once the producer knows the topic
        return;
      } catch (RuntimeException notYet) {
        // metadata not there within max.block.ms: ask again
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    LOG.debug("telemetry publisher: no metadata for {} within {} ms; sending anyway", topic, METADATA_WARMUP_MILLIS);
  }

  @Override
  public void close() {
    running = false;
    try {
      drainer.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(java.time.Duration.ofSeconds(2));
  }
}
