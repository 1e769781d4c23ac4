package io.pyrope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.search.faiss.SearchParams;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void jsonShape() {
    Options o = Options.parse("search", List.of("--k", "10"), Set.of("k"), Set.of());
    Latencies l = new Latencies();
    for (int i = 1; i <= 100; i++) {
      l.record(i * 1000L); // 1..100 us
    }
    SearchResult resp = new SearchResult("resp", "resp", new SearchParams(0, 64), 10, 2, 1, 100, 0.5, l.summarize(),
        0.987654);
    SearchResult cpp = new SearchResult("c++", "cpp", SearchParams.ofNprobe(4), 10, 1, 1, 1000, 0.25, null, null);
    Report report = new Report("search", List.of("search", "--k", "10"), o).add(resp).add(cpp)
        .put("ratios", new JsonObject().put("x", 1.0));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    report.write("-", new PrintStream(bytes, true, StandardCharsets.UTF_8));
    JsonObject j = new JsonObject(bytes.toString(StandardCharsets.UTF_8));

    assertEquals("pyrope-bench", j.getString("tool"));
    assertEquals(Report.SCHEMA, j.getInteger("schema"));
    assertEquals("search", j.getString("mode"));
    assertEquals(new JsonArray(List.of("search", "--k", "10")), j.getJsonArray("command_line"));
    assertNotNull(j.getString("date"));
    assertTrue(j.containsKey("git_commit")); // null outside a repository
    JsonObject m = j.getJsonObject("machine");
    assertEquals(Runtime.getRuntime().availableProcessors(), m.getInteger("nproc"));
    assertTrue(m.containsKey("cpu_model") && m.containsKey("memory_bytes") && m.containsKey("java"));
    assertEquals("10", j.getJsonObject("options").getString("k"));
    assertEquals(1.0, j.getJsonObject("ratios").getDouble("x"));

    JsonArray results = j.getJsonArray("results");
    assertEquals(2, results.size());
    JsonObject r = results.getJsonObject(0);
    assertEquals("resp", r.getString("path"));
    assertEquals(64, r.getJsonObject("params").getInteger("ef"));
    assertNull(r.getJsonObject("params").getInteger("nprobe"));
    assertEquals(10, r.getInteger("k"));
    assertEquals(2, r.getInteger("concurrency"));
    assertEquals(100, r.getLong("queries"));
    assertEquals(200.0, r.getDouble("qps"), 1e-9);
    assertEquals(0.9877, r.getDouble("recall_at_k"), 1e-9);
    JsonObject lat = r.getJsonObject("latency_us");
    assertEquals(50.0, lat.getDouble("p50"));
    assertEquals(95.0, lat.getDouble("p95"));
    assertEquals(99.0, lat.getDouble("p99"));
    assertEquals(100.0, lat.getDouble("max"));
    assertEquals(50.5, lat.getDouble("mean"));

    JsonObject c = results.getJsonObject(1);
    assertEquals(4000.0, c.getDouble("qps"), 1e-9);
    assertNull(c.getValue("recall_at_k"));
    assertEquals(250.0, c.getJsonObject("latency_us").getDouble("mean")); // derived from the total
    assertNull(c.getJsonObject("latency_us").getValue("p99"));
  }
}
