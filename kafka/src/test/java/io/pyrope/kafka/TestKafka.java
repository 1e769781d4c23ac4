package io.pyrope.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Helpers shared by the tests that run against a real embedded broker. */
final class TestKafka {
  /** Generous for a loaded CI machine; a warm start takes about a second. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** Bound for reading back records that are known to exist. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  private TestKafka() {}

  static EmbeddedKafkaBroker start(Path dataDir) {
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(
        EmbeddedKafkaOptions.builder(dataDir).startTimeout(START_TIMEOUT).build());
    broker.start();
    return broker;
  }

  /**
   * Reads every partition of {@code topic} from the beginning until {@code expected} records
   * arrived or {@link #READ_TIMEOUT} passed; returns what it read.
   */
  static List<ConsumerRecord<byte[], byte[]>> readAll(
      Consumer<byte[], byte[]> consumer, String topic, int expected) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (out.size() < expected && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(out::add);
    }
    return out;
  }

  /** Non-daemon threads alive now (a leaked broker thread keeps the JVM up). */
  static Set<String> liveNonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }

  static Map<String, String> strings(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().collect(Collectors.toMap(
        r -> new String(r.key()), r -> new String(r.value()), (a, b) -> b));
  }
}
