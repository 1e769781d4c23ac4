package io.pyrope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start and close: idempotence, bad options, and failures that must leave nothing running. */
class LifecycleTest {
  @TempDir Path tmp;

  @Test
  void closeIsIdempotent() {
    EmbeddedKafkaBroker broker = TestKafka.start(tmp);
    assertTrue(broker.isRunning());
    broker.close();
    broker.close();
    assertFalse(broker.isRunning());
    IllegalStateException e = assertThrows(IllegalStateException.class, broker::bootstrapServers);
    assertEquals("KAFKA_ERR_STATE the embedded broker is not running", e.getMessage());
  }

  @Test
  void aClosedBrokerCannotStartAgain() {
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaOptions.builder(tmp).build());
    broker.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, broker::start);
    assertTrue(e.getMessage().startsWith("KAFKA_ERR_STATE start() on a broker that is CLOSED"), e.getMessage());
  }

  @Test
  void aDataDirThatCannotBeCreatedFailsStartWithItsPath() throws Exception {
    // A regular file where a directory should be: unusable even for root.
    Path file = Files.createFile(tmp.resolve("not-a-dir"));
    Path dataDir = file.resolve("data");
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaOptions.builder(dataDir).build());
    KafkaSetupException e = assertThrows(KafkaSetupException.class, broker::start);
    assertTrue(e.getMessage().startsWith("KAFKA_ERR_DATA_DIR cannot create the Kafka log directory "
        + dataDir.resolve("kafka")), e.getMessage());
    broker.close();
  }

  @Test
  void aStartTimeoutBelowTheMinimumIsRejectedByTheOptions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmbeddedKafkaOptions.builder(tmp).startTimeout(java.time.Duration.ofSeconds(1)).build());
    assertEquals("KAFKA_ERR_OPTIONS startTimeout must be at least PT10S, got PT1S", e.getMessage());
  }

  @Test
  void aNegativePortIsRejectedByTheOptions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmbeddedKafkaOptions.builder(tmp).port(-1).build());
    assertEquals("KAFKA_ERR_OPTIONS port must be 0 (pick a free port) or 1-65535, got -1", e.getMessage());
  }

  @Test
  void aTopologyPropertyCannotBeOverridden() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmbeddedKafkaOptions.builder(tmp).brokerProperty("log.dirs", "/elsewhere").build());
    assertTrue(e.getMessage().contains("'log.dirs' is set by the embedded broker itself"), e.getMessage());
  }

  @Test
  void aTakenClientPortFailsStartWithThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(EmbeddedKafkaOptions.HOST))) {
      EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaOptions.builder(tmp)
          .port(taken.getLocalPort()).startTimeout(TestKafka.START_TIMEOUT).build());
      KafkaSetupException e = assertThrows(KafkaSetupException.class, broker::start);
      assertEquals("KAFKA_ERR_PORT the Kafka client port " + EmbeddedKafkaOptions.HOST + ":"
          + taken.getLocalPort() + " is already in use", e.getMessage());
      assertFalse(broker.isRunning());
      broker.close();
    }
  }

  @Test
  void aBrokerThatNeverAnswersFailsStartWithinTheTimeoutAndLeavesNoThreads() {
    Set<String> before = TestKafka.liveNonDaemonThreads();
    // Kafka starts, but refuses every client connection: the readiness wait must give up, and
    // the half-started broker must be shut down (its directory lock released too).
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaOptions.builder(tmp)
        .startTimeout(EmbeddedKafkaOptions.MIN_START_TIMEOUT)
        .brokerProperty("max.connections.per.ip", "0")
        .brokerProperty("max.connections.per.ip.overrides", "192.0.2.1:1").build());
    long t0 = System.nanoTime();
    KafkaSetupException e = assertThrows(KafkaSetupException.class, broker::start);
    long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(e.getMessage().startsWith("KAFKA_ERR_START embedded Kafka"), e.getMessage());
    assertTrue(elapsedMs < EmbeddedKafkaOptions.MIN_START_TIMEOUT.toMillis() + 5_000, elapsedMs + " ms");
    broker.close();
    Set<String> leaked = new HashSet<>(TestKafka.liveNonDaemonThreads());
    leaked.removeAll(before);
    assertEquals(Set.of(), leaked);
    // The directory is free again: a normal broker starts on it.
    TestKafka.start(tmp).close();
  }

  @Test
  void aTakenControllerPortFailsStartInsteadOfHaltingTheJvm() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(EmbeddedKafkaOptions.HOST))) {
      EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaOptions.builder(tmp)
          .controllerPort(taken.getLocalPort()).startTimeout(TestKafka.START_TIMEOUT).build());
      KafkaSetupException e = assertThrows(KafkaSetupException.class, broker::start);
      assertEquals("KAFKA_ERR_PORT the Kafka controller port " + EmbeddedKafkaOptions.HOST + ":"
          + taken.getLocalPort() + " is already in use", e.getMessage());
      broker.close();
    }
  }

  @Test
  void aSecondBrokerOnALockedDirFailsAndTheFirstKeepsRunning() {
    try (EmbeddedKafkaBroker first = TestKafka.start(tmp)) {
      EmbeddedKafkaBroker second = new EmbeddedKafkaBroker(
          EmbeddedKafkaOptions.builder(tmp).startTimeout(TestKafka.START_TIMEOUT).build());
      KafkaSetupException e = assertThrows(KafkaSetupException.class, second::start);
      assertEquals("KAFKA_ERR_DATA_DIR the Kafka log directory " + tmp.resolve("kafka")
          + " is in use by another embedded broker (another broker in this JVM holds the lock on "
          + tmp.resolve(EmbeddedKafkaBroker.LOCK_FILE_NAME) + ")", e.getMessage());
      second.close();
      try (var admin = new KafkaClientFactory(first.bootstrapServers()).admin("lock-test")) {
        assertTrue(KafkaReadiness.checkBlocking(admin, KafkaReadiness.DEFAULT_TIMEOUT).ready());
      }
    }
  }
}
