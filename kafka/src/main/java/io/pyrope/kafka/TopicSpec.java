package io.pyrope.kafka;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The declared shape of one Kafka topic: what {@link TopicProvisioner} creates when it is missing.
 *
 * @param name the topic name (see {@code io.pyrope.bus.Topics})
 * @param partitions the partition count; the unit of ordering and of parallelism
 * @param replicationFactor copies of each partition (1 embedded, 3 typical in production)
 * @param configs topic-level settings (retention, cleanup policy, compression, ...)
 * @param doc one line on why the topic looks like this
 */
public record TopicSpec(
    String name, int partitions, short replicationFactor, Map<String, String> configs, String doc) {

  public TopicSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("KAFKA_ERR_TOPIC name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("KAFKA_ERR_TOPIC " + name + " partitions must be >= 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "KAFKA_ERR_TOPIC " + name + " replicationFactor must be >= 1, got " + replicationFactor);
    }
    configs = Map.copyOf(Objects.requireNonNull(configs, "configs"));
    doc = Objects.requireNonNullElse(doc, "");
  }

  /** The Admin request that creates this topic. */
  public NewTopic toNewTopic() {
    return new NewTopic(name, Optional.of(partitions), Optional.of(replicationFactor)).configs(configs);
  }
}
