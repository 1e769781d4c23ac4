package io.pyrope.node;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Set;
import org.apache.kafka.clients.producer.Producer;

/**
 * Exposes a Kafka client's own metrics (record send rate, request latency, buffer use, errors) in
 * the node's Micrometer registry as {@code kafka_producer_*}, tagged with the client id. The
 * binder follows the client's metrics as Kafka adds and removes them; closing the client leaves
 * the last values behind, which is harmless for the node's lifetime.
 *
 * <p>Kafka has some hundred producer metrics, many named against Prometheus's rules
 * ({@code io_time_ns_total}, {@code connection_count}, no help text); {@link #FILTER} keeps the
 * ones an operator acts on, so the node's metrics stay lint-clean ({@code promtool check metrics}).
 */
final class KafkaMeters {
  /** Producer metrics kept, by Prometheus name without a {@code _total} suffix. */
  static final Set<String> KEPT = Set.of("kafka_producer_record_send", "kafka_producer_record_error",
      "kafka_producer_record_retry", "kafka_producer_request_latency_avg", "kafka_producer_request_latency_max",
      "kafka_producer_buffer_available_bytes", "kafka_producer_record_queue_time_avg", "kafka_producer_batch_size_avg",
      "kafka_producer_outgoing_byte", "kafka_producer_requests_in_flight", "kafka_producer_waiting_threads");

  /** Denies every Kafka client meter not in {@link #KEPT}; install on the registry before binding. */
  static final MeterFilter FILTER = MeterFilter.deny(KafkaMeters::dropped);

  private KafkaMeters() {}

  static boolean dropped(Meter.Id id) {
    if (!id.getName().startsWith("kafka.")) {
      return false;
    }
    String n = id.getName().replace('.', '_').replace('-', '_');
    if (n.endsWith("_total")) {
      n = n.substring(0, n.length() - "_total".length());
    }
    return !KEPT.contains(n);
  }

  /** Binds {@code producer}'s metrics to {@code meters} and returns it, for use inline. */
  static <K, V> Producer<K, V> bind(MeterRegistry meters, Producer<K, V> producer) {
    new KafkaClientMetrics(producer).bindTo(meters);
    return producer;
  }
}
