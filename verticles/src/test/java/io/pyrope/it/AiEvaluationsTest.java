package io.pyrope.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pyrope.cache.ai.PolicyRecord;
import io.pyrope.node.PyropeNode;
import io.pyrope.security.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/ai/evaluations} on a node with auth on: the latest report per tenant/index as
 * published on the policy topic; a tenant's key sees its own tenant only; bad and oversized
 * evaluation records are skipped.
 */
class AiEvaluationsTest {
  private static AiTopic topic;
  private static PyropeNode node;
  private static String acmeReader;

  @BeforeAll
  static void start() {
    topic = new AiTopic();
    node = SecureNode.start(topic.flag());
    acmeReader = SecureNode.user(node, "acme", "ana", Role.READER);
  }

  @AfterAll
  static void stop() {
    AiTopic.closeAll(node, topic);
  }

  private static JsonObject report(double hitRatio) {
    return new JsonObject().put("schema", "pyrope.sim-report/v1").put("policies", new JsonArray()
        .add(new JsonObject().put("policy", "lru").put("hit_ratio", hitRatio)));
  }

  private static JsonArray evaluations(String query, String key) {
    return Http.json(Http.call(node, "GET", "/v1/ai/evaluations" + query, null, key), 200).getJsonArray("evaluations");
  }

  @Test
  void theLatestReportPerIndexIsServedToItsOwnTenant() {
    topic.publishEvaluation("acme", "docs", report(0.1));
    topic.publishEvaluation("acme", "docs", report(0.4)); // newer: replaces the first
    topic.publishEvaluation("acme", "faq", report(0.5));
    topic.publishEvaluation("beta", "docs", report(0.6));
    // Skipped: the key names another index; a report that is not an object; too large.
    topic.publish("evaluation/acme/other", new JsonObject().put("schema", "pyrope.policy/v1").put("kind", "evaluation")
        .put("controller", "c").put("issued_ms", 1).put("tenant", "acme").put("index", "spoofed")
        .put("report", report(0.9)).encode());
    topic.publish("evaluation/acme/broken", new JsonObject().put("schema", "pyrope.policy/v1").put("kind", "evaluation")
        .put("controller", "c").put("issued_ms", 1).put("tenant", "acme").put("index", "broken").put("report", "n/a")
        .encode());
    topic.publishEvaluation("acme", "huge", report(0.2).put("padding", "x".repeat(PolicyRecord.MAX_EVALUATION_BYTES)));
    topic.publishEvaluation("zeta", "last", report(0.7)); // the marker: everything before it was read
    await().atMost(Duration.ofSeconds(20)).until(() -> evaluations("", SecureNode.ADMIN_KEY).size() == 4);

    JsonArray all = evaluations("", SecureNode.ADMIN_KEY);
    assertEquals(List.of("acme/docs", "acme/faq", "beta/docs", "zeta/last"), names(all), "sorted, bad records skipped");
    JsonObject docs = all.getJsonObject(0);
    assertEquals(0.4, docs.getJsonObject("report").getJsonArray("policies").getJsonObject(0).getDouble("hit_ratio"));
    assertEquals("pyrope.sim-report/v1", docs.getJsonObject("report").getString("schema"));
    assertEquals(topic.controller, docs.getString("controller"));

    assertEquals(List.of("acme/docs", "acme/faq"), names(evaluations("", acmeReader)), "a tenant key sees its own");
    assertEquals(List.of("acme/faq"), names(evaluations("?tenant=acme&index=faq", acmeReader)));
    assertEquals(List.of("beta/docs"), names(evaluations("?tenant=beta", SecureNode.ADMIN_KEY)));
    Http.assertError(Http.call(node, "GET", "/v1/ai/evaluations?tenant=beta", null, acmeReader), 403, "VEC_ERR_PERM",
        "beta");
    Http.assertError(Http.call(node, "GET", "/v1/ai/status", null, acmeReader), 403, "VEC_ERR_PERM", "");
    JsonObject status = Http.json(Http.call(node, "GET", "/v1/ai/status", null, SecureNode.ADMIN_KEY), 200);
    assertEquals(4, status.getInteger("evaluations"));
  }

  private static List<String> names(JsonArray evaluations) {
    return evaluations.stream().map(JsonObject.class::cast)
        .map(e -> e.getString("tenant") + "/" + e.getString("index")).toList();
  }
}
