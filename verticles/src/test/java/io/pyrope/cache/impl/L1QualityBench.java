package io.pyrope.cache.impl;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.bus.vec.RecordInput;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.cache.CacheQuery;
import io.pyrope.cache.policy.Admission;
import io.pyrope.cache.policy.Consistency;
import io.pyrope.cache.policy.EvictionMode;
import io.pyrope.cache.policy.PolicyRule;
import io.pyrope.cache.policy.PolicyTable;
import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.VectorFiles;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.engine.VectorIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * L1 quality on qqp-minilm (docs/benchmarks/cache.md): for several SimHash widths, the hit rate
 * of the tolerant key and the recall@10 of what it serves against an uncached exact search of
 * the very query asked. Two streams per width, on a fresh cache:
 * <ol>
 *   <li>the 1,000 queries in order (lookup, then search and admit on a miss): hits here are
 *       different questions sharing a bucket;
 *   <li>then each query again, perturbed by a random direction of relative size ε (cosine to the
 *       original ≈ 1/√(1+ε²)): a repeat "in other words".
 * </ol>
 * Runs only with {@code -Dpyrope.bench.l1=true}; prints a markdown table.
 */
@EnabledIfSystemProperty(named = "pyrope.bench.l1", matches = "true")
class L1QualityBench {
  private static final int K = 10;
  private static final int[] WIDTHS = {8, 12, 16, 24};
  private static final double[] EPSILONS = {0.05, 0.1, 0.2, 0.4};
  private static final long SEED = 7;

  @Test
  void measure() throws Exception {
    String root = System.getProperty("pyrope.shared.data", "../../shared/data");
    FloatDataset base = VectorFiles.readFvecs(Path.of(root, "qqp-minilm/qqp50k_minilm_base.fvecs"));
    FloatDataset queries = VectorFiles.readFvecs(Path.of(root, "qqp-minilm/qqp1k_minilm_query.fvecs"));
    try (IndexRegistry registry = new IndexRegistry()) {
      VectorIndex ix = registry.create(new CreateIndexRequest("bench", "qqp", base.dim(), "cosine", "Flat", Map.of()));
      List<RecordInput> batch = new ArrayList<>();
      for (int i = 0; i < base.n(); i++) {
        batch.add(new RecordInput(Integer.toString(i), base.row(i), null, List.of(), Map.of()));
        if (batch.size() == 1000) {
          ix.add(batch);
          batch = new ArrayList<>();
        }
      }
      ix.build().get();
      int n = queries.n();
      float[][] q = new float[n][];
      List<List<String>> truth = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        q[i] = queries.row(i);
        truth.add(ids(ix.search(q[i], K, null, null, false)));
      }
      float[][][] pert = new float[EPSILONS.length][n][];
      List<List<List<String>>> pertTruth = new ArrayList<>();
      Random rnd = new Random(SEED);
      for (int e = 0; e < EPSILONS.length; e++) {
        List<List<String>> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          pert[e][i] = perturb(q[i], EPSILONS[e], rnd);
          t.add(ids(ix.search(pert[e][i], K, null, null, false)));
        }
        pertTruth.add(t);
      }
      System.out.println("| bits | stream | queries | L1 hit rate | recall@10 of L1-served | recall@10 overall |");
      System.out.println("|---|---|---|---|---|---|");
      for (int bits : WIDTHS) {
        PolicyRule rule = new PolicyRule("*", "*", Admission.ALWAYS, 0, 0, 1, Consistency.EPOCH, 1);
        ResultCache cache = new ResultCache(registry, new SimpleMeterRegistry(), System::nanoTime, 1L << 34, bits, 42,
            new PolicyTable(1, EvictionMode.SCORE, 1L << 34, Map.of(), List.of(rule)), rule);
        IndexShard shard = cache.shard("bench", "qqp");
        Stats raw = new Stats();
        for (int i = 0; i < n; i++) {
          CacheQuery cq = query(q[i], K);
          CacheEntry hit = cache.lookup(shard, rule, cq);
          if (hit != null) {
            raw.hit(recall(hit.ids().subList(0, Math.min(K, hit.ids().size())), truth.get(i)));
          } else {
            SearchReply r = ix.search(q[i], ResultCache.searchK(rule, K), null, null, false);
            cache.offer(shard, rule, cq, r, CacheFixture.rendered(r));
            raw.miss();
          }
        }
        row(bits, "original 1k, in order", raw);
        for (int e = 0; e < EPSILONS.length; e++) {
          Stats s = new Stats();
          for (int i = 0; i < n; i++) {
            CacheEntry hit = cache.lookup(shard, rule, query(pert[e][i], K));
            if (hit != null) {
              s.hit(recall(hit.ids().subList(0, Math.min(K, hit.ids().size())), pertTruth.get(e).get(i)));
            } else {
              s.miss();
            }
          }
          double cos = 1 / Math.sqrt(1 + EPSILONS[e] * EPSILONS[e]);
          row(bits, String.format(Locale.ROOT, "perturbed ε=%.2f (cos≈%.4f)", EPSILONS[e], cos), s);
        }
      }
    }
  }

  private static final class Stats {
    int hits;
    int total;
    double recallSum;

    void hit(double recall) {
      hits++;
      total++;
      recallSum += recall;
    }

    void miss() {
      total++;
    }
  }

  private static void row(int bits, String stream, Stats s) {
    double servedRecall = s.hits == 0 ? Double.NaN : s.recallSum / s.hits;
    double overall = (s.recallSum + (s.total - s.hits)) / s.total; // misses are searched: recall 1
    System.out.printf(Locale.ROOT, "| %d | %s | %d | %.1f%% | %s | %.3f |%n", bits, stream, s.total,
        100.0 * s.hits / s.total, s.hits == 0 ? "–" : String.format(Locale.ROOT, "%.3f", servedRecall), overall);
  }

  private static CacheQuery query(float[] v, int k) {
    return new CacheQuery("bench", "qqp", CacheFixture.blob(v), false, b -> v, null, k, false, 0, 0);
  }

  private static List<String> ids(SearchReply r) {
    return r.hits().stream().map(SearchReply.Hit::id).toList();
  }

  private static double recall(List<String> got, List<String> truth) {
    Set<String> t = new HashSet<>(truth);
    int n = 0;
    for (String id : got) {
      n += t.contains(id) ? 1 : 0;
    }
    return (double) n / truth.size();
  }

  /** q + ε‖q‖·u for a random unit direction u. */
  private static float[] perturb(float[] q, double eps, Random rnd) {
    double qn = 0;
    double gn = 0;
    double[] g = new double[q.length];
    for (int i = 0; i < q.length; i++) {
      qn += (double) q[i] * q[i];
      g[i] = rnd.nextGaussian();
      gn += g[i] * g[i];
    }
    double scale = eps * Math.sqrt(qn) / Math.sqrt(gn);
    float[] out = new float[q.length];
    for (int i = 0; i < q.length; i++) {
      out[i] = (float) (q[i] + scale * g[i]);
    }
    return out;
  }
}
