package io.pyrope.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one place where Pyrope's Kafka clients are configured (STYLE rule 8). Every client is a
 * byte-array client: payloads are encoded by bus-schemas, not by Kafka serializers.
 *
 * <p>Threading: the factory is immutable and thread-safe. Of the clients it builds, a
 * {@link Producer} and an {@link Admin} are thread-safe and meant to be shared (one WAL producer
 * per node, not one per request); a {@link Consumer} is NOT thread-safe and must be used by a
 * single thread (a worker verticle or a dedicated thread), with {@code wakeup()} the only call
 * allowed from another thread. Callers own the clients they get and close them
 * ({@code try (var consumer = ...)} or on verticle stop).
 *
 * <p>Three producer profiles, two consumer profiles:
 * <ul>
 *   <li>WAL producer: idempotent, {@code acks=all}, bounded timeouts, so a write is acknowledged
 *       only once Kafka has it and fails in bounded time when Kafka is down.
 *   <li>Log producer (query and decision logs): lossy by design, {@code acks=1}, never waits long;
 *       losing telemetry is better than slowing a search.
 *   <li>WAL reader: no consumer group; the node assigns partitions and seeks to the offset
 *       recorded in its newest snapshot. Group consumer: for the ai-controller and the policy
 *       subscriber, committing offsets manually after the records are applied.
 * </ul>
 */
public final class KafkaClientFactory {
  /** WAL: how long one write may take end to end before the producer reports it failed. */
  public static final Duration DEFAULT_WAL_DELIVERY_TIMEOUT = Duration.ofSeconds(10);
  /** WAL: how long the producer waits for one broker response before retrying. */
  public static final Duration DEFAULT_WAL_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** WAL: how long {@code send()} may block for metadata or buffer space. */
  public static final Duration DEFAULT_WAL_MAX_BLOCK = Duration.ofSeconds(5);
  /** WAL: wait this long to batch writes; small, since a client waits for the ack. */
  public static final int WAL_LINGER_MS = 2;
  /**
   * WAL: batch up to 1 MiB per partition. The producer reuses (pools) only buffers of exactly this
   * size and allocates a fresh one for every record larger than it, so this is sized to hold a
   * common bulk write: 500 384-d vectors are ~770 KB. With 64 KiB, each such write cost a fresh
   * 770 KB buffer, held on the heap for a whole Kafka round trip (1.6 KB of garbage per vector
   * loaded; measured by DurabilityBench's per-thread allocation).
   */
  public static final int WAL_BATCH_BYTES = 1024 * 1024;
  /**
   * WAL: largest record the producer sends (and the WAL topic accepts). A bulk VEC.ADD of 500
   * 384-d vectors is ~1 MB of JSON, past Kafka's 1 MB default; larger writes are refused before
   * they are sent.
   */
  public static final int WAL_MAX_RECORD_BYTES = 32 * 1024 * 1024;
  /** {@code send.buffer.bytes} value meaning "the operating system's default (autotuned)". */
  public static final int OS_DEFAULT_SOCKET_BUFFER = -1;
  /** Room for the Kafka record and batch headers around a maximal WAL value. */
  public static final int WAL_RECORD_OVERHEAD_BYTES = 64 * 1024;
  /** WAL: producer buffer; holds a few maximal records in flight. */
  public static final long WAL_BUFFER_BYTES = 4L * WAL_MAX_RECORD_BYTES;

  /** Log producer: {@code send()} blocks at most this long, then the record is dropped. */
  public static final Duration LOG_MAX_BLOCK = Duration.ofMillis(20);
  /** Log producer: give up on a record after this long; it is telemetry, not data. */
  public static final Duration LOG_DELIVERY_TIMEOUT = Duration.ofSeconds(30);
  /** Log producer: one request's timeout (must fit inside the delivery timeout with the linger). */
  public static final Duration LOG_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Log producer: batch for longer, logs are not waited on. */
  public static final int LOG_LINGER_MS = 20;
  /** Log producer: bounded buffer; when Kafka is down and it is full, records are dropped. */
  public static final long LOG_BUFFER_BYTES = 16L * 1024 * 1024;
  /** Log producer: the codec the log topics are stored with, so the broker never recompresses. */
  public static final String LOG_COMPRESSION = "lz4";

  /** Admin: one request's timeout; readiness and provisioning must answer quickly. */
  public static final Duration ADMIN_REQUEST_TIMEOUT = Duration.ofSeconds(3);
  /** Admin: default budget of one API call, retries included. */
  public static final Duration ADMIN_API_TIMEOUT = Duration.ofSeconds(5);

  private final String bootstrapServers;
  private final Map<String, Object> common;

  /** A factory for a cluster reachable at {@code bootstrapServers} (host:port[,host:port...]). */
  public KafkaClientFactory(String bootstrapServers) {
    this(bootstrapServers, Map.of());
  }

  /**
   * As {@link #KafkaClientFactory(String)}, plus properties applied to every client first (e.g.
   * {@code security.protocol} and SSL settings of an external cluster). Profile settings win.
   */
  public KafkaClientFactory(String bootstrapServers, Map<String, ?> commonProperties) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("KAFKA_ERR_OPTIONS bootstrapServers must not be blank");
    }
    this.bootstrapServers = bootstrapServers;
    this.common = Map.copyOf(commonProperties);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** WAL producer properties with the default timeouts. */
  public Properties walProducerProperties(String clientId) {
    return walProducerProperties(clientId, DEFAULT_WAL_DELIVERY_TIMEOUT, DEFAULT_WAL_REQUEST_TIMEOUT,
        DEFAULT_WAL_MAX_BLOCK);
  }

  /**
   * WAL producer properties. A write either reaches every in-sync replica exactly once, in order
   * per partition, or fails within {@code deliveryTimeout} (+ up to {@code maxBlock} inside
   * {@code send()} when metadata is missing).
   *
   * @throws IllegalArgumentException if {@code deliveryTimeout < requestTimeout + linger}, which
   *     Kafka rejects
   */
  public Properties walProducerProperties(
      String clientId, Duration deliveryTimeout, Duration requestTimeout, Duration maxBlock) {
    if (deliveryTimeout.toMillis() < requestTimeout.toMillis() + WAL_LINGER_MS) {
      throw new IllegalArgumentException("KAFKA_ERR_OPTIONS deliveryTimeout must be at least requestTimeout + "
          + WAL_LINGER_MS + " ms, got deliveryTimeout " + deliveryTimeout + " requestTimeout " + requestTimeout);
    }
    Properties p = base(clientId);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // Idempotence: retries after a lost response never duplicate or reorder a write. It requires
    // acks=all and at most 5 in-flight requests per connection (Kafka's limit for ordering).
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // acks=all: acknowledged only once every in-sync replica has it (with min.insync.replicas on
    // the topic, the durability contract of an acknowledged Pyrope write).
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    // Bounded failure: the producer retries until delivery.timeout.ms, then fails the send's
    // future; send() itself blocks at most max.block.ms waiting for metadata or buffer space.
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
    p.put(ProducerConfig.LINGER_MS_CONFIG, WAL_LINGER_MS);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, WAL_BATCH_BYTES);
    // Bulk writes are single records of up to WAL_MAX_RECORD_BYTES (one VEC.ADD is one record, so
    // it is all or nothing); the topic's max.message.bytes matches (PyropeTopics.wal).
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, WAL_MAX_RECORD_BYTES + WAL_RECORD_OVERHEAD_BYTES);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, WAL_BUFFER_BYTES);
    // Let the OS size the socket buffer (Kafka's 128 KiB default split each ~1 MB bulk record
    // into many round trips: measured 20 -> 15 ms per 500-vector acknowledgement on loopback).
    p.put(ProducerConfig.SEND_BUFFER_CONFIG, OS_DEFAULT_SOCKET_BUFFER);
    // No compression: float vectors are close to incompressible and the ack is on the write path.
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    return p;
  }

  /** Log producer properties (query and decision logs): lossy by design, never a bottleneck. */
  public Properties logProducerProperties(String clientId) {
    Properties p = base(clientId);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // acks=1: the leader's ack is enough for telemetry. Idempotence needs acks=all, so it is off
    // (set explicitly: Kafka would otherwise reject or silently change the pair). A retry may
    // duplicate a record; log consumers tolerate duplicates.
    p.put(ProducerConfig.ACKS_CONFIG, "1");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    // Non-blocking-ish: send() gives up after a few ms when metadata is missing or the bounded
    // buffer is full (Kafka down), and the caller drops the record and counts it.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, LOG_MAX_BLOCK.toMillis());
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, LOG_BUFFER_BYTES);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) LOG_DELIVERY_TIMEOUT.toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) LOG_REQUEST_TIMEOUT.toMillis());
    p.put(ProducerConfig.LINGER_MS_CONFIG, LOG_LINGER_MS);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, LOG_COMPRESSION);
    return p;
  }

  /**
   * WAL reader properties: no group. The node {@code assign()}s partitions and {@code seek()}s to
   * the offsets stored in its snapshot, so Kafka holds no committed offsets for the WAL.
   */
  public Properties walReaderProperties(String clientId) {
    Properties p = consumerBase(clientId);
    // Without a group nothing is committed; the snapshot is the source of truth for offsets.
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return p;
  }

  /**
   * Group consumer properties: offsets are committed by the caller after the records are applied
   * (at-least-once; handlers must be idempotent, since a record can be redelivered after a crash).
   */
  public Properties groupConsumerProperties(String clientId, String groupId) {
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("KAFKA_ERR_OPTIONS groupId must not be blank");
    }
    Properties p = consumerBase(clientId);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    // Auto-commit would commit records that were polled but not yet applied.
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return p;
  }

  /** Admin properties with short timeouts: readiness and provisioning must not hang. */
  public Properties adminProperties(String clientId) {
    Properties p = base(clientId);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_REQUEST_TIMEOUT.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_API_TIMEOUT.toMillis());
    return p;
  }

  /** A WAL producer with the default timeouts. Thread-safe: share one per node. */
  public Producer<byte[], byte[]> walProducer(String clientId) {
    return new KafkaProducer<>(walProducerProperties(clientId));
  }

  /** A WAL producer with the given timeouts (see {@link #walProducerProperties(String, Duration, Duration, Duration)}). */
  public Producer<byte[], byte[]> walProducer(String clientId, Duration deliveryTimeout, Duration requestTimeout,
      Duration maxBlock) {
    return new KafkaProducer<>(walProducerProperties(clientId, deliveryTimeout, requestTimeout, maxBlock));
  }

  /** A log producer. Thread-safe: share one per node. */
  public Producer<byte[], byte[]> logProducer(String clientId) {
    return new KafkaProducer<>(logProducerProperties(clientId));
  }

  /** A group-less WAL reader. NOT thread-safe: one thread only. */
  public Consumer<byte[], byte[]> walReader(String clientId) {
    return new KafkaConsumer<>(walReaderProperties(clientId));
  }

  /** A group consumer. NOT thread-safe: one thread only. */
  public Consumer<byte[], byte[]> groupConsumer(String clientId, String groupId) {
    return new KafkaConsumer<>(groupConsumerProperties(clientId, groupId));
  }

  /** An Admin client with short timeouts. Thread-safe. */
  public Admin admin(String clientId) {
    return Admin.create(adminProperties(clientId));
  }

  private Properties consumerBase(String clientId) {
    Properties p = base(clientId);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // read_committed: never see records of an aborted or still-open transaction. Pyrope writes no
    // transactions yet; this keeps replay correct once a writer does (cost: none without them).
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // A new reader starts at the oldest record: replay and feature pipelines need all of it.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return p;
  }

  private Properties base(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    Properties p = new Properties();
    p.putAll(common);
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Shows up in broker logs, quotas and client metrics: name the node and the role.
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    return p;
  }
}
