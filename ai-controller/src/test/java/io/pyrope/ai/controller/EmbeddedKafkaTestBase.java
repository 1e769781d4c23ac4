package io.pyrope.ai.controller;

import io.pyrope.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real embedded KRaft broker, with Pyrope's topics, for one test class: started before its
 * first test, stopped after its last. {@link #tmp} also holds the test's data directories.
 */
abstract class EmbeddedKafkaTestBase {
  @TempDir
  static Path tmp;
  static EmbeddedKafkaBroker broker;
  static String bootstrap;

  @BeforeAll
  static void startKafka() {
    broker = KafkaTestSupport.broker(tmp.resolve("kafka"), 0);
    bootstrap = broker.bootstrapServers();
    KafkaTestSupport.provision(bootstrap);
  }

  @AfterAll
  static void stopKafka() {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }
}
