package io.pyrope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records through the factory's producer and consumer profiles, on one shared broker. */
class ClientRoundTripTest {
  @TempDir static Path dataDir;
  static EmbeddedKafkaBroker broker;
  static KafkaClientFactory factory;

  @BeforeAll
  static void startBroker() {
    broker = TestKafka.start(dataDir);
    factory = new KafkaClientFactory(broker.bootstrapServers());
    try (Admin admin = factory.admin("round-trip-test")) {
      List<TopicSpec> specs = new ArrayList<>(PyropeTopics.all(PyropeTopics.EMBEDDED_REPLICATION_FACTOR));
      specs.add(new TopicSpec("test.group", 2, (short) 1, Map.of(), "group consumer test"));
      new TopicProvisioner(admin).createMissing(specs);
    }
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void walProducerWritesAndWalReaderReadsEveryRecordInOrder() throws Exception {
    List<RecordMetadata> acks = new ArrayList<>();
    try (Producer<byte[], byte[]> producer = factory.walProducer("wal-writer-test")) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        sent.add(producer.send(record(Topics.WAL, "tenant-a/index-" + (i % 3), "v" + i)));
      }
      for (Future<RecordMetadata> f : sent) {
        acks.add(f.get(10, TimeUnit.SECONDS));
      }
    }
    List<ConsumerRecord<byte[], byte[]>> read;
    try (Consumer<byte[], byte[]> reader = factory.walReader("wal-reader-test")) {
      read = TestKafka.readAll(reader, Topics.WAL, 20);
    }
    assertEquals(20, read.size());
    // One key, one partition, send order: "v0", "v3", "v6", ... for index-0.
    List<String> index0 = read.stream()
        .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("tenant-a/index-0"))
        .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    assertEquals(List.of("v0", "v3", "v6", "v9", "v12", "v15", "v18"), index0);
    // LogAppendTime: the broker stamps the time, and the ack carries it.
    assertTrue(acks.stream().allMatch(m -> m.timestamp() > 0));
  }

  @Test
  void logProducerWritesTheQueryLog() throws Exception {
    try (Producer<byte[], byte[]> producer = factory.logProducer("log-writer-test")) {
      producer.send(record(Topics.QUERY_LOG, "q1", "{\"k\":10}")).get(10, TimeUnit.SECONDS);
    }
    try (Consumer<byte[], byte[]> reader = factory.walReader("log-reader-test")) {
      assertEquals(Map.of("q1", "{\"k\":10}"), TestKafka.strings(TestKafka.readAll(reader, Topics.QUERY_LOG, 1)));
    }
  }

  @Test
  void groupConsumerResumesAfterItsLastManualCommit() throws Exception {
    String topic = "test.group";
    try (Producer<byte[], byte[]> producer = factory.walProducer("group-writer-test")) {
      producer.send(record(topic, "a", "1")).get(10, TimeUnit.SECONDS);
      producer.send(record(topic, "b", "2")).get(10, TimeUnit.SECONDS);
    }
    try (Consumer<byte[], byte[]> first = factory.groupConsumer("group-test-1", "test-group")) {
      first.subscribe(List.of(topic));
      assertEquals(2, pollUntil(first, 2).size());
      first.commitSync(Duration.ofSeconds(10));
    }
    try (Producer<byte[], byte[]> producer = factory.walProducer("group-writer-test")) {
      producer.send(record(topic, "c", "3")).get(10, TimeUnit.SECONDS);
    }
    try (Consumer<byte[], byte[]> second = factory.groupConsumer("group-test-2", "test-group")) {
      second.subscribe(List.of(topic));
      assertEquals(Map.of("c", "3"), TestKafka.strings(pollUntil(second, 1)));
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> pollUntil(Consumer<byte[], byte[]> consumer, int expected) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    long deadline = System.nanoTime() + TestKafka.READ_TIMEOUT.toNanos();
    while (out.size() < expected && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(out::add);
    }
    return out;
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
  }
}
