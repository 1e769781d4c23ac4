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

  /** An IDX image file (gzip, as Debian ships Fashion-MNIST) of n random 4 x 4 "images". */
  static Path idxImages(Path file, int n, long seed) throws java.io.IOException {
    java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
    raw.writeBytes(new byte[] {0, 0, 0x08, 3});
    for (int size : new int[] {n, 4, 4}) {
      raw.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(size).array());
    }
    byte[] pixels = new byte[n * 16];
    new java.util.Random(seed).nextBytes(pixels);
    raw.writeBytes(pixels);
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(gz)) {
      z.write(raw.toByteArray());
    }
    return Files.write(file, gz.toByteArray());
  }

  @Test
  void idxImagesLoadAndSearchAgainstBruteForceTruth() throws Exception {
    String port = Integer.toString(node.respPort());
    Path train = idxImages(dir.resolve("train-images-idx3-ubyte.gz"), 300, 21);
    Path test = idxImages(dir.resolve("t10k-images-idx3-ubyte.gz"), 20, 22);
    JsonObject load = runJson("load", "--dataset", train.toString(), "--index", "e2e/idx", "--metric", "l2",
        "--factory", "Flat", "--limit", "250", "--port", port, "--json", "-", "--quiet");
    assertEquals(250, load.getJsonObject("load").getLong("vectors"));
    JsonObject search = runJson("search", "--queries", test.toString(), "--dataset", train.toString(), "--index",
        "e2e/idx", "--repeat", "1", "--port", port, "--json", "-", "--quiet");
    JsonObject r = search.getJsonArray("results").getJsonObject(0);
    assertEquals(20, r.getLong("queries"));
    assertEquals(1.0, r.getDouble("recall_at_k"), "Flat against the brute-force truth of the 250 rows loaded");
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
