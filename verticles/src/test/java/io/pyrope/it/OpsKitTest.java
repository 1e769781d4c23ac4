package io.pyrope.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import redis.clients.jedis.Jedis;

/**
 * The operations kit against a live node: every metric the alert rules and the Grafana dashboard
 * use is one the node exports; promtool accepts the rules and the node's metrics; the compose
 * file has the services and mounts it promises. Docker does not run here, so this is what can be
 * checked without it.
 */
class OpsKitTest {
  private static final Pattern METRIC = Pattern.compile("\\b((?:vector_db|jvm|vertx|process)_[a-z0-9_]+)\\b");
  private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static PyropeNode node;

  @BeforeAll
  static void startNodeWithTraffic() throws Exception {
    node = TestNodes.shared();
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      VecClient.send(j, "VEC.CREATE", "ops", "kit", "DIM", 3, "METRIC", "l2");
      VecClient.send(j, "VEC.ADD", "ops", "kit", "a", "VECTOR", "[1,0,0]");
      VecClient.send(j, "VEC.SEARCH", "ops", "kit", "TOPK", 1, "VECTOR", "[1,0,0]"); // miss, admitted
      VecClient.send(j, "VEC.SEARCH", "ops", "kit", "TOPK", 1, "VECTOR", "[1,0,0]"); // hit
    }
    // An eviction, so the eviction counter exists.
    HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/cache/flush"))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String metrics() throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static Set<String> exported(String text) {
    Set<String> names = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        int end = line.indexOf('{') > 0 ? line.indexOf('{') : line.indexOf(' ');
        names.add(line.substring(0, end));
      }
    }
    return names;
  }

  private static Set<String> referenced(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static Set<String> dashboardMetrics() throws Exception {
    Set<String> names = new TreeSet<>();
    JsonObject dash = new JsonObject(Files.readString(REPO.resolve("compose/grafana/dashboards/pyrope.json")));
    for (Object p : dash.getJsonArray("panels")) {
      for (Object t : ((JsonObject) p).getJsonArray("targets", new JsonArray())) {
        names.addAll(referenced(((JsonObject) t).getString("expr")));
      }
    }
    return names;
  }

  @Test
  void everyMetricOfTheAlertRulesAndDashboardIsExported() throws Exception {
    Set<String> wanted = new TreeSet<>(referenced(Files.readString(REPO.resolve("compose/prometheus/alerts.yml"))));
    wanted.addAll(dashboardMetrics());
    assertTrue(wanted.size() > 8, "the rules and dashboard should use the node's metrics: " + wanted);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Set<String> missing = new TreeSet<>(wanted);
      missing.removeAll(exported(metrics()));
      assertEquals(Set.of(), missing, "used by alerts/dashboard but not exported");
    });
  }

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool (Debian package prometheus) not installed");
    Process p = new ProcessBuilder("promtool", "check", "rules", REPO.resolve("compose/prometheus/alerts.yml").toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
  }

  @Test
  void promtoolFindsNoProblemInTheLiveMetrics() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool (Debian package prometheus) not installed");
    Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(metrics().getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeFileHasTheStackAndItsMountedFilesExist() throws Exception {
    Map<String, Object> compose = new Yaml().load(Files.readString(REPO.resolve("compose/docker-compose.yml")));
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    assertTrue(services.keySet().containsAll(List.of("kafka", "pyrope-1", "pyrope-2", "ai-controller", "prometheus",
        "grafana")), services.keySet().toString());
    Map<String, Object> ai = (Map<String, Object>) services.get("ai-controller");
    assertEquals("ai-controller", ((Map<String, Object>) ai.get("build")).get("target"));
    assertTrue(((List<Object>) ai.get("command")).contains("kafka:9092"), ai.toString());
    assertTrue(Files.readString(REPO.resolve("compose/Dockerfile")).contains("FROM debian:bookworm-slim AS ai-controller"),
        "the Dockerfile has the ai-controller stage the compose file builds");
    for (String svc : List.of("prometheus", "grafana")) {
      for (Object v : (List<Object>) ((Map<String, Object>) services.get(svc)).get("volumes")) {
        String host = v.toString().split(":")[0];
        assertTrue(Files.exists(REPO.resolve("compose").resolve(host)), svc + " mounts missing " + host);
      }
    }
    Map<String, Object> node1 = (Map<String, Object>) services.get("pyrope-1");
    Map<String, Object> env = (Map<String, Object>) node1.get("environment");
    assertEquals("kafka:9092", env.get("PYROPE_KAFKA_BOOTSTRAP"));
    assertTrue(Files.exists(REPO.resolve("compose/Dockerfile")));
    String prom = Files.readString(REPO.resolve("compose/prometheus/prometheus.yml"));
    assertTrue(prom.contains("metrics_path: /v1/metrics"), prom);
  }
}
