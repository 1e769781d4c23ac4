package io.pyrope.engine;

import static io.pyrope.engine.Fixtures.create;
import static io.pyrope.engine.Fixtures.rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.vec.IndexStats;
import io.pyrope.bus.vec.RecordInput;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.dataset.Recall;
import io.pyrope.search.faiss.Faiss;
import io.pyrope.search.faiss.SearchParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recall@10 on siftsmall (10k × 128, L2) after loading through the normal write path and a
 * rebuild, at each index's default search parameters.
 */
class SiftRecallTest {
  private static final int K = 10;
  private static final int BATCH = 1000;

  private static IndexRegistry registry;

  @BeforeAll
  static void setUp() {
    registry = new IndexRegistry();
    Faiss.setThreadCount(1); // searches run like on a worker thread: one query, one OpenMP thread
  }

  @AfterAll
  static void tearDown() {
    registry.close();
  }

  @Test
  void flatRecallIsExact() throws Exception {
    assertTrue(recall("flat", "Flat") >= 0.99);
  }

  @Test
  void hnsw32RecallAtDefaultEf() throws Exception {
    assertTrue(recall("hnsw", "HNSW32") >= 0.95);
  }

  @Test
  void ivf64RecallAtDefaultNprobe() throws Exception {
    assertTrue(recall("ivf", "IVF64,Flat") >= 0.95);
  }

  private static double recall(String name, String factory) throws Exception {
    Fixtures.Sift sift = Fixtures.Sift.get();
    VectorIndex index = registry.create(create(name, sift.base().dim(), "l2", factory, Map.of()));
    long t0 = System.nanoTime();
    for (int from = 0; from < sift.base().n(); from += BATCH) {
      List<RecordInput> batch = new ArrayList<>(BATCH);
      for (int i = from; i < Math.min(sift.base().n(), from + BATCH); i++) {
        batch.add(rec(Integer.toString(i), sift.base().row(i)));
      }
      index.add(batch);
    }
    long loaded = System.nanoTime();
    BuildReport build = index.build().get(60, TimeUnit.SECONDS);
    long built = System.nanoTime();
    IndexStats stats = index.stats();
    int tailRows = ((Number) stats.fields().get("tail_rows")).intValue();
    int headRows = ((Number) stats.fields().get("head_rows")).intValue();
    assertEquals(sift.base().n(), tailRows + headRows);
    if (!factory.equals("Flat")) {
      assertEquals(sift.base().n(), tailRows, "the rebuild moved every row into the tail");
    }

    int nq = sift.queries().n();
    long[] labels = new long[nq * K];
    long cost = 0;
    long s0 = System.nanoTime();
    for (int q = 0; q < nq; q++) {
      SearchReply r = index.search(sift.queries().row(q), K, null, SearchParams.DEFAULTS, false);
      assertEquals(K, r.hits().size());
      for (int i = 0; i < K; i++) {
        labels[q * K + i] = Long.parseLong(r.hits().get(i).id());
      }
      cost += r.proxyCost();
    }
    long s1 = System.nanoTime();
    double recall = Recall.atK(labels, sift.truth(), K);
    System.out.printf("recall %s (%s): recall@10=%.4f load=%d ms build=%d ms (%s) search=%.1f us/query"
            + " proxyCost=%d/query%n", name, factory, recall, (loaded - t0) / 1_000_000, (built - loaded) / 1_000_000,
        build, (s1 - s0) / 1000.0 / nq, cost / nq);
    return recall;
  }
}
