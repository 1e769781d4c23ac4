package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.Topics;
import io.pyrope.kafka.KafkaClientFactory;
import io.pyrope.node.PyropeNode;
import io.pyrope.testing.TopicSchemas;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Admission {@code seen_before} over RESP, against a node with the embedded broker: a key's first
 * miss is not stored ({@code rejected_first_seen}), its second is, its third is a hit; TRACE shows
 * each decision, the counter counts the refusals, and the decision and query logs carry the new
 * verdict in their schemas' layout.
 */
class SeenBeforeAdmissionTest {
  private static final String T = "door";
  private static final String IX = "ix";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static PyropeNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start();
    try (Jedis j = jedis()) {
      VecClient.send(j, "VEC.CREATE", T, IX, "DIM", 3, "METRIC", "l2");
      VecClient.send(j, "VEC.ADD", T, IX, "a", "VECTOR", "[1,0,0]", "b", "VECTOR", "[0,1,0]", "c", "VECTOR", "[0,0,1]");
    }
    HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/cache/policies"))
        .PUT(HttpRequest.BodyPublishers.ofString("{\"rules\":[{\"tenant\":\"" + T + "\",\"index\":\"" + IX
            + "\",\"admit\":\"seen_before\"},{\"tenant\":\"*\",\"index\":\"*\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, put.statusCode(), put.body());
    JsonObject rule = new JsonObject(put.body()).getJsonArray("rules").getJsonObject(0);
    assertEquals("seen_before", rule.getString("admit"), put.body());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  static Jedis jedis() {
    return new Jedis("127.0.0.1", node.respPort());
  }

  private static Map<String, Object> traced(Jedis j, String vector, String rid) {
    return CacheHintTraceTest.traceOf(VecClient.send(j, "VEC.SEARCH", T, IX, "TOPK", 2, "VECTOR", vector,
        "REQUEST_ID", rid, "TRACE"));
  }

  @Test
  void aKeyIsStoredOnItsSecondMissAndServedOnItsThirdSearch() throws Exception {
    try (Jedis j = jedis()) {
      Map<String, Object> first = traced(j, "[0.9,0.1,0]", "first");
      Map<String, Object> second = traced(j, "[0.9,0.1,0]", "second");
      Map<String, Object> third = traced(j, "[0.9,0.1,0]", "third");
      Map<String, Object> other = traced(j, "[0,0.2,0.9]", "other");
      assertEquals("rejected_first_seen", first.get("decision"), first.toString());
      assertEquals("0", first.get("bytes"), "nothing stored: " + first);
      assertEquals("admitted", second.get("decision"), second.toString());
      assertTrue(Long.parseLong((String) second.get("bytes")) > 0, second.toString());
      assertEquals("served", third.get("decision"), third.toString());
      assertEquals("l0", third.get("layer"));
      assertEquals(first.get("key"), second.get("key"), "the key recorded is the key stored");
      assertEquals(second.get("key"), third.get("key"));
      assertEquals("rejected_first_seen", other.get("decision"), "another key starts unseen: " + other);
      String key = (String) first.get("key");

      String scrape = node.registry().scrape();
      assertTrue(scrape.contains("vector_db_cache_rejected_first_seen_total{index=\"" + IX + "\",tenant=\"" + T
          + "\"} 2.0"), () -> scrape.lines().filter(l -> l.contains("first_seen")).collect(Collectors.joining("\n")));

      List<JsonObject> decisions = read(Topics.DECISION_LOG, l -> l.stream()
          .filter(r -> "decision".equals(r.getString("kind"))).count() >= 3);
      List<JsonObject> queries = read(Topics.QUERY_LOG, l -> l.size() >= 4);
      Validator dv = TopicSchemas.validator("pyrope.decision-log.v1.json");
      Validator qv = TopicSchemas.validator("pyrope.query-log.v1.json");
      decisions.forEach(r -> TopicSchemas.assertValid(dv, r));
      queries.forEach(r -> TopicSchemas.assertValid(qv, r));
      List<String> verdicts = decisions.stream().filter(r -> "decision".equals(r.getString("kind"))
          && key.equals(r.getString("key"))).map(r -> r.getString("decision")).toList();
      assertEquals(List.of("rejected_first_seen", "admitted"), verdicts, decisions.toString());
      JsonObject refused = decisions.stream().filter(r -> "rejected_first_seen".equals(r.getString("decision")))
          .findFirst().orElseThrow();
      assertEquals("seen_before", refused.getJsonObject("features").getString("admission"));
      assertEquals("l0", refused.getString("layer"));
      JsonObject firstQuery = queries.stream().filter(r -> "first".equals(r.getString("request_id"))).findFirst()
          .orElseThrow(() -> new AssertionError("no query-log record for 'first' in " + queries));
      assertEquals("rejected_first_seen", firstQuery.getString("decision"));
    }
  }

  /** This node's records on a topic, read from the beginning until {@code enough} holds (20 s at most). */
  private static List<JsonObject> read(String topic, java.util.function.Predicate<List<JsonObject>> enough) {
    List<JsonObject> mine = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 20_000;
    try (Consumer<byte[], byte[]> c = new KafkaClientFactory(node.kafkaBootstrap()).walReader("door-test")) {
      List<TopicPartition> tps = c.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
      c.assign(tps);
      c.seekToBeginning(tps);
      while (System.currentTimeMillis() < deadline && !enough.test(mine)) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
          JsonObject rec = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
          if (node.nodeId().equals(rec.getString("node"))) {
            mine.add(rec);
          }
        }
      }
    }
    return mine;
  }


}
