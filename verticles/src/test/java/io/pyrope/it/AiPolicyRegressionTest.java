package io.pyrope.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The regression guard: a good table (admit always) earns a high hit rate; the next one (admit
 * never) makes it collapse; after the guard window the node puts the good table back, counts
 * {@code reason="regression"}, and does not apply the bad sequence again when it is
 * republished — only a new sequence.
 */
class AiPolicyRegressionTest {
  private static final String T = "airegress";
  private static final int QUERIES = 10;
  private static AiTopic topic;
  private static PyropeNode node;

  @BeforeAll
  static void start() {
    topic = new AiTopic();
    node = TestNodes.start(topic.flag(), "--ai.guard-window-ms=1000", "--ai.guard-min-lookups=40",
        "--ai.guard-hit-margin=0.2", "--ai.policy-deadline-ms=600000");
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      VecClient.send(j, "VEC.CREATE", T, "ix", "DIM", 3, "METRIC", "l2");
      for (int i = 0; i < QUERIES; i++) {
        VecClient.send(j, "VEC.ADD", T, "ix", "r" + i, "VECTOR", vector(i));
      }
    }
  }

  @AfterAll
  static void stop() {
    AiTopic.closeAll(node, topic);
  }

  private static String vector(int i) {
    return "[" + (i + 1) + "," + (i % 3) + "," + (10 - i) + "]";
  }

  /** Searches the same few queries over and over: under admit-always most are hits. */
  private static void traffic(int n) {
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      for (int i = 0; i < n; i++) {
        VecClient.send(j, "VEC.SEARCH", T, "ix", "TOPK", 3, "VECTOR", vector(i % QUERIES));
      }
    }
  }

  private static boolean trafficUntil(java.util.function.BooleanSupplier done) {
    traffic(20);
    return done.getAsBoolean();
  }

  @Test
  void aTableThatLowersTheHitRateIsRevertedAndNotReapplied() {
    topic.publishTable(topic.table(1, "good/1", AiTopic.rules("always", 600_000)));
    await().atMost(Duration.ofSeconds(20)).until(() -> "good/1".equals(AiTopic.policies(node).getString("model_version")));
    // The good table serves its guard window (nothing before it to compare with: kept), then one
    // more window of traffic so that it has a hit rate to be compared with.
    await().atMost(Duration.ofSeconds(30)).until(() -> trafficUntil(() -> !AiTopic.status(node)
        .getBoolean("on_probation")));
    assertEquals("good/1", AiTopic.policies(node).getString("model_version"));
    long t0 = System.currentTimeMillis();
    await().atMost(Duration.ofSeconds(30)).until(() -> trafficUntil(() -> System.currentTimeMillis() - t0 > 2200));

    topic.publishTable(topic.table(2, "bad/2", AiTopic.rules("never", 600_000)));
    await().atMost(Duration.ofSeconds(20)).until(() -> "bad/2".equals(AiTopic.policies(node).getString("model_version")));
    long version = AiTopic.policies(node).getLong("version");
    // What the good table cached is gone; the bad one admits nothing: every lookup misses.
    Http.json(Http.call(node, "POST", "/v1/cache/flush", "{}", null), 200);
    await().atMost(Duration.ofSeconds(30)).until(() -> trafficUntil(() -> !"bad/2".equals(AiTopic.policies(node)
        .getString("model_version"))));

    JsonObject p = AiTopic.policies(node);
    assertEquals("good/1", p.getString("model_version"), "the last good table is back");
    assertEquals("last_good", p.getString("source"));
    assertEquals(version + 1, p.getLong("version"), "the revert is one more swap");
    assertEquals(1.0, AiTopic.fallbacks(node, "regression"));
    JsonObject status = AiTopic.status(node);
    assertEquals(topic.controller + "#2", status.getString("rejected_table"));
    assertEquals(topic.controller + "#1", status.getString("ai_table_in_force"));

    // The controller republishes the bad table: not applied again.
    long read = status.getLong("records_read");
    topic.publishTable(topic.table(2, "bad/2", AiTopic.rules("never", 600_000)));
    await().atMost(Duration.ofSeconds(20)).until(() -> AiTopic.status(node).getLong("records_read") > read);
    assertEquals("good/1", AiTopic.policies(node).getString("model_version"));
    assertFalse(AiTopic.status(node).getBoolean("on_probation"));

    // A new sequence is a new table.
    topic.publishTable(topic.table(3, "next/3", AiTopic.rules("always", 600_000)));
    await().atMost(Duration.ofSeconds(20)).until(() -> "next/3".equals(AiTopic.policies(node).getString("model_version")));
    assertEquals(1.0, AiTopic.fallbacks(node, "regression"));
  }
}
