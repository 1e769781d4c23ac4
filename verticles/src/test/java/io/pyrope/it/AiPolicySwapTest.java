package io.pyrope.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.pyrope.bus.Topics;
import io.pyrope.kafka.KafkaClientFactory;
import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

/**
 * A node reading a policy topic that this test writes with a real producer, as the ai-controller
 * would: a valid table is swapped in once (GET, TRACE, decision log), a republish only refreshes
 * its age.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AiPolicySwapTest {
  private static final String T = "aiswap";
  private static AiTopic topic;
  private static PyropeNode node;

  @BeforeAll
  static void start() {
    topic = new AiTopic();
    node = TestNodes.start(topic.flag());
    AiTopic.createUnitIndex(node, T, 3);
  }

  @AfterAll
  static void stop() {
    AiTopic.closeAll(node, topic);
  }

  @Test
  @Order(1) // the node's first table: it starts from the configured one
  void aValidTableIsSwappedInOnceAndNamedInGetTraceAndTheDecisionLog() {
    JsonObject before = AiTopic.policies(node);
    assertEquals("auto", before.getString("mode"));
    assertEquals("static-rules", before.getString("model_version"));
    assertEquals("config", before.getString("source"));
    long v0 = before.getLong("version");

    JsonObject record = topic.table(1, "warm-heuristic/1", AiTopic.rules("always", 123_000));
    topic.publishTable(record);
    await().atMost(Duration.ofSeconds(20)).until(() -> "warm-heuristic/1".equals(AiTopic.policies(node)
        .getString("model_version")));
    JsonObject now = AiTopic.policies(node);
    assertEquals(v0 + 1, now.getLong("version"), "one swap, one version");
    assertEquals("ai", now.getString("source"));
    assertEquals(123_000L, now.getJsonArray("rules").getJsonObject(0).getLong("ttl_ms"));
    assertNotNull(now.getLong("table_age_ms"));

    long read = AiTopic.status(node).getLong("records_read");
    topic.publishTable(record); // the controller's next cadence, table unchanged
    topic.publishTable(topic.table(1, "warm-heuristic/1", AiTopic.rules("always", 123_000)));
    await().atMost(Duration.ofSeconds(20)).until(() -> AiTopic.status(node).getLong("records_read") >= read + 2);
    assertEquals(v0 + 1, AiTopic.policies(node).getLong("version"), "a republish does not swap again");

    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      Object miss = VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 2, "VECTOR", "[0.9,0.2,0]", "TRACE");
      Map<String, Object> t = CacheHintTraceTest.traceOf(miss);
      assertEquals(Long.toString(v0 + 1), t.get("policy_version"));
      assertEquals("warm-heuristic/1", t.get("model_version"));
      assertEquals("123000", t.get("ttl_ms"), "the AI table's rule decided");
    }
    JsonObject decision = decisionOf(r -> "warm-heuristic/1".equals(r.getString("model_version")));
    assertEquals(v0 + 1, decision.getLong("policy_version"));
    assertEquals("admitted", decision.getString("decision"));
  }

  @Test
  @Order(2)
  void eachNewSequenceSwapsAgainAndANewControllerRunStartsOver() {
    topic.publishTable(topic.table(50, "warm-heuristic/50", AiTopic.rules("always", 50_000)));
    await().atMost(Duration.ofSeconds(20)).until(() -> "warm-heuristic/50".equals(AiTopic.policies(node)
        .getString("model_version")));
    long v = AiTopic.policies(node).getLong("version");
    topic.publishTable(topic.table(51, "warm-heuristic/51", AiTopic.rules("min_cost", 50_000)));
    await().atMost(Duration.ofSeconds(20)).until(() -> "warm-heuristic/51".equals(AiTopic.policies(node)
        .getString("model_version")));
    JsonObject p = AiTopic.policies(node);
    assertEquals(v + 1, p.getLong("version"));
    assertEquals("min_cost", p.getJsonArray("rules").getJsonObject(0).getString("admit"));
    JsonObject restarted = topic.table(1, "warm-heuristic/restarted", AiTopic.rules("always", 50_000))
        .put("controller", "another-run");
    topic.publishTable(restarted);
    await().atMost(Duration.ofSeconds(20)).until(() -> "warm-heuristic/restarted".equals(AiTopic.policies(node)
        .getString("model_version")));
    JsonObject status = AiTopic.status(node);
    assertEquals("another-run#1", status.getString("ai_table_in_force"));
    assertEquals(1L, status.getJsonObject("latest_table").getLong("sequence"));
  }

  /** This node's first decision-log record that matches, read from the beginning (20 s at most). */
  private static JsonObject decisionOf(java.util.function.Predicate<JsonObject> match) {
    long deadline = System.currentTimeMillis() + 20_000;
    try (Consumer<byte[], byte[]> c = new KafkaClientFactory(node.kafkaBootstrap()).walReader("ai-swap-test")) {
      List<TopicPartition> tps = c.partitionsFor(Topics.DECISION_LOG).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
      c.assign(tps);
      c.seekToBeginning(tps);
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
          JsonObject rec = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
          if (node.nodeId().equals(rec.getString("node")) && "decision".equals(rec.getString("kind"))
              && match.test(rec)) {
            return rec;
          }
        }
      }
    }
    throw new AssertionError("no matching decision-log record of node " + node.nodeId());
  }
}
