package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The admin HTTP API over a real socket: health and Prometheus metrics. */
class AdminHttpTest {
  private static PyropeNode node;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startNode() {
    node = TestNodes.shared();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthIsReadyWithKafkaUp() throws Exception {
    HttpResponse<String> r = get("/v1/health");
    assertEquals(200, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals("ready", body.getString("status"));
    assertEquals("up", body.getJsonObject("checks").getJsonObject("kafka").getString("status"));
  }

  @Test
  void metricsArePrometheusTextWithRespJvmAndVertxMeters() throws Exception {
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      j.ping();
    }
    get("/v1/health"); // so the HTTP server has served a complete request
    HttpResponse<String> r = get("/v1/metrics");
    assertEquals(200, r.statusCode());
    String text = r.body();
    for (String m : new String[] {"vector_db_resp_commands_total{command=\"ping\",status=\"ok\"}",
        "vector_db_resp_command_latency_seconds_bucket", "vector_db_resp_connections", "jvm_memory_used_bytes",
        "vertx_net_server_active_connections", "vertx_http_server_requests_total", "kafka_producer_record_send_total"}) {
      assertTrue(text.contains(m), "metrics miss " + m);
    }
  }

  @Test
  void unknownRouteIsJson404() throws Exception {
    HttpResponse<String> r = get("/v1/nope");
    assertEquals(404, r.statusCode());
    assertEquals("NOT_FOUND", new JsonObject(r.body()).getString("code"));
  }
}
