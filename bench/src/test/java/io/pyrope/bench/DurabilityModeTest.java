package io.pyrope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * {@code durability} against two real nodes in this JVM, one with the WAL (its embedded broker)
 * and one without: it loads into both, alternating, leaves no index behind, and refuses ports that
 * do not name one node of each kind.
 */
class DurabilityModeTest {
  static final int N = 300;
  static final int DIM = 8;

  @TempDir
  static Path dir;
  static PyropeNode durable;
  static PyropeNode plain;
  static Path base;

  @BeforeAll
  static void start() throws Exception {
    base = TestData.fvecs(dir.resolve("base.fvecs"), TestData.random(N, DIM, 5), DIM);
    durable = node("durable", true);
    plain = node("plain", false);
  }

  private static PyropeNode node(String name, boolean wal) throws Exception {
    return PyropeNode.start(ConfigLoader.load(List.of("--data.dir=" + Files.createDirectories(dir.resolve(name)),
        "--resp.port=0", "--http.port=0", "--kafka.embedded.port=0", "--wal.enabled=" + wal), Map.of()));
  }

  @AfterAll
  static void stop() {
    for (PyropeNode n : new PyropeNode[] {durable, plain}) {
      if (n != null) {
        n.close();
      }
    }
  }

  private static String[] args(int durablePort, int plainPort, String... more) {
    List<String> a = new java.util.ArrayList<>(List.of("durability", "--durable-port", Integer.toString(durablePort),
        "--plain-port", Integer.toString(plainPort), "--dataset", base.toString(), "--metric", "l2", "--batch", "50",
        "--connections", "2", "--pipeline", "2", "--quiet"));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  private static int run(String[] args, ByteArrayOutputStream out, ByteArrayOutputStream err) {
    return BenchMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void loadsBothNodesRoundByRoundAndReportsRatesCpuAndTargets() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(args(durable.respPort(), plain.respPort(), "--rounds", "3", "--warmup", "1", "--json", "-"), out,
        err);
    assertEquals(BenchMain.EXIT_OK, code, () -> err.toString(StandardCharsets.UTF_8));
    JsonObject d = new JsonObject(out.toString(StandardCharsets.UTF_8)).getJsonObject("durability");
    JsonArray rounds = d.getJsonArray("rounds");
    assertEquals(3, rounds.size());
    for (int i = 0; i < rounds.size(); i++) {
      JsonObject r = rounds.getJsonObject(i);
      assertTrue(r.getDouble("durable_vectors_per_second") > 0, r::encode);
      assertTrue(r.getDouble("plain_vectors_per_second") > 0, r::encode);
      assertEquals(r.getDouble("durable_vectors_per_second") / r.getDouble("plain_vectors_per_second"),
          r.getDouble("ratio"), 1e-3, r::encode);
      assertTrue(r.getDouble("durable_node_cpu_us_per_vector") > 0, r::encode);
    }
    double[] ratios = new double[rounds.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = rounds.getJsonObject(i).getDouble("ratio");
    }
    java.util.Arrays.sort(ratios);
    double median = d.getDouble("median_of_round_ratios");
    assertEquals(ratios[1], median, 1e-3, "the middle of three rounds");
    assertEquals(median >= DurabilityMode.TARGET_RATIO, d.getBoolean("target_ratio_met"));
    // every load's index was dropped again, on both nodes
    assertTrue(durable.indexes().all().isEmpty(), () -> durable.indexes().all().toString());
    assertTrue(plain.indexes().all().isEmpty(), () -> plain.indexes().all().toString());
  }

  @Test
  void portsThatDoNotNameOneNodeOfEachKindAreRefused() {
    assertTrue(fails(args(plain.respPort(), durable.respPort())).contains("wal.enabled=false; it must be one with "
        + "wal.enabled=true"));
    assertTrue(fails(args(durable.respPort(), durable.respPort())).contains("must be two nodes"));
    assertTrue(fails("durability", "--plain-port", "6380").contains("durability needs --durable-port"));
    assertTrue(fails(args(durable.respPort(), plain.respPort(), "--rounds", "0")).contains("--rounds"));
  }

  private static String fails(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(args, out, err);
    String e = err.toString(StandardCharsets.UTF_8);
    assertEquals(BenchMain.EXIT_USAGE, code, e);
    assertEquals(1, e.strip().lines().count(), () -> "not one line: " + e);
    assertFalse(e.contains("Exception"), e);
    return e;
  }
}
