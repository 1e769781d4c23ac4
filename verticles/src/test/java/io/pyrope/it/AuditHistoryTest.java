package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /v1/audit also serves what is on Kafka: a node started later sees an earlier node's records, once. */
class AuditHistoryTest {
  @Test
  void aLaterNodeServesTheRecordsOfAnEarlierOne() throws Exception {
    String earlierId;
    try (PyropeNode earlier = SecureNode.start()) {
      earlierId = earlier.nodeId();
      Http.json(Http.call(earlier, "POST", "/v1/tenants", "{\"name\":\"hist\"}", SecureNode.ADMIN_KEY, "hist-1"), 201);
    }
    try (PyropeNode later = SecureNode.start()) {
      List<JsonObject> found = List.of();
      long deadline = System.currentTimeMillis() + 15_000;
      while (found.isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
        found = new ArrayList<>();
        for (Object o : Http.json(Http.call(later, "GET", "/v1/audit?tenant=hist", null, SecureNode.ADMIN_KEY), 200)
            .getJsonArray("records")) {
          JsonObject r = (JsonObject) o;
          if ("hist-1".equals(r.getString("request_id"))) {
            found.add(r);
          }
        }
      }
      assertEquals(1, found.size(), "records of hist-1: " + found);
      assertEquals(earlierId, found.get(0).getString("node"));
      assertEquals("tenant.create", found.get(0).getString("action"));
    }
  }
}
