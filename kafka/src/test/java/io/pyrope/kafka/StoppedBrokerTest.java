package io.pyrope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.Topics;
import io.pyrope.kafka.impl.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With Kafka gone, a WAL write fails within its bounded timeouts instead of hanging. */
class StoppedBrokerTest {
  static final Duration DELIVERY = Duration.ofMillis(1_500);
  static final Duration REQUEST = Duration.ofMillis(1_000);
  static final Duration MAX_BLOCK = Duration.ofMillis(1_000);
  /** Slack for scheduling and the producer's own timers on a loaded machine. */
  static final long SLACK_MS = 3_000;

  @TempDir Path dataDir;

  @Test
  void aWalWriteFailsWithinTheDeliveryTimeoutAfterTheBrokerStops() throws Exception {
    EmbeddedKafkaBroker broker = TestKafka.start(dataDir);
    KafkaClientFactory factory = new KafkaClientFactory(broker.bootstrapServers());
    try (Admin admin = factory.admin("stopped-test")) {
      new TopicProvisioner(admin).createMissing(PyropeTopics.all(PyropeTopics.EMBEDDED_REPLICATION_FACTOR));
    }
    try (Producer<byte[], byte[]> producer = new KafkaProducer<>(
        factory.walProducerProperties("stopped-writer", DELIVERY, REQUEST, MAX_BLOCK))) {
      producer.send(record("before")).get(10, TimeUnit.SECONDS);
      broker.close();

      long t0 = System.nanoTime();
      Future<RecordMetadata> write = producer.send(record("after"));
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> write.get(DELIVERY.toMillis() + SLACK_MS, TimeUnit.MILLISECONDS));
      long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
      assertInstanceOf(TimeoutException.class, e.getCause());
      assertEquals(KafkaErrors.Kind.RETRIABLE, KafkaErrors.classify(e));
      assertTrue(elapsedMs < DELIVERY.toMillis() + SLACK_MS, "failed after " + elapsedMs + " ms");
      producer.close(Duration.ZERO);
    } finally {
      broker.close();
    }
  }

  @Test
  void aWalWriteToAnAddressWhereNoBrokerEverAnsweredFailsWithinMaxBlock() {
    int deadPort = FreePorts.pick(EmbeddedKafkaOptions.HOST, 1)[0];
    KafkaClientFactory factory = new KafkaClientFactory(EmbeddedKafkaOptions.HOST + ":" + deadPort);
    try (Producer<byte[], byte[]> producer = new KafkaProducer<>(
        factory.walProducerProperties("dead-writer", DELIVERY, REQUEST, MAX_BLOCK))) {
      long t0 = System.nanoTime();
      Future<RecordMetadata> write = producer.send(record("never"));
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> write.get(MAX_BLOCK.toMillis() + SLACK_MS, TimeUnit.MILLISECONDS));
      long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
      assertInstanceOf(TimeoutException.class, e.getCause());
      assertTrue(elapsedMs < MAX_BLOCK.toMillis() + SLACK_MS, "failed after " + elapsedMs + " ms");
      producer.close(Duration.ZERO);
    }
  }

  @Test
  void readinessReportsAStoppedClusterWithoutThrowing() {
    int deadPort = FreePorts.pick(EmbeddedKafkaOptions.HOST, 1)[0];
    try (Admin admin = new KafkaClientFactory(EmbeddedKafkaOptions.HOST + ":" + deadPort).admin("dead-probe")) {
      long t0 = System.nanoTime();
      KafkaReadiness.Status status = KafkaReadiness.checkBlocking(admin, Duration.ofMillis(500));
      long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
      assertFalse(status.ready());
      assertTrue(elapsedMs < 500 + SLACK_MS, "answered after " + elapsedMs + " ms");
    }
  }

  private static ProducerRecord<byte[], byte[]> record(String value) {
    return new ProducerRecord<>(Topics.WAL, "t/i".getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8));
  }
}
