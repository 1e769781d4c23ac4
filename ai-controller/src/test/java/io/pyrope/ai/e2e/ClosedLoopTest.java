package io.pyrope.ai.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.Topics;
import io.pyrope.node.PyropeNode;
import io.pyrope.node.config.ConfigLoader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * The whole warm-path loop with real parts: a node (embedded KRaft broker, FAISS, the cache) and
 * the ai-controller as a separate JVM, driven by a Redis client. The controller reads the node's
 * query and decision logs, publishes a table on {@code pyrope.policy}, and the node swaps it in
 * (GET /v1/cache/policies, TRACE, the decision log), and its simulator report reaches GET
 * /v1/ai/evaluations. Killing the controller makes the node fall
 * back within its deadline while it keeps serving; a bad table is then refused and counted.
 */
class ClosedLoopTest {
  private static final String TENANT = "loop";
  private static final String INDEX = "ix";
  private static final int DIM = 8;
  private static final int DISTINCT_QUERIES = 40;
  /**
   * Above the heuristic's minimum per index (WarmHeuristic.MIN_QUERIES_PER_INDEX = 200) and the
   * evaluations' (EvaluationCadence.MIN_SEARCHES = 500).
   */
  private static final int SEARCHES = 600;
  /** The node's liveness deadline for controller tables; the controller republishes every 500 ms. */
  private static final long DEADLINE_MS = 5000;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  static Path dir;
  private static PyropeNode node;
  private static Process controller;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    node = PyropeNode.start(ConfigLoader.load(List.of("--data.dir=" + Files.createDirectories(dir.resolve("node")),
        "--resp.port=0", "--http.port=0", "--kafka.embedded.port=0", "--shutdown.drain-ms=2000",
        "--ai.policy-deadline-ms=" + DEADLINE_MS), Map.of()));
    try (Jedis j = jedis()) {
      send(j, "VEC.CREATE", TENANT, INDEX, "DIM", DIM, "METRIC", "l2");
      Random r = new Random(7);
      for (int i = 0; i < 200; i++) {
        send(j, "VEC.ADD", TENANT, INDEX, "v" + i, "VECTOR", vector(r));
      }
    }
    Path log = dir.resolve("controller.log");
    controller = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.pyrope.ai.controller.ControllerMain",
        "--bootstrap", node.kafkaBootstrap(), "--publish-ms", "500", "--evaluate-ms", "1000",
        "--data-dir", dir.resolve("ai").toString(), "--group", "loop-" + UUID.randomUUID())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (controller != null) {
      controller.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void controllerTableIsSwappedInThenKillingTheControllerFallsBackAndABadTableIsRefused() throws Exception {
    // Traffic with repeats, so the controller has re-use to learn from.
    Random pick = new Random(11);
    List<String> queries = new ArrayList<>();
    Random r = new Random(13);
    for (int i = 0; i < DISTINCT_QUERIES; i++) {
      queries.add(vector(r));
    }
    try (Jedis j = jedis()) {
      for (int i = 0; i < SEARCHES; i++) {
        send(j, "VEC.SEARCH", TENANT, INDEX, "TOPK", 5, "VECTOR", queries.get(pick.nextInt(DISTINCT_QUERIES)));
      }
    }

    // 1. The controller's table is in force on the node, with a rule for the index it saw.
    await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> policies().getString("model_version", "")
        .startsWith("warm-heuristic/"));
    JsonObject p = policies();
    assertEquals("ai", p.getString("source"), p.encode());
    assertTrue(rules(p).stream().anyMatch(rule -> TENANT.equals(rule.getString("tenant"))
        && INDEX.equals(rule.getString("index"))), "a rule for the index the controller saw: " + p.encode());
    String model = p.getString("model_version");
    long version = p.getLong("version");

    // TRACE names the table and its model; the decision log records them.
    try (Jedis j = jedis()) {
      String fresh = vector(new Random(99));
      List<?> traced = (List<?>) send(j, "VEC.SEARCH", TENANT, INDEX, "TOPK", 5, "VECTOR", fresh, "TRACE");
      String trace = text(traced.get(1));
      assertTrue(trace.contains("warm-heuristic/"), "TRACE shows the controller's model: " + trace);
    }
    assertTrue(decisionLogNames(model), "a decision-log record carries model_version " + model);
    assertTrue(node.registry().get("vector_db_ai_decision_total").tag("decision", "admitted").counter().count() > 0,
        "admission decisions are counted");

    // The controller's simulator comparison for the index reaches the node's GET /v1/ai/evaluations.
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> evaluation() != null);
    JsonObject report = evaluation().getJsonObject("report");
    assertEquals("pyrope.sim-report/v1", report.getString("schema"), report.encode());

    // 2. Kill the controller: the node falls back within its deadline and keeps serving.
    controller.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    long killed = System.currentTimeMillis();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> "fallback".equals(policies().getString("source")));
    long tookMs = System.currentTimeMillis() - killed;
    assertTrue(tookMs < DEADLINE_MS + 10_000, "fallback " + tookMs + " ms after the kill, deadline " + DEADLINE_MS);
    assertEquals("static-rules", policies().getString("model_version"));
    assertTrue(policies().getLong("version") > version, "the fallback is a new table version");
    assertEquals(1.0, fallbacks("deadline"));
    try (Jedis j = jedis()) {
      List<?> hits = (List<?>) send(j, "VEC.SEARCH", TENANT, INDEX, "TOPK", 3, "VECTOR", queries.get(0));
      assertEquals(3, hits.size(), "the node keeps serving after the controller died");
    }

    // 3. A deliberately bad table (TTL beyond the limit) is refused, counted, and changes nothing.
    long before = policies().getLong("version");
    publishPolicy(new JsonObject().put("schema", "pyrope.policy/v1").put("kind", "table")
        .put("controller", "rogue").put("sequence", 1).put("issued_ms", System.currentTimeMillis())
        .put("model_version", "rogue/1").put("table", new JsonObject().put("rules", new JsonArray()
            .add(new JsonObject().put("tenant", "*").put("index", "*").put("ttl_ms", Long.MAX_VALUE)))));
    await().atMost(WAIT).until(() -> fallbacks("invalid") == 1.0);
    assertEquals(before, policies().getLong("version"), "a refused table is not swapped in");
    assertEquals("static-rules", policies().getString("model_version"));
    assertFalse(controller.isAlive());
  }

  private static JsonObject policies() throws IOException, InterruptedException {
    HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
        + "/v1/cache/policies")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, res.statusCode(), res.body());
    return new JsonObject(res.body());
  }

  /** The node's evaluation of loop/ix (GET /v1/ai/evaluations), or null while there is none. */
  private static JsonObject evaluation() throws IOException, InterruptedException {
    HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
        + "/v1/ai/evaluations?tenant=" + TENANT + "&index=" + INDEX)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, res.statusCode(), res.body());
    JsonArray all = new JsonObject(res.body()).getJsonArray("evaluations");
    for (int i = 0; i < all.size(); i++) {
      JsonObject e = all.getJsonObject(i);
      if (TENANT.equals(e.getString("tenant")) && INDEX.equals(e.getString("index"))) {
        return e;
      }
    }
    return null;
  }

  private static List<JsonObject> rules(JsonObject policies) {
    List<JsonObject> out = new ArrayList<>();
    policies.getJsonArray("rules").forEach(o -> out.add((JsonObject) o));
    return out;
  }

  private static double fallbacks(String reason) {
    return node.registry().get("vector_db_ai_fallback_total").tag("reason", reason).counter().count();
  }

  /** Whether pyrope.decision-log holds a decision made under this model. */
  private static boolean decisionLogNames(String model) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.kafkaBootstrap());
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
      List<TopicPartition> tps = consumer.partitionsFor(Topics.DECISION_LOG).stream()
          .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      long deadline = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
          JsonObject o = new JsonObject(rec.value());
          if ("decision".equals(o.getString("kind")) && model.equals(o.getString("model_version"))) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private static void publishPolicy(JsonObject record) throws Exception {
    Properties c = new Properties();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.kafkaBootstrap());
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(c)) {
      producer.send(new ProducerRecord<>(Topics.POLICY, "table", record.encode())).get(10, TimeUnit.SECONDS);
    }
  }

  private static Jedis jedis() {
    return new Jedis("127.0.0.1", node.respPort(), 30_000);
  }

  private static String vector(Random r) {
    StringBuilder b = new StringBuilder("[");
    for (int d = 0; d < DIM; d++) {
      b.append(d == 0 ? "" : ",").append(r.nextFloat());
    }
    return b.append(']').toString();
  }

  private static Object send(Jedis j, String command, Object... args) {
    byte[][] a = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      a[i] = String.valueOf(args[i]).getBytes(StandardCharsets.UTF_8);
    }
    byte[] name = command.getBytes(StandardCharsets.US_ASCII);
    ProtocolCommand cmd = () -> name;
    return j.sendCommand(cmd, a);
  }

  /** A RESP reply (nested lists of byte arrays) as text, for substring checks. */
  private static String text(Object reply) {
    if (reply instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (reply instanceof List<?> l) {
      StringBuilder s = new StringBuilder("[");
      l.forEach(o -> s.append(text(o)).append(' '));
      return s.append(']').toString();
    }
    return String.valueOf(reply);
  }
}
