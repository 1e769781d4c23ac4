package io.pyrope.ai.controller;

import io.pyrope.kafka.EmbeddedKafkaBroker;
import io.pyrope.kafka.EmbeddedKafkaOptions;
import io.pyrope.kafka.PyropeTopics;
import io.pyrope.kafka.TopicProvisioner;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The real embedded broker, topic provisioning and plain clients for the controller's tests. */
final class KafkaTestSupport {
  /** Generous for a loaded machine; a warm start takes a few seconds. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private KafkaTestSupport() {}

  static EmbeddedKafkaBroker broker(Path dir, int port) {
    EmbeddedKafkaBroker b = new EmbeddedKafkaBroker(EmbeddedKafkaOptions.builder(dir).port(port)
        .startTimeout(START_TIMEOUT).build());
    b.start();
    return b;
  }

  static void provision(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(p)) {
      new TopicProvisioner(admin).createMissing(PyropeTopics.all(PyropeTopics.EMBEDDED_REPLICATION_FACTOR));
    }
  }

  static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", ByteArraySerializer.class.getName());
    p.put("value.serializer", ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, String value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8))).get();
  }

  /** Every record of a topic, read from the beginning, values as JSON (null when not JSON). */
  static List<JsonObject> readAll(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.deserializer", ByteArrayDeserializer.class.getName());
    p.put("value.deserializer", ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      var end = c.endOffsets(parts);
      List<JsonObject> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          out.add(new JsonObject(new String(r.value(), StandardCharsets.UTF_8)).put("_key",
              new String(r.key(), StandardCharsets.UTF_8)));
        }
      }
      return out;
    }
  }
}
