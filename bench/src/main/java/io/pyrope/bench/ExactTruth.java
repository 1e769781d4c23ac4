package io.pyrope.bench;

import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.IntDataset;
import io.pyrope.search.faiss.Faiss;
import io.pyrope.search.faiss.FaissIndex;
import io.pyrope.search.faiss.FaissMetric;
import io.pyrope.search.faiss.SearchParams;
import java.util.Arrays;

/**
 * Exact ground truth for datasets that ship none (Fashion-MNIST's IDX files): the top k of every
 * query by brute force, with a FAISS {@code Flat} index built in this process (exhaustive, so
 * exact up to float rounding and ties), queries searched in batches with FAISS's OpenMP threads.
 * Ids are base row numbers, as {@code load} assigns them. Cost: queries × base × dim
 * multiply-adds (10,000 × 60,000 × 784 ≈ 4.7·10^11: tens of seconds on 2 cores).
 */
final class ExactTruth {
  /** Queries per FAISS call: big enough for BLAS, small enough for a progress line. */
  private static final int BATCH = 256;

  private ExactTruth() {}

  static IntDataset compute(FloatDataset base, FloatDataset queries, int k, String metric, boolean quiet) {
    if (k > base.n()) {
      throw new BenchException("--k " + k + " is more than the " + base.n() + " base vectors");
    }
    boolean cosine = metric.equals("cosine");
    FloatDataset b = cosine ? Datasets.normalized(base) : base;
    FloatDataset q = cosine ? Datasets.normalized(queries) : queries;
    int[] ids = new int[q.n() * k];
    Progress progress = Progress.start("exact ground truth by brute force", q.n(), quiet);
    try (FaissIndex flat = Faiss.create(b.dim(), "Flat", metric.equals("l2") ? FaissMetric.L2
        : FaissMetric.INNER_PRODUCT)) {
      flat.add(b.data(), b.n());
      float[] dist = new float[BATCH * k];
      long[] labels = new long[BATCH * k];
      for (int from = 0; from < q.n(); from += BATCH) {
        int n = Math.min(BATCH, q.n() - from);
        flat.search(Arrays.copyOfRange(q.data(), from * q.dim(), (from + n) * q.dim()), n, k, SearchParams.DEFAULTS,
            null, dist, labels);
        for (int i = 0; i < n * k; i++) {
          ids[from * k + i] = (int) labels[i];
        }
        progress.update(from + n);
      }
    } finally {
      progress.done();
    }
    return new IntDataset(q.n(), k, ids);
  }
}
