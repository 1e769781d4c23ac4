package io.pyrope.ai.controller;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The controller's Kafka client configurations, in one place (STYLE rule 8). The node's
 * {@code io.pyrope.kafka.KafkaClientFactory} lives in the kafka module, which the ai-controller
 * does not depend on (bus-schemas ← ai-controller), so the profiles it needs are restated here
 * with the same choices. Every client is a byte-array client: payloads are JSON from bus-schemas
 * layouts. Immutable and thread-safe; callers own and close the clients they build from it.
 */
final class KafkaClients {
  /** Policy producer: how long one table may take end to end before the send is reported failed. */
  static final Duration POLICY_DELIVERY_TIMEOUT = Duration.ofSeconds(10);
  /** Policy producer: one broker request's timeout. */
  static final Duration POLICY_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** Policy producer: how long {@code send()} may block for metadata. */
  static final Duration POLICY_MAX_BLOCK = Duration.ofSeconds(5);
  /** Admin: one request's timeout (readiness checks must answer quickly). */
  static final Duration ADMIN_REQUEST_TIMEOUT = Duration.ofSeconds(3);
  /** Admin: one call's budget, retries included. */
  static final Duration ADMIN_API_TIMEOUT = Duration.ofSeconds(5);
  /** Consumer: most records one poll returns; bounds the work between offset commits. */
  static final int MAX_POLL_RECORDS = 2000;

  private final String bootstrap;

  KafkaClients(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  String bootstrap() {
    return bootstrap;
  }

  /** The log consumer: a group member that commits offsets itself after records are applied. */
  Properties consumer(String clientId, String group) {
    Properties p = base(clientId);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // Auto-commit would commit records polled but not yet applied to the features and traces.
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Only used when WarmStart could not position a partition (its lookups failed) and the group
    // has no committed offset: then everything the topic keeps is read.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Same isolation as the node's readers; no transactions are written yet, so it costs nothing.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
    return p;
  }

  /** The policy producer: idempotent, acks=all, bounded waits. */
  Properties producer(String clientId) {
    Properties p = base(clientId);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // Idempotence: a retry after a lost response never duplicates or reorders a table (it needs
    // acks=all and at most 5 requests in flight).
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // acks=all: a table counts as published once every in-sync replica has it; nodes read it
    // from a compacted topic, so a table lost after an ack would leave them on an older one.
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    // Bounded failure: a tick waits at most this long, logs the failure and tries at the next one.
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) POLICY_DELIVERY_TIMEOUT.toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) POLICY_REQUEST_TIMEOUT.toMillis());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, POLICY_MAX_BLOCK.toMillis());
    // One small record per cadence: nothing to batch.
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return p;
  }

  /** Admin with short timeouts, for the readiness check. */
  Properties admin(String clientId) {
    Properties p = base(clientId);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_REQUEST_TIMEOUT.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_API_TIMEOUT.toMillis());
    return p;
  }

  private Properties base(String clientId) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    // Names the controller instance in broker logs and client metrics.
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    return p;
  }
}
