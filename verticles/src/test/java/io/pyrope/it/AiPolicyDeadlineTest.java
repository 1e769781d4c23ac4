package io.pyrope.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The deadline fallback: while the controller republishes its table the node keeps it; when the
 * republishing stops for longer than {@code ai.policy-deadline-ms}, the node installs
 * {@code ai.fallback} (here lru), counts {@code reason="deadline"} and keeps serving; the
 * controller's next table is applied again.
 */
class AiPolicyDeadlineTest {
  /** Long against the 300 ms cadence below, so that a slow machine does not miss it. */
  private static final long DEADLINE_MS = 3000;
  private static AiTopic topic;
  private static PyropeNode node;

  @BeforeAll
  static void start() {
    topic = new AiTopic();
    node = TestNodes.start(topic.flag(), "--ai.policy-deadline-ms=" + DEADLINE_MS, "--ai.fallback=lru",
        "--cache.eviction=score");
    AiTopic.createUnitIndex(node, "aidead", 2);
  }

  @AfterAll
  static void stop() {
    AiTopic.closeAll(node, topic);
  }

  @Test
  void silenceBeyondTheDeadlineFallsBackAndTheNextTableIsAppliedAgain() throws Exception {
    JsonObject table = topic.table(1, "warm/1", AiTopic.rules("always", 30_000));
    topic.publishTable(table);
    await().atMost(Duration.ofSeconds(20)).until(() -> "warm/1".equals(AiTopic.policies(node).getString("model_version")));

    // The controller's cadence, faster than the deadline: the table stays, nothing is counted.
    long until = System.currentTimeMillis() + 2 * DEADLINE_MS;
    while (System.currentTimeMillis() < until) {
      topic.publishTable(topic.table(1, "warm/1", AiTopic.rules("always", 30_000)));
      Thread.sleep(DEADLINE_MS / 10); // the controller's cadence, not a wait for the node
      assertEquals("warm/1", AiTopic.policies(node).getString("model_version"), "a live controller keeps its table");
    }
    assertEquals(0.0, AiTopic.fallbacks(node, "deadline"));

    // The controller goes quiet.
    await().atMost(Duration.ofSeconds(20)).until(() -> "fallback".equals(AiTopic.policies(node).getString("source")));
    JsonObject p = AiTopic.policies(node);
    assertEquals("static-rules", p.getString("model_version"));
    assertEquals("lru", p.getString("eviction"), "ai.fallback=lru: the configured table with LRU eviction");
    assertEquals("auto", p.getString("mode"), "still accepting tables");
    assertEquals(1.0, AiTopic.fallbacks(node, "deadline"));
    assertEquals(1.0, node.registry().get("vector_db_ai_policy_model").tag("model_version", "static-rules").gauge().value());
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      assertEquals(List.of("a"), VecClient.ids(VecClient.send(j, "VEC.SEARCH", "aidead", "ix", "TOPK", 1, "VECTOR",
          "[1,0,0]")), "the node keeps serving");
    }

    // The controller is back with the same table: applied again (it is no longer in force).
    topic.publishTable(topic.table(1, "warm/1", AiTopic.rules("always", 30_000)));
    await().atMost(Duration.ofSeconds(20)).until(() -> "warm/1".equals(AiTopic.policies(node).getString("model_version")));
    assertEquals("ai", AiTopic.policies(node).getString("source"));
    assertEquals(1.0, AiTopic.fallbacks(node, "deadline"), "counted once");
  }
}
