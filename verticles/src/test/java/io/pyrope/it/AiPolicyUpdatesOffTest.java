package io.pyrope.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code ai.policy-updates=false}: the node reads nothing from the policy topic. A second node
 * with updates on, reading the same topic, proves the records were there to be read.
 */
class AiPolicyUpdatesOffTest {
  @Test
  void aNodeWithUpdatesOffConsumesNothing() {
    try (AiTopic topic = new AiTopic()) {
      PyropeNode off = TestNodes.start(topic.flag(), "--ai.policy-updates=false");
      PyropeNode on = null;
      try {
        topic.publishTable(topic.table(1, "warm/1", AiTopic.rules("always", 1000)));
        topic.publishEvaluation("t", "ix", new JsonObject().put("schema", "pyrope.sim-report/v1"));
        on = TestNodes.start(topic.flag());
        PyropeNode reader = on;
        await().atMost(Duration.ofSeconds(20)).until(() -> "warm/1".equals(AiTopic.policies(reader)
            .getString("model_version")) && AiTopic.status(reader).getInteger("evaluations") == 1);

        JsonObject status = AiTopic.status(off);
        assertFalse(status.getBoolean("policy_updates"));
        assertEquals(0, status.getInteger("evaluations"));
        assertEquals("static-rules", AiTopic.policies(off).getString("model_version"));
        assertEquals("config", AiTopic.policies(off).getString("source"));
        assertEquals(0, Http.json(Http.call(off, "GET", "/v1/ai/evaluations", null, null), 200)
            .getJsonArray("evaluations").size());
        // Modes still work: the operator's switch is local.
        assertEquals("lru", Http.json(Http.call(off, "PUT", "/v1/cache/policies", "{\"mode\":\"lru\"}", null), 200)
            .getString("eviction"));
      } finally {
        off.close();
        if (on != null) {
          on.close();
        }
      }
    }
  }
}
