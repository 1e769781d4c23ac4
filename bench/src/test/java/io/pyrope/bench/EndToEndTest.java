package io.pyrope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import io.pyrope.node.config.ConfigLoader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
 * A real node in this JVM, a synthetic dataset written here (400 × 16, exact L2 ground truth),
 * and the bench's own load and search over RESP: with Flat, recall@10 must be exactly 1.
 */
class EndToEndTest {
  static final int N = 400;
  static final int NQ = 25;
  static final int DIM = 16;
  static final int K = 10;

  @TempDir
  static Path dir;
  static PyropeNode node;
  static Path base;
  static Path queries;
  static Path truth;

  @BeforeAll
  static void start() throws Exception {
    float[] b = TestData.random(N, DIM, 11);
    float[] q = TestData.random(NQ, DIM, 12);
    base = TestData.fvecs(dir.resolve("base.fvecs"), b, DIM);
    queries = TestData.fvecs(dir.resolve("query.fvecs"), q, DIM);
    truth = TestData.ivecs(dir.resolve("gt.ivecs"), TestData.exactL2(b, q, DIM, K), K);
    node = PyropeNode.start(ConfigLoader.load(List.of("--data.dir=" + Files.createDirectories(dir.resolve("node")),
        "--resp.port=0", "--http.port=0", "--kafka.embedded.port=0"), Map.of()));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static JsonObject runJson(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BenchMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(BenchMain.EXIT_OK, code, () -> err.toString(StandardCharsets.UTF_8));
    return new JsonObject(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void loadThenSearchFlatHasPerfectRecall() {
    String port = Integer.toString(node.respPort());
    JsonObject load = runJson("load", "--dataset", base.toString(), "--index", "e2e/flat", "--metric", "l2",
        "--factory", "Flat", "--connections", "2", "--batch", "64", "--pipeline", "2", "--build", "--port", port,
        "--json", "-");
    assertEquals(N, load.getJsonObject("load").getLong("vectors"));
    assertTrue(load.getJsonObject("load").getDouble("vectors_per_second") > 0);
    assertEquals(N, load.getJsonObject("load").getJsonObject("index_stats").getLong("live"));

    JsonObject search = runJson("search", "--queries", queries.toString(), "--truth", truth.toString(), "--index",
        "e2e/flat", "--k", "10", "--concurrency", "2", "--pipeline", "3", "--repeat", "2", "--port", port,
        "--json", "-");
    JsonArray results = search.getJsonArray("results");
    assertEquals(1, results.size());
    JsonObject r = results.getJsonObject(0);
    assertEquals(1.0, r.getDouble("recall_at_k"));
    assertEquals(2L * NQ, r.getLong("queries"));
    assertTrue(r.getDouble("qps") > 0);
    assertTrue(r.getJsonObject("latency_us").getDouble("p99") > 0);
    assertEquals("Flat", search.getJsonObject("index").getString("factory"));
  }

  @Test
  void sweepOverRespAndInprocAgree() {
    String port = Integer.toString(node.respPort());
    runJson("load", "--dataset", base.toString(), "--index", "e2e/hnsw", "--metric", "l2", "--factory", "HNSW16",
        "--build", "--port", port, "--json", "-", "--quiet");
    JsonObject sweep = runJson("search", "--queries", queries.toString(), "--truth", truth.toString(), "--index",
        "e2e/hnsw", "--sweep", "ef=16,200", "--repeat", "1", "--port", port, "--json", "-");
    JsonArray rows = sweep.getJsonArray("results");
    assertEquals(2, rows.size());
    assertEquals(200, rows.getJsonObject(1).getJsonObject("params").getInteger("ef"));
    assertEquals(1.0, rows.getJsonObject(1).getDouble("recall_at_k")); // ef 200 over 400 rows is exhaustive

    JsonObject inproc = runJson("inproc", "--dataset", base.toString(), "--queries", queries.toString(), "--truth",
        truth.toString(), "--metric", "l2", "--factory", "Flat", "--repeat", "2", "--json", "-");
    JsonArray ir = inproc.getJsonArray("results");
    assertEquals("cpp", ir.getJsonObject(0).getString("path"));
    assertEquals("jna", ir.getJsonObject(1).getString("path"));
    assertEquals(1.0, ir.getJsonObject(1).getDouble("recall_at_k"));
    assertEquals(1, inproc.getJsonArray("ratios").size());
  }

  @Test
  void existingIndexAndWrongDimensionAreUserErrors() {
    String port = Integer.toString(node.respPort());
    runJson("load", "--dataset", base.toString(), "--index", "e2e/dup", "--metric", "l2", "--factory", "Flat",
        "--port", port, "--json", "-");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertEquals(BenchMain.EXIT_USAGE, BenchMain.run(new String[] {"load", "--dataset", base.toString(), "--index",
        "e2e/dup", "--metric", "l2", "--port", port}, o, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("VEC_ERR_EXISTS"), err::toString);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--drop"));

    err.reset();
    assertEquals(BenchMain.EXIT_USAGE, BenchMain.run(new String[] {"search", "--queries", queries.toString(), "--truth",
        truth.toString(), "--index", "e2e/nope", "--port", port}, o, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("VEC_ERR_NOT_FOUND"), err::toString);
  }
}
