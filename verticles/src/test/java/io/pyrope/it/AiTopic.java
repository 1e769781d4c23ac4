package io.pyrope.it;

import io.pyrope.kafka.KafkaClientFactory;
import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A policy topic of a test's own on the shared broker, and a real Kafka producer that publishes
 * on it what the ai-controller would: table and evaluation records (pyrope.policy/v1). Each test
 * node is started with {@link #flag()} so that tests never see each other's tables.
 */
final class AiTopic implements AutoCloseable {
  final String name = "pyrope.policy.test-" + UUID.randomUUID();
  final String controller = "test-controller-" + UUID.randomUUID();
  private final Producer<byte[], byte[]> producer;

  AiTopic() {
    producer = new KafkaClientFactory(TestNodes.shared().kafkaBootstrap()).walProducer("ai-topic-test");
  }

  /** The node flag that points a node at this topic. */
  String flag() {
    return "--ai.policy-topic=" + name;
  }

  /** A table record as the controller writes it, issued now. */
  JsonObject table(long sequence, String model, JsonObject table) {
    return new JsonObject().put("schema", "pyrope.policy/v1").put("kind", "table").put("controller", controller)
        .put("sequence", sequence).put("issued_ms", System.currentTimeMillis()).put("model_version", model)
        .put("table", table);
  }

  /** A one-rule table body: {@code admit} for every index, with this TTL. */
  static JsonObject rules(String admit, long ttlMs) {
    return new JsonObject().put("rules", new io.vertx.core.json.JsonArray().add(new JsonObject()
        .put("tenant", "*").put("index", "*").put("admit", admit).put("ttl_ms", ttlMs)));
  }

  void publishTable(JsonObject record) {
    publish("table", record.encode());
  }

  void publishEvaluation(String tenant, String index, JsonObject report) {
    publish("evaluation/" + tenant + "/" + index, new JsonObject().put("schema", "pyrope.policy/v1")
        .put("kind", "evaluation").put("controller", controller).put("issued_ms", System.currentTimeMillis())
        .put("tenant", tenant).put("index", index).put("report", report).encode());
  }

  /** Any bytes under a key, acknowledged before this returns. */
  void publish(String key, String value) {
    try {
      producer.send(new ProducerRecord<>(name, 0, key.getBytes(StandardCharsets.UTF_8),
          value == null ? null : value.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("publishing on " + name + ": " + e, e);
    }
  }

  /** The node's GET /v1/cache/policies (no auth). */
  static JsonObject policies(PyropeNode node) {
    return Http.json(Http.call(node, "GET", "/v1/cache/policies", null, null), 200);
  }

  /** The node's GET /v1/ai/status (no auth). */
  static JsonObject status(PyropeNode node) {
    return Http.json(Http.call(node, "GET", "/v1/ai/status", null, null), 200);
  }

  /** vector_db_ai_fallback_total{reason} as the node's metrics export it. */
  static double fallbacks(PyropeNode node, String reason) {
    return node.registry().get("vector_db_ai_fallback_total").tag("reason", reason).counter().count();
  }

  /** Index {@code tenant}/ix, 3-d L2, with the first {@code records} unit vectors as ids a, b, c. */
  static void createUnitIndex(PyropeNode node, String tenant, int records) {
    try (redis.clients.jedis.Jedis j = new redis.clients.jedis.Jedis("127.0.0.1", node.respPort())) {
      VecClient.send(j, "VEC.CREATE", tenant, "ix", "DIM", 3, "METRIC", "l2");
      String[] vectors = {"[1,0,0]", "[0,1,0]", "[0,0,1]"};
      for (int i = 0; i < records; i++) {
        VecClient.send(j, "VEC.ADD", tenant, "ix", String.valueOf((char) ('a' + i)), "VECTOR", vectors[i]);
      }
    }
  }

  /** Closes what a test class started, either of them possibly null. */
  static void closeAll(PyropeNode node, AiTopic topic) {
    if (node != null) {
      node.close();
    }
    if (topic != null) {
      topic.close();
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
