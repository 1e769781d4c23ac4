package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.IntDataset;
import io.pyrope.dataset.Recall;
import io.pyrope.dataset.VectorFiles;
import io.pyrope.node.PyropeNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Recall@10 over RESP, on the real datasets with their shipped ground truth: the whole path
 * (client → RESP → bus → engine → FAISS) is measured, not just the binding.
 */
class VecRecallTest {
  private static final int K = 10;
  private static PyropeNode node;

  @BeforeAll
  static void startNode() {
    node = TestNodes.shared();
  }

  @AfterAll
  static void dropIndexes() {
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      for (String ix : List.of("sift-flat", "sift-hnsw", "sift-ivf", "qqp-flat", "qqp-hnsw")) {
        try {
          VecClient.send(j, "VEC.DROP", "recall", ix);
        } catch (RuntimeException notCreated) {
          // a failed test may not have created it
        }
      }
    }
  }

  private static double recall(Jedis j, String index, FloatDataset queries, IntDataset truth, String... extra) {
    long[] results = new long[queries.n() * K];
    java.util.Arrays.fill(results, -1);
    for (int q = 0; q < queries.n(); q++) {
      Object[] args = new Object[6 + extra.length];
      args[0] = "recall";
      args[1] = index;
      args[2] = "TOPK";
      args[3] = K;
      args[4] = "VECTOR";
      args[5] = VecClient.blob(queries.data(), q * queries.dim(), queries.dim());
      System.arraycopy(extra, 0, args, 6, extra.length);
      List<String> ids = VecClient.ids(VecClient.send(j, "VEC.SEARCH", args));
      for (int i = 0; i < ids.size(); i++) {
        results[q * K + i] = Long.parseLong(ids.get(i));
      }
    }
    return Recall.atK(results, truth, K);
  }

  private static void create(Jedis j, String index, int dim, String metric, String factory) {
    assertEquals("OK", new String((byte[]) VecClient.send(j, "VEC.CREATE", "recall", index, "DIM", dim, "METRIC",
        metric, "FACTORY", factory)));
  }

  @Test
  void siftsmallFlatHnswAndIvf() throws Exception {
    FloatDataset base = VectorFiles.readFvecs(VecClient.data("siftsmall/siftsmall_base.fvecs"));
    FloatDataset queries = VectorFiles.readFvecs(VecClient.data("siftsmall/siftsmall_query.fvecs"));
    IntDataset truth = VectorFiles.readIvecs(VecClient.data("siftsmall/siftsmall_groundtruth.ivecs"));
    // VEC.BUILD answers once the tail is built: seconds on a busy 2-core machine, past Jedis's 2 s default
    try (Jedis j = new Jedis("127.0.0.1", node.respPort(), 120_000)) {
      for (String[] ix : new String[][] {{"sift-flat", "Flat"}, {"sift-hnsw", "HNSW32"}, {"sift-ivf", "IVF64,Flat"}}) {
        create(j, ix[0], base.dim(), "l2", ix[1]);
        VecClient.load(j, "recall", ix[0], base.data(), base.n(), base.dim());
        VecClient.send(j, "VEC.BUILD", "recall", ix[0]);
      }
      double flat = recall(j, "sift-flat", queries, truth);
      double hnsw = recall(j, "sift-hnsw", queries, truth);
      double ivf = recall(j, "sift-ivf", queries, truth);
      System.out.printf("siftsmall recall@10 over RESP: Flat %.3f HNSW32 %.3f IVF64,Flat %.3f%n", flat, hnsw, ivf);
      assertTrue(flat >= 0.99, "Flat recall " + flat);
      assertTrue(hnsw >= 0.95, "HNSW32 recall " + hnsw);
      assertTrue(ivf >= 0.95, "IVF64,Flat recall at its default nprobe " + ivf);
      // Per-query params reach FAISS: one probe of 64 lists must lose recall.
      double oneProbe = recall(j, "sift-ivf", queries, truth, "PARAMS", "nprobe=1");
      assertTrue(oneProbe < ivf, "nprobe=1 recall " + oneProbe + " should be below the default's " + ivf);
    }
  }

  @Test
  void qqpMinilmCosineFlatAndHnsw() throws Exception {
    FloatDataset base = VectorFiles.readFvecs(VecClient.data("qqp-minilm/qqp50k_minilm_base.fvecs"));
    FloatDataset queries = VectorFiles.readFvecs(VecClient.data("qqp-minilm/qqp1k_minilm_query.fvecs"), 200);
    IntDataset truth = VectorFiles.readIvecs(VecClient.data("qqp-minilm/qqp_minilm_groundtruth_top100_ip.ivecs"), 200);
    try (Jedis j = new Jedis("127.0.0.1", node.respPort(), 120_000)) {
      for (String[] ix : new String[][] {{"qqp-flat", "Flat"}, {"qqp-hnsw", "HNSW32"}}) {
        create(j, ix[0], base.dim(), "cosine", ix[1]);
        VecClient.load(j, "recall", ix[0], base.data(), base.n(), base.dim());
        VecClient.send(j, "VEC.BUILD", "recall", ix[0]);
      }
      double flat = recall(j, "qqp-flat", queries, truth);
      double hnsw = recall(j, "qqp-hnsw", queries, truth);
      System.out.printf("qqp-minilm recall@10 over RESP (200 queries): Flat %.3f HNSW32 %.3f%n", flat, hnsw);
      assertTrue(flat >= 0.99, "Flat recall " + flat);
      assertTrue(hnsw >= 0.95, "HNSW32 recall " + hnsw);
    }
  }
}
