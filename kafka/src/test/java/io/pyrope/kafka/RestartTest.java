package io.pyrope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.pyrope.bus.Topics;
import io.pyrope.kafka.impl.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second broker on the same data directory keeps the cluster, the topics and the records. */
class RestartTest {
  @TempDir Path dataDir;

  @Test
  void topicsAndRecordsSurviveARestartOnNewPorts() throws Exception {
    String clusterId;
    int firstPort;
    try (EmbeddedKafkaBroker first = TestKafka.start(dataDir)) {
      clusterId = first.clusterId();
      firstPort = port(first.bootstrapServers());
      KafkaClientFactory factory = new KafkaClientFactory(first.bootstrapServers());
      try (Admin admin = factory.admin("restart-test")) {
        new TopicProvisioner(admin).createMissing(PyropeTopics.all(PyropeTopics.EMBEDDED_REPLICATION_FACTOR));
      }
      write(factory, Map.of("t/i-1", "before-1", "t/i-2", "before-2"));
    }

    // Fixed ports that differ from the first run's: the static quorum must follow the config.
    int[] ports = FreePorts.pick(EmbeddedKafkaOptions.HOST, 4);
    int port = ports[0] != firstPort ? ports[0] : ports[2];
    int controllerPort = ports[1] != firstPort ? ports[1] : ports[3];
    EmbeddedKafkaOptions again = EmbeddedKafkaOptions.builder(dataDir)
        .port(port).controllerPort(controllerPort).startTimeout(TestKafka.START_TIMEOUT).build();
    try (EmbeddedKafkaBroker second = new EmbeddedKafkaBroker(again)) {
      second.start();
      assertNotEquals(firstPort, port(second.bootstrapServers()));
      assertEquals(clusterId, second.clusterId());
      KafkaClientFactory factory = new KafkaClientFactory(second.bootstrapServers());
      try (Admin admin = factory.admin("restart-test")) {
        TopicProvisioner provisioner = new TopicProvisioner(admin);
        assertEquals(List.of(), provisioner.missing(PyropeTopics.names()));
        assertEquals(PyropeTopics.WAL_PARTITIONS,
            provisioner.describe(List.of(Topics.WAL)).get(Topics.WAL).partitions().size());
      }
      try (Consumer<byte[], byte[]> reader = factory.walReader("restart-reader")) {
        assertEquals(Map.of("t/i-1", "before-1", "t/i-2", "before-2"),
            TestKafka.strings(TestKafka.readAll(reader, Topics.WAL, 2)));
      }
      write(factory, Map.of("t/i-3", "after"));
      try (Consumer<byte[], byte[]> reader = factory.walReader("restart-reader")) {
        Map<String, String> expected = new HashMap<>(Map.of("t/i-1", "before-1", "t/i-2", "before-2"));
        expected.put("t/i-3", "after");
        assertEquals(expected, TestKafka.strings(TestKafka.readAll(reader, Topics.WAL, 3)));
      }
    }
  }

  private static void write(KafkaClientFactory factory, Map<String, String> records) throws Exception {
    try (Producer<byte[], byte[]> producer = factory.walProducer("restart-writer")) {
      for (Map.Entry<String, String> r : records.entrySet()) {
        producer.send(new ProducerRecord<>(Topics.WAL, r.getKey().getBytes(StandardCharsets.UTF_8),
            r.getValue().getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static int port(String bootstrap) {
    return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
  }
}
