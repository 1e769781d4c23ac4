package io.pyrope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** The client profiles and the error classification, without a broker. */
class KafkaClientFactoryTest {
  final KafkaClientFactory factory = new KafkaClientFactory("127.0.0.1:9092");

  @Test
  void theWalProducerIsIdempotentWithAcksAll() {
    Properties p = factory.walProducerProperties("wal");
    assertEquals(true, p.get("enable.idempotence"));
    assertEquals("all", p.get("acks"));
    assertEquals(10_000, p.get("delivery.timeout.ms"));
    assertEquals(5_000L, p.get("max.block.ms"));
  }

  @Test
  void aDeliveryTimeoutShorterThanTheRequestTimeoutIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        factory.walProducerProperties("wal", Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertEquals("KAFKA_ERR_OPTIONS deliveryTimeout must be at least requestTimeout + 2 ms, "
        + "got deliveryTimeout PT1S requestTimeout PT2S", e.getMessage());
  }

  @Test
  void theLogProducerIsLossyAndCompressed() {
    Properties p = factory.logProducerProperties("log");
    assertEquals("1", p.get("acks"));
    assertEquals(false, p.get("enable.idempotence"));
    assertEquals("lz4", p.get("compression.type"));
  }

  @Test
  void consumersCommitManuallyAndReadCommitted() {
    for (Properties p : new Properties[] {factory.walReaderProperties("r"), factory.groupConsumerProperties("g", "grp")}) {
      assertEquals(false, p.get("enable.auto.commit"));
      assertEquals("read_committed", p.get("isolation.level"));
    }
  }

  @Test
  void commonPropertiesApplyToEveryClientButProfilesWin() {
    KafkaClientFactory secured = new KafkaClientFactory("b:9093", Map.of("security.protocol", "SSL", "acks", "0"));
    assertEquals("SSL", secured.adminProperties("a").get("security.protocol"));
    assertEquals("all", secured.walProducerProperties("w").get("acks"));
  }

  @Test
  void errorsAreSortedIntoRetriableRejectedAndFatal() {
    assertEquals(KafkaErrors.Kind.RETRIABLE,
        KafkaErrors.classify(new ExecutionException(new NotLeaderOrFollowerException("moved"))));
    assertEquals(KafkaErrors.Kind.RECORD_REJECTED, KafkaErrors.classify(new RecordTooLargeException("big")));
    assertEquals(KafkaErrors.Kind.FATAL, KafkaErrors.classify(new TopicAuthorizationException("no")));
    assertEquals(KafkaErrors.Kind.FATAL, KafkaErrors.classify(new ProducerFencedException("fenced")));
  }
}
