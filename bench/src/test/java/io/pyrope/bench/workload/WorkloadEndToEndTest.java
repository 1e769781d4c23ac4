package io.pyrope.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bench.BenchMain;
import io.pyrope.node.PyropeNode;
import io.pyrope.node.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench workload} against a real node in this JVM (default cache settings: exact L0 keys),
 * on the real qqp data: 2,000 base vectors loaded, 300 Zipf queries, questions without a stored
 * vector embedded with the real model.
 */
class WorkloadEndToEndTest {
  @TempDir
  static Path dir;
  static PyropeNode node;

  @BeforeAll
  static void start() throws Exception {
    node = PyropeNode.start(ConfigLoader.load(List.of("--data.dir=" + Files.createDirectories(dir.resolve("node")),
        "--resp.port=0", "--http.port=0", "--kafka.embedded.port=0"), Map.of()));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  static Path shared(String sub) {
    String property = System.getProperty("pyrope.shared.data");
    return property != null ? Path.of(property, sub) : Path.of("..", "..", "shared", "data", sub);
  }

  private static JsonObject run(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("workload", "--port", Integer.toString(node.respPort()),
        "--qqp-dir", shared("qqp-minilm").toString(), "--pairs", shared("qqp-pairs/qqp_pairs.jsonl").toString(),
        "--cache-dir", dir.resolve("bench-cache").toString(), "--queries", "300", "--json", "-", "--quiet"));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BenchMain.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(BenchMain.EXIT_OK, code, () -> err.toString(StandardCharsets.UTF_8));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("hit rate L0"), "the table goes to stderr with --json -");
    return new JsonObject(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void exactRepeatsHitL0AndServeTheUncachedAnswerThenTheTraceReplaysIt() throws Exception {
    Path trace = dir.resolve("trace.jsonl");
    JsonObject r = run("--index", "wl/flat", "--factory", "Flat", "--limit", "2000", "--trace", trace.toString());
    JsonObject w = r.getJsonObject("workload");
    assertEquals(300, w.getInteger("searches"));
    assertTrue(w.getLong("hits") > 50, "Zipf 1.1 repeats questions: " + w.encode());
    assertEquals(w.getLong("hits"), w.getLong("hits_l0"), "level 0 (the default) serves exact keys only");
    assertEquals(0, w.getLong("hits_l1"));
    assertEquals(w.getLong("hits"), w.getJsonObject("by_kind").getJsonObject("repeat").getLong("hits"),
        "exactly the exact repeats hit");
    assertEquals(w.getLong("hits"), w.getLong("searches_avoided"));
    assertEquals(1.0, w.getDouble("recall_at_k_hits"), "an exact hit serves the uncached answer (no writes)");
    assertEquals(1.0, w.getDouble("recall_at_k_all"));
    assertEquals(0, w.getLong("wrong_hits"));
    assertEquals(w.getLong("hits"), w.getJsonObject("hit_verdicts").getLong("same_text"));
    assertTrue(w.getLong("proxy_cost_saved") > 0 && w.getLong("proxy_cost_saved") < w.getLong("proxy_cost_all"));
    assertTrue(w.getJsonObject("latency_us").getJsonObject("hit").getDouble("p50") > 0);
    assertTrue(r.getJsonObject("stream").getInteger("embedded") > 0, "qqp-pairs has questions outside sentences_51k");

    List<String> lines = Files.readAllLines(trace);
    assertEquals(300, lines.size());
    Validator v = TraceSchema.validator();
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (String line : lines) {
      JsonObject rec = new JsonObject(line);
      TraceSchema.valid(v, rec);
      assertTrue(rec.getString("key").startsWith("l0:"), rec.encode());
      keys.add(rec.getString("key"));
    }
    assertEquals(300 - w.getLong("hits"), keys.size(), "one key per distinct question, each missed once");

    // a rerun finds every embedding in the cache file
    JsonObject again = run("--index", "wl/flat", "--no-load", "--no-verify", "--http-port",
        Integer.toString(node.httpPort()));
    assertEquals(0, again.getJsonObject("stream").getInteger("embedded"));
    assertEquals(w.getLong("hits"), again.getJsonObject("workload").getLong("hits"),
        "flushed first: the same stream hits as often again, every hit from an entry of this run");
    assertEquals(0, again.getJsonObject("workload").getJsonObject("hit_verdicts").getLong("unknown"));
    assertTrue(again.getJsonObject("stream").getInteger("embeddings_from_cache") > 0);
    assertTrue(again.getJsonObject("workload").getValue("recall_at_k_all") == null, "no verification");
  }

  @Test
  void writesMakeEntriesStaleSoHitsStayExact() {
    JsonObject r = run("--index", "wl/writes", "--factory", "HNSW16", "--limit", "2000", "--write-rate", "0.05",
        "--scan-burst", "40", "--seed", "7");
    JsonObject w = r.getJsonObject("workload");
    assertEquals(340, w.getInteger("searches"));
    assertTrue(w.getInteger("writes") > 0);
    assertEquals(40, w.getJsonObject("by_kind").getJsonObject("scan").getInteger("searches"));
    assertEquals(0, w.getJsonObject("by_kind").getJsonObject("scan").getInteger("hits"), "a burst never repeats");
    assertTrue(w.getLong("hits") > 0);
    assertEquals(1.0, w.getDouble("recall_at_k_hits"), "epoch consistency: nothing stale is served");
  }
}
