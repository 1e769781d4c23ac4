package io.pyrope.ai.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The small synthetic trace of the tests and of docs/simulator.md's example
 * (src/test/resources/traces/synthetic-small.jsonl), generated deterministically:
 *
 * <ul>
 *   <li>{@value #SEARCHES} searches of {@value #QUERIES} queries drawn with Zipf(1) popularity,
 *       {@value #STEP_MS} ms apart, tenant demo, index qqp;
 *   <li>query q is in group q/4 (four paraphrases per cluster); its key is {@code l1:<q hex>},
 *       except that queries with q % 10 = 4 share the key of q − 1, which is in another group
 *       (a tolerant-key collision: those hits are wrong hits);
 *   <li>its answer (result_ids, also the truth) is the group's ids g×100 … g×100+3 plus one id of
 *       its own (10000 + q): a hit from a paraphrase's entry has recall 0.8, from another group 0;
 *   <li>bytes 1500 + 250 × (q mod 9), cost 2000 + (7919 q mod 30000);
 *   <li>after half of the searches, a scan burst of {@value #SCAN} one-time queries; at three
 *       quarters, one write to demo/qqp (it invalidates the whole index).
 * </ul>
 *
 * Regenerate with the test {@code SimulateMainTest#syntheticTraceIsUpToDate} (it fails and says
 * how when the file differs from what this class produces).
 */
final class SyntheticTrace {
  static final int QUERIES = 120;
  static final int SEARCHES = 800;
  static final int SCAN = 200;
  static final int STEP_MS = 20;
  static final long SEED = 10;
  static final String RESOURCE = "src/test/resources/traces/synthetic-small.jsonl";

  private SyntheticTrace() {}

  static String generate() {
    Random rnd = new Random(SEED);
    double[] cdf = new double[QUERIES];
    double sum = 0;
    for (int q = 0; q < QUERIES; q++) {
      sum += 1.0 / (q + 1);
      cdf[q] = sum;
    }
    StringBuilder sb = new StringBuilder();
    long time = 0;
    for (int i = 0; i < SEARCHES; i++) {
      if (i == SEARCHES / 2) {
        for (int s = 0; s < SCAN; s++) {
          time += STEP_MS;
          sb.append(search(time, "l1:scan" + s, 1000 + s, 20000 + s, 2500, null)).append('\n');
        }
      }
      if (i == 3 * SEARCHES / 4) {
        time += STEP_MS;
        sb.append(new JsonObject().put("schema", TraceReader.SCHEMA).put("time_ms", time).put("tenant", "demo")
            .put("index", "qqp").put("op", "write").encode()).append('\n');
      }
      time += STEP_MS;
      double u = rnd.nextDouble() * sum;
      int q = 0;
      while (cdf[q] < u) {
        q++;
      }
      int keyQuery = q % 10 == 4 ? q - 1 : q;
      sb.append(search(time, "l1:" + Integer.toHexString(keyQuery), q / 4, 2000 + (7919L * q) % 30000,
          1500 + 250 * (q % 9), q)).append('\n');
    }
    return sb.toString();
  }

  private static String search(long time, String key, long group, long cost, long bytes, Integer q) {
    JsonArray ids = new JsonArray();
    if (q != null) {
      for (int k = 0; k < 4; k++) {
        ids.add(group * 100 + k);
      }
      ids.add(10000 + q);
    } else {
      ids.add(50000 + group);
    }
    return new JsonObject().put("schema", TraceReader.SCHEMA).put("time_ms", time).put("tenant", "demo")
        .put("index", "qqp").put("op", "search").put("key", key).put("cost", cost).put("bytes", bytes)
        .put("top_k", 5).put("result_ids", ids).put("group", group).encode();
  }

  /** Writes the resource (run from the ai-controller directory). */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : RESOURCE);
    Files.writeString(out, generate(), StandardCharsets.UTF_8);
  }
}
