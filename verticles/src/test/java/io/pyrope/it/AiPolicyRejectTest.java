package io.pyrope.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.cache.policy.PolicyJson;
import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Bad tables on the policy topic: each one is rejected with a message naming what was wrong,
 * counted as {@code vector_db_ai_fallback_total{reason="invalid"}}, and the node keeps serving
 * with the table it had.
 */
class AiPolicyRejectTest {
  private static final String T = "aireject";
  /** The node's cache.max-bytes: an AI table may not give a tenant more. */
  private static final long NODE_BYTES = 1 << 20;
  private static AiTopic topic;
  private static PyropeNode node;

  @BeforeAll
  static void start() {
    topic = new AiTopic();
    node = TestNodes.start(topic.flag(), "--cache.max-bytes=" + NODE_BYTES);
    AiTopic.createUnitIndex(node, T, 2);
    topic.publishTable(topic.table(1, "good/1", AiTopic.rules("always", 60_000)));
    await().atMost(Duration.ofSeconds(20)).until(() -> "good/1".equals(AiTopic.policies(node).getString("model_version")));
  }

  @AfterAll
  static void stop() {
    AiTopic.closeAll(node, topic);
  }

  @Test
  void anUnknownFieldInTheTableIsRejected() {
    rejected(topic.table(2, "bad/2", AiTopic.rules("always", 1000).put("colour", "red")).encode(),
        "unknown field 'colour'");
  }

  @Test
  void aTtlOverTheLimitIsRejected() {
    rejected(topic.table(3, "bad/3", AiTopic.rules("always", PolicyJson.MAX_TTL_MS + 1)).encode(), "rules[0].ttl_ms");
  }

  @Test
  void aRecordWithoutATableIsRejected() {
    JsonObject r = topic.table(4, "bad/4", new JsonObject());
    r.remove("table");
    rejected(r.encode(), "field 'table' is required");
  }

  @Test
  void aRecordThatIsNotJsonIsRejected() {
    rejected("{\"schema\": \"pyrope.policy/v1\", oops", "not valid JSON");
  }

  @Test
  void aWrongSchemaOrKindIsRejected() {
    rejected(topic.table(5, "bad/5", AiTopic.rules("always", 1000)).put("schema", "pyrope.policy/v0").encode(),
        "field 'schema'");
    rejected(topic.table(6, "bad/6", AiTopic.rules("always", 1000)).put("kind", "evaluation").encode(), "field 'kind'");
    rejected(topic.table(0, "bad/7", AiTopic.rules("always", 1000)).encode(), "field 'sequence'");
  }

  @Test
  void aBudgetAboveTheNodesCacheIsRejected() {
    JsonObject table = AiTopic.rules("always", 1000).put("tenant_max_bytes", new JsonObject().put(T, NODE_BYTES + 1));
    rejected(topic.table(8, "bad/8", table).encode(), "above the node's cache.max-bytes");
  }

  @Test
  void aTableWithARuleThatIsNotAnObjectIsRejected() {
    JsonObject table = new JsonObject().put("rules", new JsonArray(List.of("admit everything")));
    rejected(topic.table(9, "bad/9", table).encode(), "rules[0] must be an object");
  }

  /** Publishes {@code value} under the table key; waits until it is counted; checks nothing changed. */
  private static synchronized void rejected(String value, String inMessage) {
    JsonObject before = AiTopic.policies(node);
    double invalid = AiTopic.fallbacks(node, "invalid");
    topic.publish("table", value);
    await().atMost(Duration.ofSeconds(20)).until(() -> AiTopic.fallbacks(node, "invalid") >= invalid + 1);
    assertEquals(invalid + 1, AiTopic.fallbacks(node, "invalid"), "counted once");
    String why = AiTopic.status(node).getString("last_invalid");
    assertTrue(why.contains(inMessage), "'" + inMessage + "' not in " + why);
    JsonObject after = AiTopic.policies(node);
    assertEquals(before.getLong("version"), after.getLong("version"), "no swap");
    assertEquals("good/1", after.getString("model_version"), "the node keeps the table it had");
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      assertEquals(List.of("a"), VecClient.ids(VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 1, "VECTOR", "[1,0,0]")),
          "still serving");
    }
  }
}
