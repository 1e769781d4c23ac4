package io.pyrope.search.faiss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The C++ reference loop runs and is comparable with the same loop through JNA. Timing is
 * printed, not asserted (shared CI machines are noisy); see the test output for the numbers.
 */
class FaissBenchLoopTest {

  @Test
  void cppLoopAndJnaLoopRunTheSameSearches() {
    SiftSmall sift = SiftSmall.get();
    int nq = sift.queries.n();
    int k = 10;
    int iters = 5;
    SearchParams params = SearchParams.ofEfSearch(32);
    float[] queries = sift.queries.data();
    int threadsBefore = Faiss.threadCount();
    Faiss.setThreadCount(1); // per thread: restored below, other test classes run on this thread
    try (FaissIndex index = Faiss.create(SiftSmall.DIM, "HNSW32", FaissMetric.L2)) {
      index.add(sift.base.data(), sift.base.n());
      Faiss.benchSearchLoopNanos(index, queries, nq, k, params, 2); // warm-up
      long cpp = Faiss.benchSearchLoopNanos(index, queries, nq, k, params, iters);

      float[] query = new float[SiftSmall.DIM];
      float[] distances = new float[k];
      long[] labels = new long[k];
      for (int warm = 0; warm < 2 * nq; warm++) {
        System.arraycopy(queries, (warm % nq) * SiftSmall.DIM, query, 0, SiftSmall.DIM);
        index.search(query, 1, k, params, null, distances, labels);
      }
      long start = System.nanoTime();
      for (int it = 0; it < iters; it++) {
        for (int q = 0; q < nq; q++) {
          System.arraycopy(queries, q * SiftSmall.DIM, query, 0, SiftSmall.DIM);
          index.search(query, 1, k, params, null, distances, labels);
        }
      }
      long jna = System.nanoTime() - start;
      int searches = nq * iters;
      System.out.printf("HNSW32 efSearch=32 k=10, %d single-query searches, 1 OpenMP thread:%n", searches);
      System.out.printf("  C++ loop %.1f us/search, JNA loop %.1f us/search, overhead %.1f us%n",
          cpp / 1e3 / searches, jna / 1e3 / searches, (jna - cpp) / 1e3 / searches);
      assertTrue(cpp > 0 && jna > 0);
    } finally {
      Faiss.setThreadCount(threadsBefore);
    }
  }
}
