package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.Topics;
import io.pyrope.kafka.KafkaClientFactory;
import io.pyrope.node.PyropeNode;
import io.pyrope.security.ApiKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Every management call (and every failed attempt) leaves exactly one audit record with the right
 * fields, in GET /v1/audit and on the Kafka topic pyrope.audit; reads leave none.
 */
class AuditTrailTest {
  private static final String ADMIN = SecureNode.ADMIN_KEY;
  private static PyropeNode node;
  /** request id → expected {action, tenant, target, result, actor user, code} (null = any). */
  private static final Map<String, String[]> EXPECTED = new LinkedHashMap<>();
  private static String readerKey;
  private static String taKey;

  @BeforeAll
  static void run() {
    node = SecureNode.start("--auth.failure-allowance=1000");
    call("t1", "POST", "/v1/tenants", "{\"name\":\"aud\"}", ADMIN, 201, "tenant.create", "aud", "aud", "ok", "admin");
    call("t2", "POST", "/v1/tenants/aud/users", "{\"name\":\"ta\",\"role\":\"tenant_admin\"}", ADMIN, 201,
        "user.create", "aud", "aud/ta", "ok", "admin");
    taKey = call("t3", "POST", "/v1/tenants/aud/users/ta/keys", null, ADMIN, 201, "key.create", "aud", null, "ok",
        "admin").getString("key");
    call("t4", "POST", "/v1/tenants/aud/users", "{\"name\":\"rd\",\"role\":\"reader\"}", taKey, 201, "user.create",
        "aud", "aud/rd", "ok", "ta");
    readerKey = call("t5", "POST", "/v1/tenants/aud/users/rd/keys", "{}", taKey, 201, "key.create", "aud", null, "ok",
        "ta").getString("key");
    call("t6", "PUT", "/v1/tenants/aud/quotas", "{\"qps\":5}", ADMIN, 200, "tenant.quotas.update", "aud", "aud", "ok",
        "admin");
    call("t7", "POST", "/v1/indexes", "{\"tenant\":\"aud\",\"name\":\"docs\",\"dim\":2,\"metric\":\"l2\"}", taKey, 201,
        "index.create", "aud", "aud/docs", "ok", "ta");
    call("t8", "POST", "/v1/indexes", "{\"tenant\":\"aud\",\"name\":\"docs\",\"dim\":2,\"metric\":\"l2\"}", taKey, 409,
        "index.create", "aud", "aud/docs", "error", "ta");
    EXPECTED.get("t8")[5] = "VEC_ERR_EXISTS";
    call("t9", "POST", "/v1/indexes/aud/docs/build", null, taKey, 200, "index.build", "aud", "aud/docs", "ok", "ta");
    call("t10", "POST", "/v1/indexes/aud/docs/build", null, readerKey, 403, "index.build", "aud", "aud/docs", "denied",
        "rd");
    EXPECTED.get("t10")[5] = "VEC_ERR_PERM";
    call("t11", "GET", "/v1/indexes/aud/docs", null, "pyr_0000000000000000_" + "A".repeat(43), 401, "auth", null,
        null, "unauthenticated", null);
    EXPECTED.get("t11")[5] = "VEC_ERR_AUTH";
    String rdKeyId = ApiKeys.parse(readerKey).keyId();
    JsonObject rotated = call("t12", "POST", "/v1/tenants/aud/users/rd/keys", "{\"replaces\":\"" + rdKeyId + "\"}",
        taKey, 201, "key.rotate", "aud", null, "ok", "ta");
    call("t13", "DELETE", "/v1/tenants/aud/keys/" + rotated.getString("key_id"), null, taKey, 200, "key.revoke", "aud",
        "aud/" + rotated.getString("key_id"), "ok", "ta");
    call("t14", "DELETE", "/v1/indexes/aud/docs", null, taKey, 200, "index.drop", "aud", "aud/docs", "ok", "ta");
    call("t15", "DELETE", "/v1/tenants/aud/users/rd", null, taKey, 200, "user.delete", "aud", "aud/rd", "ok", "ta");
    // Reads leave no record.
    call("r1", "GET", "/v1/tenants/aud", null, taKey, 200, null, null, null, null, null);
    call("r2", "GET", "/v1/tenants/aud/quotas", null, taKey, 200, null, null, null, null, null);
    // RESP: index management by the admin, a refused command, a bad AUTH.
    try (Jedis j = SecureNode.admin(node)) {
      VecClient.send(j, "VEC.CREATE", "aud", "viaresp", "DIM", 2, "METRIC", "l2");
      VecClient.send(j, "VEC.DROP", "aud", "viaresp");
    }
    try (RawClient c = new RawClient(node.respPort())) {
      c.send("AUTH ta wrong-key\r\n");
      c.readLine();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @AfterAll
  static void tearDown() {
    node.close();
  }

  private static JsonObject call(String rid, String method, String path, String body, String key, int status,
      String action, String tenant, String target, String result, String user) {
    var r = Http.call(node, method, path, body, key, rid);
    assertEquals(status, r.statusCode(), rid + " " + r.body());
    assertEquals(rid, r.headers().firstValue("X-Request-Id").orElse(null));
    EXPECTED.put(rid, new String[] {action, tenant, target, result, user, null});
    return new JsonObject(r.body());
  }

  private static List<JsonObject> ring() {
    JsonObject r = Http.json(Http.call(node, "GET", "/v1/audit?limit=1000", null, ADMIN), 200);
    List<JsonObject> out = new ArrayList<>();
    for (Object o : r.getJsonArray("records")) {
      JsonObject rec = (JsonObject) o;
      if (node.nodeId().equals(rec.getString("node"))) { // the ring also holds other nodes' records, from Kafka
        out.add(rec);
      }
    }
    return out;
  }

  private static void check(String where, List<JsonObject> records) {
    Map<String, List<JsonObject>> byRid = new HashMap<>();
    for (JsonObject rec : records) {
      byRid.computeIfAbsent(rec.getString("request_id"), k -> new ArrayList<>()).add(rec);
    }
    for (var e : EXPECTED.entrySet()) {
      String[] x = e.getValue();
      List<JsonObject> got = byRid.getOrDefault(e.getKey(), List.of());
      if (x[0] == null) {
        assertTrue(got.isEmpty(), where + ": a read left a record: " + got);
        continue;
      }
      assertEquals(1, got.size(), where + ": records for " + e.getKey() + " " + x[0] + ": " + got);
      JsonObject rec = got.get(0);
      assertEquals(x[0], rec.getString("action"), where + " " + rec);
      assertEquals(x[1], rec.getString("tenant"), where + " " + rec);
      if (x[2] != null) {
        assertEquals(x[2], rec.getString("target"), where + " " + rec);
      }
      assertEquals(x[3], rec.getString("result"), where + " " + rec);
      assertEquals(x[4], rec.getJsonObject("actor").getString("user"), where + " " + rec);
      assertEquals(x[5], rec.getString("code"), where + " " + rec);
      assertEquals("http", rec.getString("transport"));
      assertEquals(node.nodeId(), rec.getString("node"));
      assertTrue(rec.getLong("time_ms") > 0 && rec.getString("time").endsWith("Z"));
      assertTrue(rec.getString("remote").startsWith("127.0.0.1:"), rec.getString("remote"));
    }
    // RESP records.
    List<JsonObject> resp = records.stream().filter(r -> "resp".equals(r.getString("transport"))).toList();
    assertEquals(1, resp.stream().filter(r -> r.getString("action").equals("index.create")
        && r.getString("target").equals("aud/viaresp") && r.getString("result").equals("ok")).count(), where);
    assertEquals(1, resp.stream().filter(r -> r.getString("action").equals("index.drop")
        && r.getString("target").equals("aud/viaresp")).count(), where);
    assertEquals(1, resp.stream().filter(r -> r.getString("action").equals("auth")
        && r.getString("result").equals("unauthenticated") && "ta".equals(r.getJsonObject("actor").getString("user")))
        .count(), where);
  }

  @Test
  void eachManagementCallLeavesExactlyOneRecordInTheQueryApi() {
    check("/v1/audit", ring());
  }

  @Test
  void theSameRecordsAreOnKafkaInTheVersionedLayout() throws Exception {
    List<JsonObject> ring = ring();
    Set<String> ids = new HashSet<>();
    ring.forEach(r -> ids.add(r.getString("id")));
    JsonObject schema;
    try (InputStream in = getClass().getResourceAsStream("/schemas/topics/pyrope.audit.v1.json")) {
      schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Set<String> required = new HashSet<>(schema.getJsonArray("required").getList());
    Set<String> actorRequired = new HashSet<>(schema.getJsonObject("properties").getJsonObject("actor")
        .getJsonArray("required").getList());
    List<JsonObject> mine = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 20_000;
    try (Consumer<byte[], byte[]> c = new KafkaClientFactory(node.kafkaBootstrap()).walReader("audit-test")) {
      TopicPartition tp = new TopicPartition(Topics.AUDIT, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      Set<String> seen = new HashSet<>();
      while (!seen.containsAll(ids) && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          JsonObject rec = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
          if (node.nodeId().equals(rec.getString("node"))) {
            mine.add(rec);
            seen.add(rec.getString("id"));
          }
        }
      }
    }
    for (JsonObject rec : mine) {
      assertEquals(required, rec.fieldNames(), "fields of " + rec);
      assertEquals(actorRequired, rec.getJsonObject("actor").fieldNames());
      assertEquals("pyrope.audit/v1", rec.getString("schema"));
    }
    // Records made after ring() was read (none expected) are ignored; everything in the ring is on Kafka once.
    List<JsonObject> sameSet = mine.stream().filter(r -> ids.contains(r.getString("id"))).toList();
    assertEquals(ids.size(), sameSet.size(), "each ring record exactly once on Kafka");
    check("kafka", sameSet);
  }

  @Test
  void aTenantAdminSeesItsOwnTenantsRecordsOnly() {
    String other = Http.user(node, ADMIN, "otheraud", "boss", "tenant_admin");
    JsonArray mine = Http.json(Http.call(node, "GET", "/v1/audit?limit=1000", null, other), 200).getJsonArray("records");
    assertTrue(!mine.isEmpty());
    for (Object o : mine) {
      assertEquals("otheraud", ((JsonObject) o).getString("tenant"));
    }
    Http.assertError(Http.call(node, "GET", "/v1/audit?tenant=aud", null, other), 403, "VEC_ERR_PERM", "aud");
  }

  @Test
  void filtersNarrowTheQuery() {
    JsonArray idx = Http.json(Http.call(node, "GET", "/v1/audit?tenant=aud&action=index", null, ADMIN), 200)
        .getJsonArray("records");
    assertTrue(idx.size() >= 5);
    for (Object o : idx) {
      assertTrue(((JsonObject) o).getString("action").startsWith("index."));
    }
    assertEquals(0, Http.json(Http.call(node, "GET", "/v1/audit?since=" + (System.currentTimeMillis() + 60_000), null,
        ADMIN), 200).getJsonArray("records").size());
  }
}
