package io.pyrope.it;

import static io.pyrope.it.VecClient.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.Topics;
import io.pyrope.kafka.EmbeddedKafkaBroker;
import io.pyrope.kafka.EmbeddedKafkaOptions;
import io.pyrope.kafka.KafkaClientFactory;
import io.pyrope.kafka.PyropeTopics;
import io.pyrope.kafka.TopicProvisioner;
import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The log Kafka (a broker of its own, via telemetry.kafka-bootstrap) stops mid-run: searches keep
 * succeeding at their latency, the drop counter rises; when it comes back on the same port, new searches are logged again.
 */
class TelemetryKafkaDownTest {
  private static final int SEARCHES = 300;

  @Test
  void searchesKeepTheirLatencyWhileTheLogKafkaIsDownAndLoggingResumes() throws Exception {
    Path dir = DurableNodes.newDataDir();
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaOptions.builder(dir.resolve("logs")).port(0)
        .build());
    String bootstrap = broker.start();
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    try (Admin admin = new KafkaClientFactory(bootstrap).admin("telemetry-down-admin")) {
      new TopicProvisioner(admin).createMissing(PyropeTopics.all(PyropeTopics.EMBEDDED_REPLICATION_FACTOR));
    }
    PyropeNode node = TestNodes.start("--telemetry.kafka-bootstrap=" + bootstrap);
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      send(j, "VEC.CREATE", "down", "ix", "DIM", 2, "METRIC", "l2");
      send(j, "VEC.ADD", "down", "ix", "a", "VECTOR", "[1,0]", "b", "VECTOR", "[0,1]");
      search(j, SEARCHES, "warm");
      long[] before = search(j, SEARCHES, "before");
      assertTrue(awaitLogged(bootstrap, node, "before-" + (SEARCHES - 1), () -> { }), "logged while Kafka is up");

      double droppedBefore = dropped(node);
      broker.close();
      long[] during = search(j, SEARCHES, "during");
      long p99Before = before[SEARCHES * 99 / 100];
      long p99During = during[SEARCHES * 99 / 100];
      assertTrue(p99During <= 2 * p99Before + 5_000_000, "p99 while the log Kafka is down " + p99During / 1000
          + " µs vs " + p99Before / 1000 + " µs before");

      // The records of the outage wait in the producer until its delivery timeout, then count as drops.
      org.awaitility.Awaitility.await().atMost(KafkaClientFactory.LOG_DELIVERY_TIMEOUT.plusSeconds(30))
          .until(() -> dropped(node) > droppedBefore);

      broker = new EmbeddedKafkaBroker(EmbeddedKafkaOptions.builder(dir.resolve("logs")).port(port).build());
      broker.start();
      // Records offered while the producer has no leader yet are dropped (that is the design): keep
      // searching until one made after the restart arrives.
      int[] round = {0};
      assertTrue(awaitLogged(bootstrap, node, "after", () -> search(j, 1, "after" + round[0]++ + "-")),
          "logging resumed once Kafka was back");
    } finally {
      node.close();
      broker.close();
    }
  }

  private static double dropped(PyropeNode node) {
    return node.registry().get("vector_db_log_dropped_total").tag("topic", Topics.QUERY_LOG).counter().count();
  }

  /** Sorted latencies (ns) of n searches with REQUEST_ID prefix-i, bypassing the cache. */
  private static long[] search(Jedis j, int n, String prefix) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      List<String> ids = VecClient.ids(send(j, "VEC.SEARCH", "down", "ix", "TOPK", 1, "VECTOR", "[1,0.1]",
          "CACHE_HINT", "bypass", "REQUEST_ID", prefix + "-" + i));
      out[i] = System.nanoTime() - t0;
      assertEquals(List.of("a"), ids);
    }
    Arrays.sort(out);
    return out;
  }

  /**
   * Whether a query-log record of the node whose request id starts with {@code prefix} shows up
   * within 30 s; {@code between} runs before each poll.
   */
  private static boolean awaitLogged(String bootstrap, PyropeNode node, String prefix, Runnable between) {
    long deadline = System.currentTimeMillis() + 30_000;
    try (Consumer<byte[], byte[]> c = new KafkaClientFactory(bootstrap).walReader("telemetry-down-test")) {
      List<TopicPartition> tps = c.partitionsFor(Topics.QUERY_LOG).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
      c.assign(tps);
      c.seekToBeginning(tps);
      Set<String> seen = new HashSet<>();
      while (System.currentTimeMillis() < deadline) {
        between.run();
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
          JsonObject rec = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
          if (node.nodeId().equals(rec.getString("node"))) {
            seen.add(rec.getString("request_id"));
          }
        }
        if (seen.stream().anyMatch(id -> id != null && id.startsWith(prefix))) {
          return true;
        }
      }
    }
    return false;
  }
}
