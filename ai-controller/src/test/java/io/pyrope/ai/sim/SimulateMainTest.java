package io.pyrope.ai.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateMainTest {
  private static final Path TRACE = Path.of(SyntheticTrace.RESOURCE);

  /** Exit status, stdout, stderr of one run. */
  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = SimulateMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void syntheticTraceIsUpToDate() throws Exception {
    assertEquals(SyntheticTrace.generate(), Files.readString(TRACE, StandardCharsets.UTF_8),
        "regenerate with: java -cp target/test-classes:target/classes:<deps> io.pyrope.ai.sim.SyntheticTrace");
  }

  @Test
  void jsonReportOfEveryPolicyAtEverySize() {
    Run r = run("--trace", TRACE.toString(), "--policy", "all", "--cache-bytes", "16k,64k,256k", "--json",
        "--warmup", "50");
    assertEquals(0, r.status(), r.err());
    assertEquals("", r.err(), "a short run prints no progress");
    JsonObject report = new JsonObject(r.out());
    assertEquals("pyrope.sim-report/v1", report.getString("schema"));
    assertEquals(50, report.getInteger("warmup_searches"));
    JsonObject trace = report.getJsonObject("trace");
    assertEquals(SyntheticTrace.SEARCHES + SyntheticTrace.SCAN + 1, trace.getInteger("records"));
    assertEquals(1, trace.getInteger("writes"));
    assertTrue(trace.getBoolean("has_ids"));
    JsonArray results = report.getJsonArray("results");
    assertEquals(Policies.ALL.size() * 3, results.size());
    for (long size : new long[] {16 << 10, 64 << 10, 256 << 10}) {
      JsonObject lru = find(results, "lru", size);
      JsonObject belady = find(results, "belady", size);
      assertEquals(0.0, lru.getDouble("gap_closed"), 1e-12);
      assertEquals(1.0, belady.getDouble("gap_closed"), 1e-12);
      for (int i = 0; i < results.size(); i++) {
        JsonObject x = results.getJsonObject(i);
        if (x.getLong("cache_bytes") != size) {
          continue;
        }
        assertEquals(SyntheticTrace.SEARCHES + SyntheticTrace.SCAN - 50, x.getLong("searches"));
        assertEquals(x.getLong("searches"), x.getLong("hits") + x.getLong("misses"));
        // the tolerant-key collisions make some hits wrong; the recall of those is below 1
        assertNotNull(x.getDouble("recall"));
        assertTrue(x.getDouble("recall") <= 1.0);
      }
    }
    // more memory, more hits (LRU has no anomaly of that kind)
    assertTrue(find(results, "lru", 256 << 10).getDouble("hit_ratio") > find(results, "lru", 16 << 10)
        .getDouble("hit_ratio"));
  }

  @Test
  void tableAndPlot(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("hit.png");
    Run r = run("--trace", TRACE.toString(), "--policy", "lru,s3fifo,belady", "--cache-bytes=32k,128k",
        "--plot", png.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("policy"), r.out());
    assertTrue(r.out().contains("s3fifo"), r.out());
    assertTrue(r.out().contains("128k"), r.out());
    assertTrue(r.out().contains("plot written to"), r.out());
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, "the PNG decodes");
    assertEquals(HitRatioPlot.WIDTH, img.getWidth());
    assertEquals(HitRatioPlot.HEIGHT, img.getHeight());
    // something was drawn besides the white background: look for a coloured (non-grey) pixel
    boolean coloured = false;
    for (int x = 0; x < img.getWidth() && !coloured; x += 2) {
      for (int y = 0; y < img.getHeight() && !coloured; y += 2) {
        int rgb = img.getRGB(x, y);
        int red = (rgb >> 16) & 0xff;
        int blue = rgb & 0xff;
        coloured = Math.abs(red - blue) > 60;
      }
    }
    assertTrue(coloured, "policy lines are drawn in colour");
  }

  @Test
  void liveReplaysAPolicyTable(@TempDir Path dir) throws Exception {
    Path table = dir.resolve("table.json");
    Files.writeString(table, "{\"version\":3,\"eviction\":\"score\",\"rules\":[{\"tenant\":\"*\",\"index\":\"*\","
        + "\"admit\":\"never\"}]}");
    Run r = run("--trace", TRACE.toString(), "--policy", "live", "--cache-bytes", "64k", "--policy-table",
        table.toString(), "--json");
    assertEquals(0, r.status(), r.err());
    JsonObject res = new JsonObject(r.out()).getJsonArray("results").getJsonObject(0);
    assertEquals(0, res.getInteger("hits"), "admit never: nothing is ever served");
    assertEquals(3, new JsonObject(r.out()).getJsonObject("settings").getInteger("policy_table_version"));
  }

  @Test
  void badFlagsAreNamed() {
    assertBad(2, "unknown flag '--size'", "--trace", "x", "--size", "1m");
    assertBad(2, "--cache-bytes: '4x' is not a size", "--trace", "x", "--cache-bytes", "4x");
    assertBad(2, "--cache-bytes: '0' is out of range", "--trace", "x", "--cache-bytes", "0");
    assertBad(2, "--policy: unknown policy 'arc'", "--trace", "x", "--cache-bytes", "1m", "--policy", "lru,arc");
    assertBad(2, "--trace FILE is required", "--cache-bytes", "1m");
    assertBad(2, "--cache-bytes is required", "--trace", "x");
    assertBad(2, "--ttl-ms must be an integer >= 1, got '0'", "--trace", "x", "--cache-bytes", "1m", "--ttl-ms", "0");
    assertBad(2, "--warmup must be an integer >= 0", "--trace", "x", "--cache-bytes", "1m", "--warmup", "-1");
    assertBad(2, "--trace needs a value", "--trace");
    assertBad(2, "--plot must name a .png file", "--trace", "x", "--cache-bytes", "1m", "--plot", "a.jpg");
    assertBad(2, "--cadence-ms must be an integer >= 100, got '99'", "--trace", "x", "--cache-bytes", "1m",
        "--cadence-ms", "99");
  }

  @Test
  void heuristicCadenceIsAFlag() {
    // The synthetic trace lasts 20 s: under the default 30 s cadence the heuristic never gets a table
    // and is the live policy with the defaults; with 1 s it gets tables and differs.
    Run slow = run("--trace", TRACE.toString(), "--policy", "live,heuristic", "--cache-bytes", "64k", "--json");
    assertEquals(0, slow.status(), slow.err());
    JsonObject report = new JsonObject(slow.out());
    assertEquals(30_000, report.getJsonObject("settings").getLong("heuristic_cadence_ms"));
    JsonArray res = report.getJsonArray("results");
    assertEquals(res.getJsonObject(0).getLong("hits"), res.getJsonObject(1).getLong("hits"));
    Run fast = run("--trace", TRACE.toString(), "--policy", "live,heuristic", "--cache-bytes", "64k", "--json",
        "--cadence-ms=1000");
    assertEquals(0, fast.status(), fast.err());
    JsonObject fastReport = new JsonObject(fast.out());
    assertEquals(1000, fastReport.getJsonObject("settings").getLong("heuristic_cadence_ms"));
    JsonArray fastRes = fastReport.getJsonArray("results");
    assertEquals("heuristic", fastRes.getJsonObject(1).getString("policy"));
    assertTrue(fastRes.getJsonObject(0).getLong("hits") != fastRes.getJsonObject(1).getLong("hits"),
        "with tables the heuristic is not the defaults: " + fastRes);
  }

  @Test
  void badTraceOrTableFilesExitWithOne(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"schema\":\"pyrope.trace/v1\",\"time_ms\":1,\"tenant\":\"a\",\"index\":\"b\","
        + "\"op\":\"search\",\"key\":\"k\",\"cost\":-1,\"bytes\":1}\n");
    assertBad(1, "bad.jsonl:1: field 'cost' must be an integer >= 0", "--trace", bad.toString(), "--cache-bytes", "1m");
    assertBad(1, "no such trace file", "--trace", dir.resolve("none.jsonl").toString(), "--cache-bytes", "1m");
    Path table = dir.resolve("t.json");
    Files.writeString(table, "{\"rules\":[{\"admit\":\"maybe\"}]}");
    assertBad(1, "--policy-table " + table + ": field 'rules[0].admit'", "--trace", TRACE.toString(), "--cache-bytes",
        "1m", "--policy-table", table.toString());
  }

  @Test
  void helpPrintsUsage() {
    Run r = run("--help");
    assertEquals(0, r.status());
    assertTrue(r.out().contains("--cache-bytes"));
  }

  @Test
  void sizesParseAndFormat() {
    assertEquals(1L << 20, Sizes.parse("1m"));
    assertEquals(512L << 10, Sizes.parse("512K"));
    assertEquals(3L << 30, Sizes.parse("3g"));
    assertEquals(1000, Sizes.parse("1000"));
    assertEquals("4m", Sizes.format(4L << 20));
    assertEquals("1000", Sizes.format(1000));
  }

  private static void assertBad(int status, String fragment, String... args) {
    Run r = run(args);
    assertEquals(status, r.status(), r.err());
    assertTrue(r.err().contains(fragment), r.err());
  }

  private static JsonObject find(JsonArray results, String policy, long size) {
    for (int i = 0; i < results.size(); i++) {
      JsonObject x = results.getJsonObject(i);
      if (x.getString("policy").equals(policy) && x.getLong("cache_bytes") == size) {
        return x;
      }
    }
    assertNull(policy + "@" + size, "not in the report");
    return null;
  }
}
