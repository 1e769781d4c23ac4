package io.pyrope.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's modes on {@code PUT /v1/cache/policies}: static and lru pin a table and ignore
 * AI tables, auto takes the newest one back, a table without a mode pins it; leaving an AI table
 * counts {@code reason="operator"}; mode changes leave audit records.
 */
class AiPolicyModeTest {
  private static AiTopic topic;
  private static PyropeNode node;
  private static long sequence = 100;

  @BeforeAll
  static void start() {
    topic = new AiTopic();
    node = TestNodes.start(topic.flag(), "--cache.eviction=score");
  }

  @AfterAll
  static void stop() {
    AiTopic.closeAll(node, topic);
  }

  private static synchronized String aiTableInForce() {
    put("{\"mode\":\"auto\"}");
    String model = "warm/" + ++sequence;
    topic.publishTable(topic.table(sequence, model, AiTopic.rules("min_cost", 42_000)));
    await().atMost(Duration.ofSeconds(20)).until(() -> model.equals(AiTopic.policies(node).getString("model_version")));
    return model;
  }

  private static JsonObject put(String body) {
    return Http.json(Http.call(node, "PUT", "/v1/cache/policies", body, null), 200);
  }

  /** Publishes a new AI table and waits until the node has read it (it shows as the latest table). */
  private static void publishAndWaitRead(String model) {
    long seq;
    synchronized (AiPolicyModeTest.class) {
      seq = ++sequence;
    }
    topic.publishTable(topic.table(seq, model, AiTopic.rules("never", 1_000)));
    await().atMost(Duration.ofSeconds(20)).until(() -> AiTopic.status(node).getJsonObject("latest_table") != null
        && AiTopic.status(node).getJsonObject("latest_table").getLong("sequence") == seq);
  }

  @Test
  void staticPinsTheTableAndIgnoresAiTablesUntilAuto() {
    aiTableInForce();
    double operator = AiTopic.fallbacks(node, "operator");
    JsonObject s = put("{\"mode\":\"static\"}");
    assertEquals("static", s.getString("mode"));
    assertEquals("static-rules", s.getString("model_version"));
    assertEquals("operator", s.getString("source"));
    assertEquals(operator + 1, AiTopic.fallbacks(node, "operator"), "leaving an AI table is counted");

    publishAndWaitRead("ignored/static");
    JsonObject p = AiTopic.policies(node);
    assertEquals("static-rules", p.getString("model_version"), "static mode ignores AI tables");
    assertEquals(s.getLong("version"), p.getLong("version"));

    JsonObject auto = put("{\"mode\":\"auto\"}");
    assertEquals("auto", auto.getString("mode"));
    assertEquals("ignored/static", auto.getString("model_version"), "auto applies the newest valid AI table at once");
    assertEquals("ai", auto.getString("source"));
  }

  @Test
  void lruPinsTheTableWithLruEviction() {
    aiTableInForce();
    JsonObject l = put("{\"mode\":\"lru\"}");
    assertEquals("lru", l.getString("mode"));
    assertEquals("lru", l.getString("eviction"));
    assertEquals("static-rules", l.getString("model_version"));
    publishAndWaitRead("ignored/lru");
    assertEquals("static-rules", AiTopic.policies(node).getString("model_version"), "lru mode ignores AI tables");
    assertEquals("lru", AiTopic.policies(node).getString("eviction"));
    put("{\"mode\":\"auto\"}");
  }

  @Test
  void aTableWithoutAModePinsItAgainstTheNextAiTable() {
    aiTableInForce();
    JsonObject p = put("{\"rules\":[{\"tenant\":\"op\",\"ttl_ms\":7000}]}");
    assertEquals("static", p.getString("mode"), "an operator's edit is pinned");
    assertEquals("operator", p.getString("source"));
    publishAndWaitRead("ignored/pinned");
    JsonObject now = AiTopic.policies(node);
    assertEquals("static-rules", now.getString("model_version"));
    JsonArray rules = now.getJsonArray("rules");
    assertEquals("op", rules.getJsonObject(0).getString("tenant"));
    assertEquals(7000L, rules.getJsonObject(0).getLong("ttl_ms"));
    // A GET body PUT back is accepted (read-only fields are ignored) and keeps the table.
    JsonObject again = put(now.encode());
    assertEquals(now.getJsonArray("rules"), again.getJsonArray("rules"));
    put("{\"mode\":\"auto\"}");
  }

  @Test
  void aTableWithModeAutoServesUntilTheNextAiTableRecord() {
    String model = aiTableInForce();
    JsonObject p = put("{\"mode\":\"auto\",\"rules\":[{\"tenant\":\"op2\",\"ttl_ms\":9000}]}");
    assertEquals("auto", p.getString("mode"));
    assertEquals("operator", p.getString("source"));
    assertEquals("static-rules", p.getString("model_version"));
    // The controller's next cadence republishes its table: in auto mode it takes over again.
    topic.publishTable(topic.table(sequence, model, AiTopic.rules("min_cost", 42_000)));
    await().atMost(Duration.ofSeconds(20)).until(() -> model.equals(AiTopic.policies(node).getString("model_version")));
    assertEquals("ai", AiTopic.policies(node).getString("source"));
  }

  @Test
  void aBadModeOrAnEmptyBodyIsA400AndChangesNothing() {
    JsonObject before = AiTopic.policies(node);
    Http.assertError(Http.call(node, "PUT", "/v1/cache/policies", "{\"mode\":\"manual\"}", null), 400,
        "VEC_ERR_SYNTAX", "field 'mode' must be \"auto\", \"static\" or \"lru\", got manual");
    Http.assertError(Http.call(node, "PUT", "/v1/cache/policies", "{\"mode\":7}", null), 400, "VEC_ERR_SYNTAX",
        "field 'mode'");
    Http.assertError(Http.call(node, "PUT", "/v1/cache/policies", "{}", null), 400, "VEC_ERR_SYNTAX",
        "'rules' (a table) or 'mode' is required");
    Http.assertError(Http.call(node, "PUT", "/v1/cache/policies", "{\"mode\":\"static\",\"rules\":[{\"admit\":\"x\"}]}",
        null), 400, "VEC_ERR_SYNTAX", "rules[0].admit");
    JsonObject after = AiTopic.policies(node);
    assertEquals(before.getLong("version"), after.getLong("version"));
    assertEquals(before.getString("mode"), after.getString("mode"), "a rejected PUT does not change the mode");
  }

  @Test
  void modeChangesAreAudited() {
    put("{\"mode\":\"static\"}");
    put("{\"mode\":\"auto\"}");
    JsonObject audit = Http.json(Http.call(node, "GET", "/v1/audit?action=cache.policies.mode", null, null), 200);
    JsonArray records = audit.getJsonArray("records");
    assertTrue(records.stream().map(JsonObject.class::cast).anyMatch(r -> "mode=static".equals(r.getString("target"))),
        records::encode);
    assertTrue(records.stream().map(JsonObject.class::cast).anyMatch(r -> "mode=auto".equals(r.getString("target"))),
        records::encode);
  }
}
