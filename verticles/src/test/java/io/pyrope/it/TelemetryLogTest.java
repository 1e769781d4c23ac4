package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.Topics;
import io.pyrope.kafka.KafkaClientFactory;
import io.pyrope.node.PyropeNode;
import io.pyrope.testing.TopicSchemas;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The query and decision logs against a live node and the embedded broker: searches (misses,
 * hits, a filter, an error) and writes, then both topics read back, record by record, and
 * validated against their JSON Schemas in bus-schemas. A tiny cache budget forces evictions, a
 * write makes entries stale: both leave outcome records.
 */
class TelemetryLogTest {
  private static final String T = "telem";
  private static final String IX = "ix";
  private static final int DIM = 8;
  private static final int N = 200;
  /** Distinct searches that overflow the 16 KiB budget many times over. */
  private static final int FILL = 120;
  private static PyropeNode node;
  private static float[] data;
  private static int searches;

  @BeforeAll
  static void start() {
    node = TestNodes.start("--cache.max-bytes=16384", "--cache.sweep-ms=50");
    data = new float[N * DIM];
    Random r = new Random(7);
    for (int i = 0; i < data.length; i++) {
      data[i] = r.nextFloat();
    }
    try (Jedis j = jedis(node)) {
      VecClient.send(j, "VEC.CREATE", T, IX, "DIM", DIM, "METRIC", "l2");
      VecClient.load(j, T, IX, data, N, DIM);
    }
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  static Jedis jedis(PyropeNode n) {
    return new Jedis("127.0.0.1", n.respPort());
  }

  static String vec(int row) {
    StringBuilder sb = new StringBuilder("[");
    for (int d = 0; d < DIM; d++) {
      sb.append(d == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", data[row * DIM + d]));
    }
    return sb.append(']').toString();
  }

  private static Object search(Jedis j, Object... args) {
    searches++;
    return VecClient.send(j, "VEC.SEARCH", args);
  }

  @Test
  void everySearchAndEveryDecisionIsOnKafkaInTheVersionedLayout() throws Exception {
    List<String> firstIds;
    try (Jedis j = jedis(node)) {
      firstIds = VecClient.ids(search(j, T, IX, "TOPK", 5, "VECTOR", vec(3), "REQUEST_ID", "miss-1"));
      List<String> again = VecClient.ids(search(j, T, IX, "TOPK", 5, "VECTOR", vec(3), "REQUEST_ID", "hit-1"));
      assertEquals(firstIds, again);
      search(j, T, IX, "TOPK", 3, "VECTOR", vec(4), "FILTER", "tag == 'none'", "REQUEST_ID", "filtered");
      search(j, T, IX, "TOPK", 3, "VECTOR", vec(5), "CACHE_HINT", "bypass", "REQUEST_ID", "bypassed");
      try {
        search(j, T, IX, "TOPK", 3, "VECTOR", "[1,2,3]", "REQUEST_ID", "wrong-dim");
      } catch (RuntimeException expected) {
        // VEC_ERR_DIM: logged with status error
      }
      for (int i = 0; i < FILL; i++) {
        search(j, T, IX, "TOPK", 1 + i % 20, "VECTOR", vec(10 + i)); // mixed sizes: usage passes the high watermark
      }
      VecClient.send(j, "VEC.ADD", T, IX, "extra", "VECTOR", vec(0)); // epoch bump: the rest goes stale
    }

    List<JsonObject> queries = read(Topics.QUERY_LOG, l -> l.size() >= searches);
    List<JsonObject> decisions = read(Topics.DECISION_LOG,
        l -> l.stream().anyMatch(r -> "stale".equals(r.getString("reason"))));

    Validator qv = TopicSchemas.validator("pyrope.query-log.v1.json");
    Validator dv = TopicSchemas.validator("pyrope.decision-log.v1.json");
    queries.forEach(r -> TopicSchemas.assertValid(qv, r));
    decisions.forEach(r -> TopicSchemas.assertValid(dv, r));

    assertEquals(searches, queries.size(), "one query-log record per VEC.SEARCH");
    JsonObject miss = byRequest(queries, "miss-1");
    JsonObject hit = byRequest(queries, "hit-1");
    assertFalse(miss.getBoolean("hit"));
    assertEquals("none", miss.getString("layer"));
    assertEquals("admitted", miss.getString("decision"));
    assertTrue(miss.getLong("proxy_cost") > 0, miss.encode());
    assertTrue(hit.getBoolean("hit"));
    assertEquals("l0", hit.getString("layer"));
    assertEquals("served", hit.getString("decision"));
    assertEquals(firstIds, hit.getJsonArray("result_ids").getList());
    assertEquals(firstIds, miss.getJsonArray("result_ids").getList());
    assertEquals(miss.getJsonObject("keys"), hit.getJsonObject("keys"));
    assertEquals(miss.getJsonObject("sketch"), hit.getJsonObject("sketch"));
    double norm = 0;
    for (int d = 0; d < DIM; d++) {
      norm += (double) data[3 * DIM + d] * data[3 * DIM + d];
    }
    assertEquals(Math.sqrt(norm), miss.getJsonObject("sketch").getDouble("norm"), 1e-3);
    assertEquals(5, miss.getInteger("top_k"));
    assertEquals(T, miss.getString("tenant"));
    assertEquals(IX, miss.getString("index"));
    assertTrue(miss.getJsonObject("latency_us").getLong("search") > 0, miss.encode());
    assertTrue(hit.getJsonObject("latency_us").getLong("total") < miss.getJsonObject("latency_us").getLong("total"));
    assertNull(miss.getValue("filter"));
    JsonObject filter = byRequest(queries, "filtered").getJsonObject("filter");
    assertEquals("tag == 'none'".length(), filter.getInteger("length"));
    assertNotNull(filter.getString("hash"));
    assertEquals("bypass", byRequest(queries, "bypassed").getString("decision"));
    assertEquals("error", byRequest(queries, "wrong-dim").getString("status"));

    List<JsonObject> decided = decisions.stream().filter(r -> "decision".equals(r.getString("kind"))).toList();
    JsonObject admitted = decided.stream()
        .filter(r -> r.getString("key").equals(miss.getJsonObject("keys").getString("l0"))).findFirst().orElseThrow(
            () -> new AssertionError("no decision for " + miss.getJsonObject("keys") + " in " + decided));
    assertEquals("admitted", admitted.getString("decision"));
    assertEquals(miss.getLong("proxy_cost"), admitted.getJsonObject("features").getLong("proxy_cost"));
    assertEquals(miss.getLong("policy_version"), admitted.getLong("policy_version"));
    assertTrue(admitted.getLong("bytes") > 0);
    assertTrue(decided.stream().anyMatch(r -> "rejected_budget".equals(r.getString("decision"))),
        "the 16 KiB budget turned some admissions down");
    List<JsonObject> outcomes = decisions.stream().filter(r -> "outcome".equals(r.getString("kind"))).toList();
    assertTrue(outcomes.stream().anyMatch(r -> "budget".equals(r.getString("reason"))), () -> "an eviction outcome: "
        + outcomes.stream().collect(Collectors.groupingBy(r -> r.getString("reason"), Collectors.counting())) + " decisions "
        + decided.stream().collect(Collectors.groupingBy(r -> r.getString("decision"), Collectors.counting())));
    JsonObject served = outcomes.stream().filter(r -> r.getString("key").equals(admitted.getString("key")))
        .findFirst().orElseThrow(() -> new AssertionError("no outcome for the entry that served a hit"));
    assertTrue(served.getInteger("hits_served") >= 1, served.encode());
    assertEquals(admitted.getLong("bytes"), served.getLong("bytes"));
  }

  @Test
  void anUnreachableLogKafkaCostsDropsNotLatency() {
    PyropeNode dead = TestNodes.start("--telemetry.kafka-bootstrap=127.0.0.1:1", "--telemetry.queue-capacity=16");
    try (Jedis jd = jedis(dead); Jedis jl = jedis(node)) {
      VecClient.send(jd, "VEC.CREATE", T, IX, "DIM", DIM, "METRIC", "l2");
      VecClient.load(jd, T, IX, data, N, DIM);
      latencies(jl, 200, true); // warm-up both
      latencies(jd, 200, false);
      long[] live = latencies(jl, 400, true);
      long[] down = latencies(jd, 400, false);
      long p99Live = live[live.length * 99 / 100];
      long p99Down = down[down.length * 99 / 100];
      assertTrue(p99Down <= 2 * p99Live + 5_000_000, "p99 with the log Kafka down " + p99Down / 1000
          + " µs vs " + p99Live / 1000 + " µs");
      assertTrue(dead.logPublisher().droppedCount(Topics.QUERY_LOG) > 0, "query-log drops counted");
      assertTrue(dead.registry().scrape().contains("vector_db_log_dropped_total{topic=\"pyrope.query-log\"}"),
          "the drop counter is exported");
    } finally {
      dead.close();
    }
  }

  /** Sorted nanosecond latencies of bypassing searches (each one a real engine search). */
  private static long[] latencies(Jedis j, int n, boolean onLiveNode) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      List<String> ids = VecClient.ids(VecClient.send(j, "VEC.SEARCH", T, IX, "TOPK", 5, "VECTOR", vec(i % N),
          "CACHE_HINT", "bypass"));
      out[i] = System.nanoTime() - t0;
      assertEquals(5, ids.size());
      if (onLiveNode) {
        searches++;
      }
    }
    Arrays.sort(out);
    return out;
  }

  private static JsonObject byRequest(List<JsonObject> records, String rid) {
    List<JsonObject> found = records.stream().filter(r -> rid.equals(r.getString("request_id"))).toList();
    assertEquals(1, found.size(), rid + ": " + found);
    return found.get(0);
  }

  /** This node's records on a topic, read from the beginning until {@code enough} holds (20 s at most). */
  private static List<JsonObject> read(String topic, Predicate<List<JsonObject>> enough) {
    List<JsonObject> mine = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 20_000;
    try (Consumer<byte[], byte[]> c = new KafkaClientFactory(node.kafkaBootstrap()).walReader("telemetry-test")) {
      List<TopicPartition> tps = c.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
      c.assign(tps);
      c.seekToBeginning(tps);
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
          JsonObject rec = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
          if (node.nodeId().equals(rec.getString("node"))) {
            assertEquals(rec.getString("tenant") + "/" + rec.getString("index"),
                new String(r.key(), StandardCharsets.UTF_8), "records are keyed by tenant/index");
            mine.add(rec);
          }
        }
        if (enough.test(mine)) {
          // one more poll: nothing past "enough" (no duplicate, no extra record) should follow
          c.poll(Duration.ofMillis(500)).forEach(r -> {
            JsonObject rec = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
            if (node.nodeId().equals(rec.getString("node"))) {
              mine.add(rec);
            }
          });
          return mine;
        }
      }
    }
    return mine;
  }


}
